"""What the rest of the plugin calls to send an email: queue it, and it goes once the change commits.

    message = EmailMessage(subject, body, None, [coach.contact_email])
    outbox.queue(message, kind="coaches.profile-check", about=coach)

The email is stored in the caller's transaction and its sending task is enqueued only when that
transaction commits (``transaction.on_commit``): a change that rolls back leaves no email, queued or
sent, and no request waits for, or fails with, the mail server (``tasks``). ``queue_once`` keeps a
rule such as "one email of a kind per round" with a key. ``send_again`` is for the admin.
"""

from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction

from cascading_pages.mail.models import OutboxEmail
from cascading_pages.mail.tasks import send_email_task

# What an EmailMessage may carry that the outbox does not store: refused rather than dropped.
_NOT_STORED = ("cc", "bcc", "attachments", "alternatives", "extra_headers")


def queue(message, *, kind, about=None):
    """Store ``message`` (a Django ``EmailMessage``) as an outbox email of ``kind``, about the model
    instance ``about`` if given, and send it once the caller's transaction commits."""
    email = OutboxEmail.objects.create(**_stored_fields(message), kind=kind, **_about(about))
    _send_after_commit(email.pk)
    return email


def queue_once(key, build, *, kind, about=None):
    """Like ``queue``, unless an email was queued with ``key`` before: then that email is returned
    and ``build`` (a function returning the ``EmailMessage``) is not even called."""
    existing = OutboxEmail.objects.filter(once_key=key).first()
    if existing is not None:
        return existing
    fields = {**_stored_fields(build()), "kind": kind, "once_key": key, **_about(about)}
    try:
        with transaction.atomic():
            email = OutboxEmail.objects.create(**fields)
    except IntegrityError:  # queued by someone else at the same moment
        return OutboxEmail.objects.get(once_key=key)
    _send_after_commit(email.pk)
    return email


def send_again(emails):
    """Queue each of ``emails`` not sent yet to be sent again once the caller's transaction commits.
    Returns how many were queued."""
    ids = [email.pk for email in emails if not email.is_sent]
    OutboxEmail.objects.filter(pk__in=ids, state=OutboxEmail.State.FAILED).update(
        state=OutboxEmail.State.QUEUED
    )
    for pk in ids:
        _send_after_commit(pk)
    return len(ids)


def _send_after_commit(pk):
    # Robust: a queue that cannot take the task (its database down) is logged by Django and leaves
    # the email queued, for the admin or the command to send; the caller's change stands.
    transaction.on_commit(partial(send_email_task.enqueue, pk), robust=True)


def _stored_fields(message):
    not_stored = [name for name in _NOT_STORED if getattr(message, name, None)]
    if message.content_subtype != "plain":
        not_stored.append(f"a {message.content_subtype} body")
    if not_stored:
        raise ValueError(f"The outbox stores plain-text emails only, without {', '.join(not_stored)}.")
    if not message.to:
        raise ValueError("An email needs at least one address to go to.")
    return {
        "to": ", ".join(message.to),
        "subject": message.subject[:1000],
        "body": message.body,
        "from_email": message.from_email,
        "reply_to": ", ".join(message.reply_to),
    }


def _about(obj):
    if obj is None:
        return {}
    return {"about_type": ContentType.objects.get_for_model(obj), "about_id": obj.pk}
