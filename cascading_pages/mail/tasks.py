"""The task that sends an outbox email, where the ``TASKS`` setting says.

By default (django-tasks' ImmediateBackend) it runs in the same process, right after the
transaction that queued the email commits. With ``TASKS_BACKEND=database`` it waits in the queue
for ``manage.py db_worker``, and the request that queued it never waits on the mail server.

A failure is recorded on the email (``delivery.send``) and the task fails, so a queue shows it. On a
queue that can run a task later, the email is tried again after each of RETRY_DELAYS; after that it
stays failed until someone sends it again (the admin's Outbox, ``manage.py resend_interest_emails``).
"""

import logging
from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from cascading_pages.mail import delivery
from cascading_pages.mail.models import OutboxEmail

logger = logging.getLogger("cascading_pages.mail")

# Seconds to wait before each further attempt at an email that failed.
RETRY_DELAYS = (60, 5 * 60, 30 * 60)


class EmailNotSent(Exception):
    """An outbox email could not be sent (its error is on the email and in the log)."""


@task()
def send_email_task(email_id, attempt=1):
    """Send the outbox email with this id, unless it is gone or has been sent already."""
    email = OutboxEmail.objects.filter(pk=email_id).first()
    if email is None or delivery.send(email):
        return
    if not OutboxEmail.objects.filter(pk=email_id, state=OutboxEmail.State.FAILED).exists():
        return  # another sender has it in hand, or it is gone
    if attempt <= len(RETRY_DELAYS) and send_email_task.get_backend().supports_defer:
        delay = RETRY_DELAYS[attempt - 1]
        send_email_task.using(run_after=timezone.now() + timedelta(seconds=delay)).enqueue(
            email_id, attempt=attempt + 1
        )
        logger.warning("Outbox email %s will be tried again in %d s", email_id, delay)
    raise EmailNotSent(f"Outbox email {email_id} could not be sent (attempt {attempt})")
