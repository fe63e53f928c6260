"""A coach's answer to an expression of interest, and what happens when there is none.

Accepting records the start and tells the leader. Declining, or no answer by the editors' deadline
after one reminder, passes the leader to their second choice when they gave one who is still
taking leaders, and otherwise closes it; either way the leader is told what happened and what to do
next. Every step is a row in the submission's status history, naming the coach it is about.

Each function changes the database in one transaction, queueing its emails in the outbox there (one
per kind, recipient and round, so nothing is ever queued twice); they are sent once it commits.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from cascading_pages import signed_links
from cascading_pages.coaches import availability
from cascading_pages.coaches.models import CoachAvailability, CoachPage
from cascading_pages.interest.mail import queue_email
from cascading_pages.interest.models import EmailKind, EmailRecipient, Event, ExpressionOfInterest, Status
from cascading_pages.programme.models import SettingsPerSite

# However late the scheduler runs, a coach has this long after their reminder before it expires.
GRACE_AFTER_REMINDER = datetime.timedelta(days=2)


class ResponseError(Exception):
    """An answer that cannot be taken; the message is written for the coach."""


class AtCapacity(ResponseError):
    pass


def _locked(submission, coach):
    """The submission, locked, if it is still waiting for ``coach``'s answer."""
    locked = ExpressionOfInterest.objects.select_for_update().get(pk=submission.pk)
    if locked.current_coach_id != coach.pk or not locked.is_awaiting_answer:
        raise ResponseError(
            f"{locked.leader_name or 'This leader'}'s expression of interest is no longer waiting for your "
            "answer: it has already been answered, passed on or closed."
        )
    return locked


def accept(submission, coach, *, by=None, message="", now=None, link=None):
    """``coach`` takes the leader on, unless that would take them beyond their capacity.

    ``link``, a signed email link the answer came from, is used up in the same transaction.
    """
    now = now or timezone.now()
    with transaction.atomic():
        if link is not None:
            signed_links.use(link)
        # The coach's availability row is the lock: two acceptances at once take turns here, and
        # the second counts the first one's leader.
        state = CoachAvailability.objects.select_for_update().get(pk=availability.state_for(coach).pk)
        submission = _locked(submission, coach)
        if availability.active_leaders(coach) >= state.capacity:
            raise AtCapacity(
                f"You are already coaching as many leaders as your capacity ({state.capacity}). "
                "Raise your capacity in “My availability”, or decline so the leader can be passed on."
            )
        submission.status = Status.ACCEPTED
        submission.accepted_at = now
        submission.coach_message = message
        submission.save(update_fields=["status", "accepted_at", "coach_message"])
        submission.status_changes.create(
            status=Status.ACCEPTED,
            event=Event.ACCEPTED,
            coach=coach,
            changed_by=by,
            changed_at=now,
            note=message,
        )
        queue_email(submission, EmailRecipient.LEADER, EmailKind.ACCEPTED, submission.email)
        availability.refresh(coach, now)
    return submission


def decline(submission, coach, *, by=None, message="", now=None, link=None):
    """``coach`` cannot take the leader on: pass them to their second choice, or close it."""
    now = now or timezone.now()
    with transaction.atomic():
        if link is not None:
            signed_links.use(link)
        submission = _locked(submission, coach)
        submission.coach_message = message
        submission.save(update_fields=["coach_message"])
        submission.status_changes.create(
            status=submission.status,
            event=Event.DECLINED,
            coach=coach,
            changed_by=by,
            changed_at=now,
            note=message,
        )
        pass_on(submission, now)
    return submission


def pass_on(submission, now):
    """After a decline or no answer: the second choice if there is one still taking leaders."""
    second = None
    if submission.passed_on_at is None and submission.second_choice_coach_id:
        second = CoachPage.objects.live().accepting_new_leaders().filter(pk=submission.second_choice_coach_id)
        second = second.first()
    if second is not None:
        submission.current_coach = second
        submission.asked_at = now
        submission.reminded_at = None
        submission.passed_on_at = now
        submission.status = Status.NEW
        submission.save(update_fields=["current_coach", "asked_at", "reminded_at", "passed_on_at", "status"])
        submission.status_changes.create(
            status=Status.NEW,
            event=Event.PASSED_ON,
            coach=second,
            changed_at=now,
            note=f"Passed to the second choice, {second.title}.",
        )
        queue_email(submission, EmailRecipient.LEADER, EmailKind.PASSED_ON, submission.email)
        queue_email(submission, EmailRecipient.COACH, EmailKind.OFFER, second.contact_email)
    else:
        why = (
            "No second choice was given."
            if not submission.second_choice_coach_id or submission.passed_on_at
            else "The second-choice coach is not taking new leaders."
        )
        submission.status = Status.NOT_MATCHED
        submission.save(update_fields=["status"])
        submission.status_changes.create(
            status=Status.NOT_MATCHED, event=Event.NOT_MATCHED, changed_at=now, note=why
        )
        queue_email(submission, EmailRecipient.LEADER, EmailKind.NOT_MATCHED, submission.email)


# --- scheduled: reminders and expiry --------------------------------------------------------------


def send_reminders(now, programme_settings=None):
    """One reminder to every coach whose answer is due soon. Returns the submissions reminded.

    ``programme_settings``: the run's ``SettingsPerSite``, so that each site's are read once.
    """
    programme_settings = programme_settings or SettingsPerSite()
    reminded = []
    waiting = ExpressionOfInterest.objects.awaiting_answer().filter(
        reminded_at__isnull=True, asked_at__lte=now
    )
    for submission in waiting.select_related("current_coach", "page"):
        remind_after = programme_settings.for_page(submission.page).remind_after_days
        if now < submission.asked_at + datetime.timedelta(days=remind_after):
            continue
        coach = submission.current_coach
        with transaction.atomic():
            try:
                locked = _locked(submission, coach)
            except ResponseError:
                continue
            if locked.reminded_at is not None:
                continue
            locked.reminded_at = now
            locked.save(update_fields=["reminded_at"])
            locked.status_changes.create(
                status=locked.status, event=Event.REMINDED, coach=coach, changed_at=now, note="Reminder sent."
            )
            queue_email(locked, EmailRecipient.COACH, EmailKind.REMINDER, coach.contact_email)
        reminded.append(locked)
    return reminded


def answer_due_at(submission, settings):
    """When a coach's answer is overdue: the deadline, and never sooner than the reminder's grace.

    ``settings``: the ``ProgrammeSettings`` of the submission's site.
    """
    due = submission.asked_at + datetime.timedelta(days=settings.days_to_answer)
    if submission.reminded_at is not None:
        due = max(due, submission.reminded_at + GRACE_AFTER_REMINDER)
    return due


def expire_unanswered(now, programme_settings=None):
    """Pass on (or close) every expression of interest whose coach did not answer after the reminder."""
    programme_settings = programme_settings or SettingsPerSite()
    expired = []
    waiting = ExpressionOfInterest.objects.awaiting_answer().filter(reminded_at__isnull=False)
    for submission in waiting.select_related("current_coach", "page"):
        if now < answer_due_at(submission, programme_settings.for_page(submission.page)):
            continue
        coach = submission.current_coach
        with transaction.atomic():
            try:
                locked = _locked(submission, coach)
            except ResponseError:
                continue
            locked.status_changes.create(
                status=locked.status,
                event=Event.EXPIRED,
                coach=coach,
                changed_at=now,
                note=f"{coach.title} did not answer in time.",
            )
            pass_on(locked, now)
        expired.append(locked)
    return expired
