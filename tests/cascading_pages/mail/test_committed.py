"""The outbox as it runs for real, each request's transaction committed: with the task queue on
(TASKS_BACKEND=database), a leader's request only stores the emails and their tasks, and
`manage.py db_worker` sends them, tries a refused one again later, and sends it once the mail
server takes it; an editor who sends an email again is told what became of it.

The queue is django-tasks' real database backend and the worker its real command (``--batch``).
"""

import logging

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from cascading_pages.interest.models import ExpressionOfInterest
from cascading_pages.mail import outbox
from cascading_pages.mail.models import OutboxEmail
from cascading_pages.mail.tasks import RETRY_DELAYS, send_email_task
from tests.cascading_pages.search.test_background_indexing import QUEUE, run_worker
from tests.factories import (
    interest_answers,
    make_coach,
    make_directory,
    make_editor,
    make_home,
    make_interest_page,
)

from .test_outbox import RefusingBackend

# Transactions are committed, as they are for a real worker; serialized_rollback brings back what
# the migrations made, for the tests after these.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

REFUSING = f"{RefusingBackend.__module__}.RefusingBackend"


def waiting_tasks():
    """The email tasks waiting in the queue (the search index's are beside them)."""
    return DBTaskResult.objects.filter(status=TaskResultStatus.READY, task_path=send_email_task.module_path)


def test_the_worker_sends_the_emails_and_tries_a_refused_one_again_later(client, settings, caplog):
    settings.TASKS = QUEUE
    settings.EMAIL_BACKEND = REFUSING
    home = make_home()
    coach = make_coach(make_directory(home), title="Priya Shah", contact_email="priya@example.org")
    page = make_interest_page(home)

    response = client.post(page.url, interest_answers(coach))

    # The leader is thanked; no mail server was asked anything in her request.
    assert "Thank you, Amara Okafor" in response.content.decode()
    submission = ExpressionOfInterest.objects.get()
    assert list(submission.emails.values_list("state", "attempts")) == [("queued", 0)] * 3
    assert waiting_tasks().count() == 3

    # The worker runs while the mail server refuses: each email is kept, and tried again later.
    with caplog.at_level(logging.ERROR, logger="cascading_pages.mail"):
        run_worker()
    assert list(submission.emails.values_list("state", "attempts")) == [("failed", 1)] * 3
    retries = list(waiting_tasks())
    assert len(retries) == 3
    assert all(task.run_after > timezone.now() for task in retries)
    assert {task.args_kwargs["kwargs"]["attempt"] for task in retries} == {2}
    assert len([r for r in caplog.records if r.name == "cascading_pages.mail"]) == 3
    assert mail.outbox == []

    # The server takes mail again; the retries fall due.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    waiting_tasks().update(run_after=timezone.now())
    run_worker()
    assert list(submission.emails.values_list("state", "attempts")) == [("sent", 2)] * 3
    assert sorted(m.to[0] for m in mail.outbox) == [
        "amara@example.org",
        "priya@example.org",
        "programme@example.org",
    ]
    assert not waiting_tasks().exists()


def test_after_the_last_retry_an_email_stays_failed_for_someone_to_send_again(settings):
    settings.TASKS = QUEUE
    settings.EMAIL_BACKEND = REFUSING
    email = outbox.queue(
        mail.EmailMessage("Hello", "Text", None, ["priya@example.org"]), kind="coaches.profile-check"
    )
    waiting_tasks().delete()
    send_email_task.enqueue(email.pk, attempt=len(RETRY_DELAYS) + 1)
    run_worker()
    email.refresh_from_db()
    assert (email.state, email.attempts) == ("failed", 1)
    assert not waiting_tasks().exists(), "no further retry"
    assert OutboxEmail.objects.unsent().get() == email


def test_an_editor_who_sends_an_email_again_is_told_what_became_of_it(client, settings, caplog):
    settings.EMAIL_BACKEND = REFUSING
    with caplog.at_level(logging.ERROR, logger="cascading_pages.mail"):
        email = outbox.queue(
            mail.EmailMessage("Hello", "Text", None, ["priya@example.org"]), kind="coaches.profile-check"
        )
    email.refresh_from_db()
    assert email.state == "failed", "outside a transaction, it was tried at once"
    client.force_login(make_editor())
    send_again = f"/admin/cascading_pages/outboxemail/send-again/{email.pk}/"

    with caplog.at_level(logging.ERROR, logger="cascading_pages.mail"):
        response = client.post(send_again, follow=True)
    assert "1 email(s) still could not be sent. The error is shown below." in response.content.decode()
    assert "SMTPDataError" in response.content.decode()

    settings.TASKS = QUEUE
    response = client.post(send_again, follow=True)
    assert "1 email(s) queued: they are sent in the background." in response.content.decode()
    email.refresh_from_db()
    assert email.state == "queued"

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    response = client.post(send_again, follow=True)
    assert "The emails have been sent." in response.content.decode()
    assert [m.to for m in mail.outbox] == [["priya@example.org"]]
    # The task the queue still holds finds it sent, and sends nothing.
    settings.TASKS = QUEUE
    run_worker()
    assert len(mail.outbox) == 1
