"""One programme email as it is queued: exactly what will be sent, to whom, and whether it went."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


def split_addresses(value):
    """``"a@example.org, b@example.org"`` as a list; blanks dropped."""
    return [address.strip() for address in value.split(",") if address.strip()]


class OutboxEmailQuerySet(models.QuerySet):
    def unsent(self):
        """Queued, being sent or failed: the emails still to be sent."""
        return self.exclude(state=OutboxEmail.State.SENT)

    def failed(self):
        return self.filter(state=OutboxEmail.State.FAILED)

    def about_model(self, model):
        """The emails about any object of ``model``; ``.values("about_id")`` gives their ids."""
        return self.filter(about_type=ContentType.objects.get_for_model(model))


class OutboxEmail(models.Model):
    """One email: stored in the transaction of the change it tells someone about, then sent.

    A failed email keeps its error and can be sent again (``outbox.send_again``, the admin's
    "Send again", ``manage.py resend_interest_emails``). Its text is what the recipient receives, so
    it may hold private details and single-use links: only staff with the permission see it.
    """

    class State(models.TextChoices):
        QUEUED = "queued", "Not sent yet"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    kind = models.CharField(
        max_length=60,
        db_index=True,
        help_text="What the email is, for filtering: e.g. “interest.received.coach”, “coaches.invitation”.",
    )
    to = models.CharField(max_length=1000, help_text="Comma-separated addresses.")
    subject = models.CharField(max_length=1000)
    body = models.TextField()
    from_email = models.CharField("from", max_length=320)
    reply_to = models.CharField(max_length=1000, blank=True, help_text="Comma-separated addresses.")

    # What the email is about, if anything (an expression of interest, a coach's profile).
    about_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    about_id = models.PositiveBigIntegerField(null=True, blank=True)
    about = GenericForeignKey("about_type", "about_id")
    once_key = models.CharField(
        max_length=200,
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text="Queueing again with the same key gives this email back: it goes at most once.",
    )

    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = OutboxEmailQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = "outbox email"
        indexes = [models.Index(fields=["about_type", "about_id"], name="outbox_about_idx")]

    def __str__(self):
        return f"{self.subject} ({self.get_state_display().lower()})"

    @property
    def recipients(self):
        return split_addresses(self.to)

    @property
    def is_sent(self):
        return self.state == self.State.SENT
