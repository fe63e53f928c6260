"""What a coach does about the leaders who asked for them: in their admin, or from an email link.

"My leaders" (behind the coach's admin lockdown, ``cascading_pages.coaches.lockdown``) lists the
expressions of interest the coach is asked about or has taken on, each answered on its own screen.
A coach only ever reaches expressions of interest whose ``current_coach`` is their own profile:
anything else is a 404. The signed link in the coach's email (``signed_links``) gives the same
answer without logging in.
"""

from django import forms
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from wagtail.admin import messages
from wagtail.admin.auth import permission_denied

from cascading_pages import signed_links
from cascading_pages.coaches import availability
from cascading_pages.coaches.accounts import coach_page_for
from cascading_pages.coaches.models import CoachPage
from cascading_pages.interest import responses
from cascading_pages.interest.models import ExpressionOfInterest
from cascading_pages.programme.models import ProgrammeSettings


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


def answering_context(coach, submissions):
    """What a coach needs beside the leaders they are answering: each waiting one's deadline
    (``answer_by`` on the submission, from the Programme settings' days to answer), and whether
    they are at capacity, when accepting fails until they raise it."""
    settings = ProgrammeSettings.for_page(coach)
    for submission in submissions:
        waiting = submission.is_awaiting_answer and submission.asked_at is not None
        submission.answer_by = responses.answer_due_at(submission, settings) if waiting else None
    state = availability.state_for(coach)
    active = availability.active_leaders(coach)
    return {"state": state, "active": active, "at_capacity": active >= state.capacity}


# --- in the admin -------------------------------------------------------------------------------


def my_leaders(request):
    coach = coach_page_for(request.user)
    if coach is None:
        return permission_denied(request)
    submissions = list(ExpressionOfInterest.objects.for_coach(coach).order_by("-asked_at", "-pk"))
    return TemplateResponse(
        request,
        "cascading_pages/admin/my_leaders.html",
        {"coach": coach, "submissions": submissions, **answering_context(coach, submissions)},
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
        {"coach": coach, "submission": submission, "form": form, **answering_context(coach, [submission])},
    )


# --- from an email link -------------------------------------------------------------------------


@signed_links.link_view
def coach_response(request, token):
    try:
        link = signed_links.read_token(token, signed_links.COACH_RESPONSE)
    except signed_links.LinkError as exc:
        return signed_links.problem_page(request, str(exc))
    submission = ExpressionOfInterest.objects.filter(pk=link.object_id).first()
    coach = CoachPage.objects.filter(pk=link.extra).first() if link.extra else None
    if submission is None or coach is None:
        return signed_links.problem_page(request, "This expression of interest is no longer held.")
    form = ResponseForm(request.POST or None)
    done = None
    waiting = submission.current_coach_id == coach.pk and submission.is_awaiting_answer
    if request.method == "POST" and waiting and form.is_valid():
        try:
            done = answer(submission, coach, form, link=link)
        except signed_links.LinkError as exc:  # used meanwhile: another click of the same link won
            return signed_links.problem_page(request, str(exc))
    return TemplateResponse(
        request,
        "cascading_pages/pages/coach_response.html",
        {
            "submission": submission,
            "coach": coach,
            "form": form,
            "waiting": waiting,
            "done": done,
            **answering_context(coach, [submission]),
        },
    )
