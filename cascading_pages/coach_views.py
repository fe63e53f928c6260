"""What a coach does about leaders and availability: in their admin, or from a link in an email.

Admin (behind the coach allowlist, see middleware.py): "My leaders" lists the expressions of
interest the coach is asked about or has taken on, each answered on its own screen; "My
availability" sets their capacity and pause and confirms their profile. A coach only ever reaches
expressions of interest whose ``current_coach`` is their own profile: anything else is a 404.

Email links (``signed_links``): the same answer or confirmation without logging in.
"""

from django import forms
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from wagtail.admin import messages
from wagtail.admin.auth import permission_denied

from . import availability, signed_links
from .coach_accounts import coach_page_for
from .interest import responses
from .models.availability import CoachAvailability
from .models.coaches import CoachPage
from .models.interest import ExpressionOfInterest


class ResponseForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your answer",
        choices=[("accept", "Accept: I will coach them"), ("decline", "Decline: I cannot take them on")],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether you accept or decline.",
            "invalid_choice": "Choose accept or decline.",
        },
    )
    message = forms.CharField(
        label="Message to the leader (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Sent to them with your answer.",
    )


class AvailabilityForm(forms.ModelForm):
    class Meta:
        model = CoachAvailability
        fields = ["capacity", "paused", "available_again_on"]
        widgets = {"available_again_on": forms.DateInput(attrs={"type": "date"})}

    def clean_available_again_on(self):
        day = self.cleaned_data.get("available_again_on")
        if day is not None and day <= timezone.localdate():
            raise forms.ValidationError("Choose a date in the future, or leave it empty.")
        return day


def answer(submission, coach, form, *, by=None, link=None):
    """Apply a valid ``ResponseForm``; returns the message for the coach, or adds a form error."""
    data = form.cleaned_data
    act = responses.accept if data["decision"] == "accept" else responses.decline
    try:
        act(submission, coach, by=by, message=data["message"], link=link)
    except responses.ResponseError as exc:
        form.add_error(None, str(exc))
        return None
    if data["decision"] == "accept":
        return f"You have accepted {submission.leader_name}. We have emailed them; please get in touch with them."
    return f"You have declined {submission.leader_name}. We have told them and passed them on where we can."


# --- in the admin -------------------------------------------------------------------------------


def my_leaders(request):
    coach = coach_page_for(request.user)
    if coach is None:
        return permission_denied(request)
    submissions = ExpressionOfInterest.objects.for_coach(coach).order_by("-asked_at", "-pk")
    return TemplateResponse(
        request,
        "cascading_pages/admin/my_leaders.html",
        {"coach": coach, "submissions": submissions, "state": availability.state_for(coach)},
    )


def respond(request, submission_id):
    coach = coach_page_for(request.user)
    if coach is None:
        return permission_denied(request)
    submission = get_object_or_404(ExpressionOfInterest.objects.for_coach(coach), pk=submission_id)
    form = ResponseForm(request.POST or None)
    if request.method == "POST" and submission.is_awaiting_answer and form.is_valid():
        done = answer(submission, coach, form, by=request.user)
        if done:
            messages.success(request, done)
            return redirect("cascading_pages_admin:my_leaders")
    return TemplateResponse(
        request,
        "cascading_pages/admin/respond.html",
        {"coach": coach, "submission": submission, "form": form},
    )


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


def _link_problem(request, message):
    return TemplateResponse(
        request, "cascading_pages/pages/link_problem.html", {"message": message}, status=400
    )


def coach_response(request, token):
    try:
        link = signed_links.read_token(token, signed_links.COACH_RESPONSE)
    except signed_links.LinkError as exc:
        return _link_problem(request, str(exc))
    submission = ExpressionOfInterest.objects.filter(pk=link.object_id).first()
    coach = CoachPage.objects.filter(pk=link.extra).first() if link.extra else None
    if submission is None or coach is None:
        return _link_problem(request, "This expression of interest is no longer held.")
    form = ResponseForm(request.POST or None)
    done = None
    waiting = submission.current_coach_id == coach.pk and submission.is_awaiting_answer
    if request.method == "POST" and waiting and form.is_valid():
        done = answer(submission, coach, form, link=link)
    return TemplateResponse(
        request,
        "cascading_pages/pages/coach_response.html",
        {"submission": submission, "coach": coach, "form": form, "waiting": waiting, "done": done},
    )


def profile_check(request, token):
    try:
        link = signed_links.read_token(token, signed_links.PROFILE_CHECK)
    except signed_links.LinkError as exc:
        return _link_problem(request, str(exc))
    coach = CoachPage.objects.filter(pk=link.object_id).first()
    if coach is None:
        return _link_problem(request, "This profile is no longer in the directory.")
    done = False
    if request.method == "POST":
        try:
            from django.db import transaction

            with transaction.atomic():
                signed_links.use(link)
                availability.confirm_profile(coach)
        except signed_links.LinkError as exc:
            return _link_problem(request, str(exc))
        done = True
    return TemplateResponse(
        request, "cascading_pages/pages/profile_check.html", {"coach": coach, "done": done}
    )
