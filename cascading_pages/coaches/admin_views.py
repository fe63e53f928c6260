"""The admin screens editors manage coaches with (login, availability), and a coach's "my profile" shortcut."""

from django import forms
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from wagtail.admin import messages
from wagtail.admin.auth import permission_denied

from cascading_pages.coaches import availability
from cascading_pages.coaches.accounts import CoachAccountError, coach_page_for, invite_coach, remove_coach
from cascading_pages.coaches.forms import AvailabilityForm
from cascading_pages.coaches.models import MANAGE_COACH_ACCOUNTS, CoachPage


class InviteCoachForm(forms.Form):
    email = forms.EmailField(
        label="Coach's email address",
        help_text="Their login. They are emailed a link to choose a password; nobody else ever knows it.",
    )


class RemoveCoachForm(forms.Form):
    profile = forms.ChoiceField(
        label="What happens to their public profile?",
        choices=[("keep", "Keep it published"), ("unpublish", "Unpublish it")],
        widget=forms.RadioSelect,
    )


class CoachAvailabilityForm(AvailabilityForm):
    """The coach's own availability form, in the words an editor reads it in."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["declared"].label = "Their availability"
        self.fields[
            "declared"
        ].help_text = "“Full” shows them as not taking new leaders, at once, whatever their capacity."
        self.fields["capacity"].label = "Leaders they can coach at once"
        self.fields["capacity"].help_text = "Leaders they have accepted and are coaching count towards this."
        self.fields["paused"].label = "Pause new leaders"
        self.fields[
            "paused"
        ].help_text = "For a holiday or a busy period: they show as not taking new leaders."


def editable_coach_page(request, page_id):
    """The profile an editor manages the login of, or None when they may not."""
    page = get_object_or_404(CoachPage, pk=page_id)
    if (
        not request.user.has_perm(MANAGE_COACH_ACCOUNTS)
        or not page.permissions_for_user(request.user).can_edit()
    ):
        return None
    return page


def invite(request, page_id):
    page = editable_coach_page(request, page_id)
    if page is None:
        return permission_denied(request)
    form = InviteCoachForm(
        request.POST or None, initial={"email": page.account.email if page.account else page.contact_email}
    )
    if request.method == "POST" and form.is_valid():
        try:
            user = invite_coach(
                page,
                form.cleaned_data["email"],
                invited_by=request.user,
            )
        except CoachAccountError as exc:
            form.add_error("email", str(exc))
        else:
            messages.success(
                request,
                f"The invitation to {user.email}, with a link to set their password, is queued to be sent. "
                "If it cannot be sent, it shows as failed in the Outbox.",
            )
            return redirect("wagtailadmin_pages:edit", page.pk)
    return TemplateResponse(request, "cascading_pages/admin/invite_coach.html", {"page": page, "form": form})


def remove(request, page_id):
    page = editable_coach_page(request, page_id)
    if page is None:
        return permission_denied(request)
    if page.account is None:
        messages.error(request, f"“{page.title}” has no coach login to remove.")
        return redirect("wagtailadmin_pages:edit", page.pk)
    form = RemoveCoachForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = remove_coach(
            page, unpublish=form.cleaned_data["profile"] == "unpublish", removed_by=request.user
        )
        messages.success(request, f"{user.email} can no longer log in.")
        return redirect("wagtailadmin_pages:edit", page.pk)
    return TemplateResponse(request, "cascading_pages/admin/remove_coach.html", {"page": page, "form": form})


def my_profile(request):
    """Where a coach's "My profile" menu item goes: straight into their own profile's editor."""
    page = coach_page_for(request.user)
    if page is None:
        return permission_denied(request)
    return redirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))


def coach_availability(request, page_id):
    """An editor sets what a coach declares, their capacity or pause for them, as the coach could
    under "My availability"."""
    page = editable_coach_page(request, page_id)
    if page is None:
        return permission_denied(request)
    state = availability.state_for(page)
    form = CoachAvailabilityForm(request.POST or None, instance=state)
    if request.method == "POST" and form.is_valid():
        availability.update_state(page, **form.cleaned_data)
        messages.success(request, f"The availability of “{page.title}” has been saved.")
        return redirect("wagtailadmin_pages:edit", page.pk)
    page.refresh_from_db(fields=["accepting_new_leaders"])
    return TemplateResponse(
        request,
        "cascading_pages/admin/coach_availability.html",
        {"page": page, "state": state, "form": form, "active": availability.active_leaders(page)},
    )
