"""Migration 0009 moves the old per-submission email records into the outbox: a submission's email
history, its email problems and "one email of a kind per round" carry on as they were."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from cascading_pages.interest.mail import queue_email
from cascading_pages.interest.models import EmailKind, EmailRecipient, ExpressionOfInterest
from cascading_pages.interest.receive import receive
from tests.factories import interest_answers, make_coach, make_directory, make_home, make_interest_page

# Migrating commits; serialized_rollback brings back what the migrations made, for the tests after.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("cascading_pages", "0008_remove_form_page_programme_fields")]
AFTER = [("cascading_pages", "0009_outbox")]


def migrate(targets):
    """Migrate to ``targets``; returns the models as they are there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def test_the_old_email_records_become_the_submissions_outbox_history():
    home = make_home()
    coach = make_coach(make_directory(home), title="Priya Shah", contact_email="priya@example.org")
    page = make_interest_page(home)
    submission = receive(page, interest_answers(coach), "192.0.2.1").submission
    assert set(submission.emails.values_list("state", flat=True)) == {"sent"}

    try:
        # Back before the outbox: its emails are the old records again, and one more failed.
        old = migrate(BEFORE)
        InterestEmail = old.get_model("cascading_pages", "InterestEmail")
        assert sorted(InterestEmail.objects.values_list("recipient", "kind", "state")) == [
            ("coach", "received", "sent"),
            ("leader", "received", "sent"),
            ("programme", "received", "sent"),
        ]
        InterestEmail.objects.create(
            submission_id=submission.pk,
            recipient="coach",
            kind="reminder",
            round=1,
            to_address="priya@example.org",
            state="failed",
            attempts=1,
            last_error="ConnectionRefusedError: [Errno 111] Connection refused",
        )
    finally:
        migrate(AFTER)

    submission = ExpressionOfInterest.objects.get()
    history = {email.kind: email for email in submission.emails.all()}
    assert sorted(history) == [
        "interest.received.coach",
        "interest.received.leader",
        "interest.received.programme",
        "interest.reminder.coach",
    ]
    assert history["interest.received.leader"].state == "sent"
    reminder = history["interest.reminder.coach"]
    assert (reminder.state, reminder.attempts, reminder.to) == ("failed", 1, "priya@example.org")
    assert (
        "did not keep an email's text" in reminder.last_error and "Connection refused" in reminder.last_error
    )
    assert submission.has_email_problems

    # One reminder per round, still: queueing it again gives the moved record back.
    again = queue_email(submission, EmailRecipient.COACH, EmailKind.REMINDER, "priya@example.org")
    assert again == reminder
    assert submission.emails.count() == 4
    # With no text it cannot be sent as it is; the command says so rather than sending it empty.
    out, err = io.StringIO(), io.StringIO()
    call_command("resend_interest_emails", stdout=out, stderr=err)
    assert "Tried 1 email(s) not sent yet; 1 still failed." in out.getvalue()
    editors = Group.objects.get(name="Programme editors")
    assert set(
        editors.permissions.filter(codename__contains="outbox").values_list("codename", flat=True)
    ) == {
        "view_outboxemail",
        "change_outboxemail",
    }
