"""What the programme team keeps of each expression of interest.

Each submission of the form page (``cascading_pages.interest.pages``) is an ``ExpressionOfInterest``
with real columns for what the programme team filters on, a history of its status, and every email
about it (in the outbox, ``cascading_pages.mail``).
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone
from wagtail.contrib.forms.models import (
    AbstractFormSubmission,
)

from cascading_pages.coaches.models import CoachPage
from cascading_pages.interest.eligibility import IncomeBand, Payment
from cascading_pages.mail.models import OutboxEmail


class Status(models.TextChoices):
    NEW = "new", "New"
    COACH_CONTACTED = "coach-contacted", "Coach contacted"
    ACCEPTED = "accepted", "Accepted by the coach"
    COACHING_STARTED = "coaching-started", "Coaching started"
    COMPLETED = "completed", "Completed"
    WITHDRAWN = "withdrawn", "Withdrawn"
    NOT_MATCHED = "not-matched", "Closed: no chosen coach could take it on"


# Waiting for the coach asked now to accept or decline.
AWAITING_ANSWER = (Status.NEW, Status.COACH_CONTACTED)
# A coaching relationship: counts against the coach's capacity.
ACTIVE = (Status.ACCEPTED, Status.COACHING_STARTED)
# A leader has at most one of these at a time (when the form page says so).
OPEN = AWAITING_ANSWER + ACTIVE


class Event(models.TextChoices):
    """What a step in a submission's history was, besides its status."""

    TEAM = "", "Set by the programme team"
    RECEIVED = "received", "Received and sent to the coach"
    REMINDED = "reminded", "Coach reminded"
    ACCEPTED = "accepted", "Accepted by the coach"
    DECLINED = "declined", "Declined by the coach"
    EXPIRED = "expired", "No answer from the coach in time"
    PASSED_ON = "passed-on", "Passed to the second-choice coach"
    NOT_MATCHED = "not-matched", "No chosen coach could take it on"


class BursaryDecision(models.TextChoices):
    AWAITING = "", "Awaiting a decision"
    AWARDED = "awarded", "Bursary awarded"
    NOT_AWARDED = "not-awarded", "Bursary not awarded"


_CHOICE_LABELS = {"income_band": dict(IncomeBand.choices), "payment": dict(Payment.choices)}


def display_value(name, value):
    """How a stored answer reads in the admin listing and exports."""
    if name in _CHOICE_LABELS:
        return _CHOICE_LABELS[name].get(value, value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return value


class DeletionRefused(PermissionDenied):
    """An expression of interest leaves only through a leader's data request, never by a delete."""

    def __init__(self):
        super().__init__(
            "Expressions of interest are deleted only by the erasure command "
            "(manage.py leader_personal_data erase EMAIL --yes)."
        )


class ExpressionOfInterestQuerySet(models.QuerySet):
    def delete(self):
        """Refused: nothing in the admin (Wagtail's Forms section, a bulk action, a future view)
        deletes a leader's expression of interest. ``erase`` is the erasure command's way."""
        raise DeletionRefused()

    delete.alters_data = True
    delete.queryset_only = True

    def erase(self):
        """Delete these expressions of interest, with their history and emails, for good: what
        ``cascading_pages.interest.personal_data.erase_for`` does for a leader's data request."""
        return super().delete()

    erase.alters_data = True
    erase.queryset_only = True

    def for_email(self, email):
        return self.filter(email__iexact=email.strip())

    def older_than(self, days):
        return self.filter(submit_time__lt=timezone.now() - timedelta(days=days))

    def not_anonymised(self):
        return self.filter(anonymised_at__isnull=True)

    def awaiting_answer(self):
        return self.filter(status__in=AWAITING_ANSWER, current_coach__isnull=False)

    def active(self):
        """Coaching relationships: what counts against a coach's capacity."""
        return self.filter(status__in=ACTIVE)

    def open(self):
        return self.filter(status__in=OPEN)

    def for_coach(self, coach):
        """What a coach sees: the expressions of interest they are asked about or have taken on."""
        return self.filter(current_coach=coach)


class ExpressionOfInterest(AbstractFormSubmission):
    """One leader's expression of interest in working with a coach."""

    submission_token = models.UUIDField(
        unique=True,
        default=uuid.uuid4,
        editable=False,
        help_text="Sent with the form, so that the same form sent twice is stored once.",
    )
    status = models.CharField(
        "status", max_length=20, choices=Status.choices, default=Status.NEW, db_index=True
    )
    notes = models.TextField(
        "team notes", blank=True, max_length=10_000, help_text="Private notes for the programme team."
    )
    bursary_decision = models.CharField(
        "bursary decision",
        max_length=20,
        choices=BursaryDecision.choices,
        blank=True,
        default=BursaryDecision.AWAITING,
    )

    leader_name = models.CharField("leader", max_length=120)
    email = models.EmailField("leader's email", max_length=254, db_index=True)
    organisation = models.CharField("organisation", max_length=200)
    coach = models.ForeignKey(
        CoachPage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="expressions_of_interest",
        verbose_name="first-choice coach",
    )
    second_choice_coach = models.ForeignKey(
        CoachPage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="second-choice coach",
    )
    coach_name = models.CharField(
        "first-choice coach", max_length=255, help_text="The first-choice coach's name when sent."
    )
    income_band = models.CharField("annual income", max_length=20, choices=IncomeBand.choices)
    payment = models.CharField("paying by", max_length=20, choices=Payment.choices)
    bursary_requested = models.BooleanField("bursary asked for", default=False, db_index=True)

    # The coach asked now (the first choice, then the second if it is passed on), and their answer.
    current_coach = models.ForeignKey(
        CoachPage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="current_expressions_of_interest",
        verbose_name="coach asked now",
    )
    asked_at = models.DateTimeField(null=True, blank=True, help_text="When the coach asked now was asked.")
    reminded_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True, help_text="When the coach accepted: the start.")
    passed_on_at = models.DateTimeField(null=True, blank=True, help_text="When it went to the second choice.")
    coach_message = models.TextField(
        blank=True, max_length=2000, help_text="The coach's message with their answer, sent to the leader."
    )

    anonymised_at = models.DateTimeField(null=True, blank=True)

    # Every email about it, in the outbox; deleted with it.
    emails = GenericRelation(
        OutboxEmail,
        content_type_field="about_type",
        object_id_field="about_id",
        related_query_name="expression_of_interest",
    )

    objects = ExpressionOfInterestQuerySet.as_manager()

    class Meta:
        verbose_name = "expression of interest"
        verbose_name_plural = "expressions of interest"
        ordering = ["-submit_time", "-pk"]
        indexes = [models.Index(fields=["submit_time"], name="eoi_submit_time_idx")]

    def __str__(self):
        return f"{self.leader_name or 'Anonymised'} for {self.coach_name} ({self.submit_time:%d %b %Y})"

    def delete(self, *args, **kwargs):
        raise DeletionRefused()

    def get_data(self):
        data = {name: display_value(name, value) for name, value in self.form_data.items()}
        return {**data, "submit_time": self.submit_time, "status": self.get_status_display()}

    def set_status(self, status, by=None, note="", event=Event.TEAM, coach=None):
        """Change the status, keeping the history, in one transaction."""
        with transaction.atomic():
            self.status = status
            self.save(update_fields=["status"])
            self.status_changes.create(status=status, changed_by=by, note=note, event=event, coach=coach)

    @property
    def round(self):
        """1 while the first-choice coach is asked, 2 once it has been passed to the second."""
        return 2 if self.passed_on_at else 1

    @property
    def is_awaiting_answer(self):
        return self.status in AWAITING_ANSWER and self.current_coach_id is not None

    @property
    def has_email_problems(self):
        return self.emails.unsent().exists()


