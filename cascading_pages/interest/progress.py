"""Where an expression of interest stands, as the programme team reads it in the admin.

The stored ``status`` says whether it waits for a coach, is under way or is closed. While it waits,
the team also needs to know what has happened: has the coach's email actually gone, were they
reminded, is it with the second choice now? ``with_progress`` works that out in the database from
the outbox (the coach's email for this round, sent or not) and the dates the answers set, so the
list can show it, filter on it and count it without a query per row. Nothing is stored twice.
"""

from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When

from cascading_pages.interest.models import (
    EmailKind,
    EmailRecipient,
    ExpressionOfInterest,
    Status,
    outbox_kind,
)
from cascading_pages.mail.models import OutboxEmail


class Progress(models.TextChoices):
    NOT_EMAILED = "not-emailed", "New: coach not emailed yet"
    COACH_EMAILED = "coach-emailed", "Coach emailed"
    COACH_REMINDED = "coach-reminded", "Coach reminded"
    SECOND_CHOICE_EMAILED = "second-choice-emailed", "First choice declined: second choice emailed"
    COACH_CONTACTED = Status.COACH_CONTACTED.value, "Coach contacted by the team"
    ACCEPTED = Status.ACCEPTED.value, "Accepted by the coach"
    COACHING_STARTED = Status.COACHING_STARTED.value, Status.COACHING_STARTED.label
    COMPLETED = Status.COMPLETED.value, Status.COMPLETED.label
    WITHDRAWN = Status.WITHDRAWN.value, Status.WITHDRAWN.label
    NOT_MATCHED = Status.NOT_MATCHED.value, "Closed: no chosen coach could take it on"


# The email that asks the coach of each round: the first choice, then the second.
FIRST_CHOICE_EMAIL = outbox_kind(EmailKind.RECEIVED, EmailRecipient.COACH)
SECOND_CHOICE_EMAIL = outbox_kind(EmailKind.OFFER, EmailRecipient.COACH)


def with_progress(queryset):
    """``queryset`` with ``progress``, one of ``Progress``'s values, on every row."""
    sent = OutboxEmail.objects.about_model(ExpressionOfInterest).filter(
        about_id=OuterRef("pk"), state=OutboxEmail.State.SENT
    )
    waiting = Q(status=Status.NEW)
    return queryset.annotate(
        first_coach_emailed=Exists(sent.filter(kind=FIRST_CHOICE_EMAIL)),
        second_coach_emailed=Exists(sent.filter(kind=SECOND_CHOICE_EMAIL)),
    ).annotate(
        progress=Case(
            When(
                waiting & Q(passed_on_at__isnull=True, first_coach_emailed=False),
                then=Value(Progress.NOT_EMAILED),
            ),
            When(
                waiting & Q(passed_on_at__isnull=False, second_coach_emailed=False),
                then=Value(Progress.NOT_EMAILED),
            ),
            When(waiting & Q(reminded_at__isnull=False), then=Value(Progress.COACH_REMINDED)),
            When(waiting & Q(passed_on_at__isnull=False), then=Value(Progress.SECOND_CHOICE_EMAILED)),
            When(waiting, then=Value(Progress.COACH_EMAILED)),
            default="status",
            output_field=models.CharField(),
        )
    )


def progress_label(submission):
    """The label of ``submission.progress`` (from ``with_progress``), or of its status without it."""
    value = getattr(submission, "progress", None) or submission.status
    return Progress(value).label if value in Progress.values else submission.get_status_display()
