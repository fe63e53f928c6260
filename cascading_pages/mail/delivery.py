"""Sending one outbox email now, and recording what happened.

A failure of any kind (the mail server down, refusing, timing out) is kept on the email with its
error and logged; it is never raised, so nothing that called for the email fails with it. The log
and the stored error name the email by id and kind, never its text or addresses: the text can hold
private details and single-use links.
"""

import logging
import re
from datetime import timedelta

from django.core.mail import EmailMessage
from django.db.models import F, Q
from django.utils import timezone

from cascading_pages.mail.models import OutboxEmail, split_addresses

logger = logging.getLogger("cascading_pages.mail")

# A mail server's error can quote what it was given; links are left out of what is kept and logged.
_LINK = re.compile(r"https?://\S+")
# Far longer than any mail server's timeout: a claim this old was left by a sender that died.
CLAIM_LAPSES_AFTER = timedelta(minutes=15)


class NothingToSend(Exception):
    """The email has no text (kept from before the outbox stored texts): it cannot be sent as it is."""


def message_for(email):
    """The Django ``EmailMessage`` that ``email`` stands for."""
    if not email.body:
        raise NothingToSend("This email has no text to send; write to its recipient another way.")
    return EmailMessage(
        email.subject,
        email.body,
        email.from_email,
        email.recipients,
        reply_to=split_addresses(email.reply_to),
    )


def describe(exc):
    """What went wrong, fit to store and log: the error's type and message, links left out."""
    return _LINK.sub("[link]", f"{type(exc).__name__}: {exc}")[:2000]


def send(email):
    """Send ``email`` now unless it has been sent, or another sender has it in hand; record the
    outcome. Returns whether it has been sent.

    The email is claimed first, in one UPDATE (state "being sent"), so two senders (a worker, an
    editor's "Send again", the command) never both send it. No transaction is held open while the
    mail server is talked to. A claim left by a process that died mid-send lapses after
    CLAIM_LAPSES_AFTER.
    """
    now = timezone.now()
    claimable = Q(state__in=[OutboxEmail.State.QUEUED, OutboxEmail.State.FAILED]) | Q(
        state=OutboxEmail.State.SENDING, last_attempt_at__lt=now - CLAIM_LAPSES_AFTER
    )
    claimed = OutboxEmail.objects.filter(claimable, pk=email.pk).update(
        state=OutboxEmail.State.SENDING, attempts=F("attempts") + 1, last_attempt_at=now
    )
    email = OutboxEmail.objects.filter(pk=email.pk).first()
    if not claimed or email is None:  # sent, in another sender's hands, or deleted meanwhile
        return email is not None and email.is_sent
    try:
        message_for(email).send()
    except Exception as exc:  # any backend error: the email is kept, with what went wrong
        email.state = OutboxEmail.State.FAILED
        email.last_error = describe(exc)
        logger.error(
            "Could not send outbox email %s (%s, attempt %d): %s. It is kept: send it again from "
            "the admin's Outbox or with `manage.py resend_interest_emails`.",
            email.pk,
            email.kind,
            email.attempts,
            email.last_error,
        )
    else:
        email.state = OutboxEmail.State.SENT
        email.sent_at = timezone.now()
        email.last_error = ""
    # An update, not a save: the email may have been deleted meanwhile (an anonymised submission's).
    OutboxEmail.objects.filter(pk=email.pk).update(
        state=email.state, sent_at=email.sent_at, last_error=email.last_error
    )
    return email.is_sent