class InterestSender(models.Model):
    """One sender of expressions of interest, as the rate limit (``ratelimit``) knows them, and no more.

    Nothing here says who the sender is: ``fingerprint`` is a keyed hash of their address, ``sent``
    lists a keyed hash of each form they sent within the rate limit's period with when they sent it,
    and the row goes once they have been quiet for a period. The row is also the lock that makes
    concurrent sends from one address wait their turn.
    """

    fingerprint = models.CharField(max_length=64, primary_key=True)
    #: [[form's keyed hash, ISO time], ...], oldest first, within the period.
    sent = models.JSONField(default=list)
    last_seen = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "rate-limited sender"


class ExpressionOfInterestStatusChange(models.Model):
    """A step in an expression of interest's history: who set which status, when and why."""

    submission = models.ForeignKey(
        ExpressionOfInterest, on_delete=models.CASCADE, related_name="status_changes"
    )
    status = models.CharField(max_length=20, choices=Status.choices)
    event = models.CharField(max_length=20, choices=Event.choices, blank=True, default=Event.TEAM)
    coach = models.ForeignKey(
        CoachPage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The coach this step is about (asked, reminded, accepting or declining).",
    )
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = "status change"

    def __str__(self):
        return f"{self.get_status_display()} at {self.changed_at:%d %b %Y %H:%M}"


class EmailRecipient(models.TextChoices):
    """Who an email about an expression of interest goes to."""

    PROGRAMME = "programme", "Programme inbox"
    COACH = "coach", "Coach"
    LEADER = "leader", "Leader (confirmation)"


class EmailKind(models.TextChoices):
    """What an email about an expression of interest says."""

    RECEIVED = "received", "Received"
    REMINDER = "reminder", "Reminder to answer"
    OFFER = "offer", "Asked as second choice"
    ACCEPTED = "accepted", "Accepted"
    PASSED_ON = "passed-on", "Passed to the second choice"
    NOT_MATCHED = "not-matched", "No coach could take it on"
    ALREADY_OPEN = "already-open", "Where the open expression of interest stands"


def outbox_kind(kind, recipient):
    """The outbox's ``kind`` for an email about an expression of interest: "interest.<kind>.<recipient>"."""
    return f"interest.{kind}.{recipient}"


def email_description(email):
    """("Coach", "Received"): who an outbox email about an expression of interest went to, and what."""
    kind, _, recipient = email.kind.removeprefix("interest.").partition(".")
    recipient = EmailRecipient(recipient).label if recipient in EmailRecipient.values else recipient
    kind = EmailKind(kind).label if kind in EmailKind.values else kind
    return recipient, kind
