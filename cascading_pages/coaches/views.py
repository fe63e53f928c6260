"""What a coach does about their availability: in their admin, or from a link in an email.

"My availability" (behind the coach's admin lockdown, ``cascading_pages.coaches.lockdown``) sets
what they declare (available, limited, full), their capacity and pause and confirms their profile; the "still accurate?" email's signed link
(``signed_links``) confirms it without logging in.
"""

from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from wagtail.admin import messages
from wagtail.admin.auth import permission_denied

from cascading_pages import signed_links
from cascading_pages.coaches import availability
from cascading_pages.coaches.accounts import coach_page_for
from cascading_pages.coaches.forms import AvailabilityForm
from cascading_pages.coaches.models import CoachPage

# --- in the admin -------------------------------------------------------------------------------


def my_availability(request):
    coach = coach_page_for(request.user)
    if coach is None:
        return permission_denied(request)
    state = availability.state_for(coach)
    if request.method == "POST" and "confirm" in request.POST:
        availability.confirm_profile(coach)
        messages.success(request, "Thank you: your profile is confirmed as up to date.")
        return redirect("cascading_pages_admin:my_availability")
    form = AvailabilityForm(request.POST or None, instance=state)
    if request.method == "POST" and form.is_valid():
        availability.update_state(coach, **form.cleaned_data)
        messages.success(request, "Your availability has been saved.")
        return redirect("cascading_pages_admin:my_availability")
    coach.refresh_from_db(fields=["accepting_new_leaders"])
    return TemplateResponse(
        request,
        "cascading_pages/admin/my_availability.html",
        {
            "coach": coach,
            "state": state,
            "form": form,
            "active": availability.active_leaders(coach),
        },
    )


# --- from an email link -------------------------------------------------------------------------


@signed_links.link_view
def profile_check(request, token):
    try:
        link = signed_links.read_token(token, signed_links.PROFILE_CHECK)
    except signed_links.LinkError as exc:
        return signed_links.problem_page(request, str(exc))
    coach = CoachPage.objects.filter(pk=link.object_id).first()
    if coach is None:
        return signed_links.problem_page(request, "This profile is no longer in the directory.")
    done = False
    if request.method == "POST":
        try:
            with transaction.atomic():
                signed_links.use(link)
                availability.confirm_profile(coach)
        except signed_links.LinkError as exc:
            return signed_links.problem_page(request, str(exc))
        done = True
    return TemplateResponse(
        request, "cascading_pages/pages/profile_check.html", {"coach": coach, "done": done}
    )
