"""Every programme email goes through the outbox: stored with the change it tells of, sent once that
commits, kept with its error when it cannot go, and never sent twice."""

import smtplib
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.test import TestCase, override_settings
from django.utils import timezone

from cascading_pages.mail import delivery, outbox
from cascading_pages.mail.models import OutboxEmail
from cascading_pages.vocabularies.models import Region

LINK = "https://cascading.example/coach-response/secret-token-123/"


class RefusingBackend(BaseEmailBackend):
    """A mail server that refuses everything, quoting the message back like some servers do."""

    def send_messages(self, messages):
        raise smtplib.SMTPDataError(554, f"Rejected: message contains {LINK}".encode())


REFUSING = override_settings(EMAIL_BACKEND=f"{__name__}.RefusingBackend")


def reminder(to="priya@example.org", **kwargs):
    return EmailMessage(
        "Is your profile still accurate?",
        f"Dear Priya,\n\nConfirm it with one click: {LINK}\n",
        None,
        [to],
        **kwargs,
    )


class QueueingTests(TestCase):
    def test_an_email_is_sent_only_once_the_change_it_tells_of_is_committed(self):
        with self.captureOnCommitCallbacks() as pending:
            with transaction.atomic():
                email = outbox.queue(reminder(reply_to=["team@example.org"]), kind="coaches.profile-check")
            self.assertEqual(mail.outbox, [], "nothing goes before the commit")
        self.assertEqual(len(pending), 1)
        self.assertEqual(OutboxEmail.objects.get().state, "queued")

        pending[0]()
        (sent,) = mail.outbox
        self.assertEqual(sent.to, ["priya@example.org"])
        self.assertEqual(sent.subject, "Is your profile still accurate?")
        self.assertIn(LINK, sent.body)
        self.assertEqual(sent.from_email, "Cascading Leadership <no-reply@cascading-leadership.invalid>")
        self.assertEqual(sent.reply_to, ["team@example.org"])
        email.refresh_from_db()
        self.assertEqual((email.state, email.attempts, email.last_error), ("sent", 1, ""))
        self.assertIsNotNone(email.sent_at)

    def test_a_change_that_rolls_back_leaves_no_email_queued_or_sent(self):
        with self.captureOnCommitCallbacks(execute=True) as callbacks:
            with self.assertRaises(RuntimeError), transaction.atomic():
                outbox.queue(reminder(), kind="coaches.profile-check")
                raise RuntimeError("the step failed after queueing its email")
        self.assertEqual(callbacks, [])
        self.assertEqual(OutboxEmail.objects.count(), 0)
        self.assertEqual(mail.outbox, [])

    def test_an_email_keeps_what_it_is_about(self):
        region = Region.objects.create(name="North East")
        with self.captureOnCommitCallbacks(execute=True):
            email = outbox.queue(reminder(), kind="coaches.profile-check", about=region)
        email = OutboxEmail.objects.get(pk=email.pk)
        self.assertEqual(email.about, region)
        self.assertEqual(list(OutboxEmail.objects.about_model(Region)), [email])
        self.assertEqual(email.about_type, ContentType.objects.get_for_model(Region))

    def test_an_email_queued_once_by_key_is_queued_and_sent_once(self):
        built = []

        def build():
            built.append(1)
            return reminder()

        with self.captureOnCommitCallbacks(execute=True):
            first = outbox.queue_once("profile-check.42.round-1", build, kind="coaches.profile-check")
            again = outbox.queue_once("profile-check.42.round-1", build, kind="coaches.profile-check")
        self.assertEqual(first, again)
        self.assertEqual(len(built), 1, "the email is not even built again")
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(OutboxEmail.objects.count(), 1)

    def test_what_the_outbox_cannot_store_is_refused_not_dropped(self):
        html = EmailMultiAlternatives("Hi", "text", None, ["a@example.org"])
        html.attach_alternative("<p>text</p>", "text/html")
        cases = {
            "cc": reminder(cc=["boss@example.org"]),
            "bcc": reminder(bcc=["hidden@example.org"]),
            "alternatives": html,
            "headers": reminder(headers={"X-Priority": "1"}),
            "nobody": EmailMessage("Hi", "text", None, []),
        }
        for name, message in cases.items():
            with self.subTest(name), self.assertRaises(ValueError):
                outbox.queue(message, kind="test")
        self.assertEqual(OutboxEmail.objects.count(), 0)


class FailureTests(TestCase):
    def queue_and_commit(self):
        with self.captureOnCommitCallbacks(execute=True):
            return outbox.queue(reminder(), kind="coaches.profile-check")

    def test_a_refused_email_is_kept_with_its_error_and_logged_without_its_link_or_address(self):
        with REFUSING, self.assertLogs("cascading_pages.mail", "ERROR") as logs:
            email = self.queue_and_commit()
        email.refresh_from_db()
        self.assertEqual((email.state, email.attempts), ("failed", 1))
        self.assertIn("SMTPDataError", email.last_error)
        self.assertIn("[link]", email.last_error)
        self.assertNotIn("secret-token-123", email.last_error)
        (record,) = logs.records
        logged = record.getMessage()
        self.assertIn(f"outbox email {email.pk} (coaches.profile-check, attempt 1)", logged)
        for private in ("secret-token-123", "priya@example.org", "Dear Priya"):
            self.assertNotIn(private, logged)
        self.assertEqual(mail.outbox, [])

    def test_a_failed_email_sent_again_goes_once_and_a_sent_one_is_never_sent_again(self):
        with REFUSING, self.assertLogs("cascading_pages.mail", "ERROR"):
            failed = self.queue_and_commit()
        sent = self.queue_and_commit()
        self.assertEqual(len(mail.outbox), 1)

        with self.captureOnCommitCallbacks(execute=True):
            queued = outbox.send_again(OutboxEmail.objects.all())
        self.assertEqual(queued, 1)
        self.assertEqual(len(mail.outbox), 2)
        failed.refresh_from_db()
        self.assertEqual((failed.state, failed.attempts, failed.last_error), ("sent", 2, ""))
        sent.refresh_from_db()
        self.assertEqual(sent.attempts, 1)

    def test_an_email_another_sender_has_in_hand_is_not_sent_twice(self):
        email = outbox.queue(reminder(), kind="coaches.profile-check")  # not committed: its task waits
        OutboxEmail.objects.filter(pk=email.pk).update(state="sending", last_attempt_at=timezone.now())
        self.assertFalse(delivery.send(email))
        self.assertEqual(mail.outbox, [])

        # A sender that died mid-send leaves its claim: after a while the email can go.
        OutboxEmail.objects.filter(pk=email.pk).update(last_attempt_at=timezone.now() - timedelta(hours=1))
        self.assertTrue(delivery.send(email))
        self.assertEqual(len(mail.outbox), 1)

    def test_an_email_deleted_before_its_turn_is_skipped(self):
        with self.captureOnCommitCallbacks(execute=True):
            email = outbox.queue(reminder(), kind="coaches.profile-check")
            OutboxEmail.objects.filter(pk=email.pk).delete()
        self.assertEqual(mail.outbox, [])

    def test_an_email_without_text_is_never_sent_empty(self):
        with self.assertLogs("cascading_pages.mail", "ERROR"), self.captureOnCommitCallbacks(execute=True):
            email = outbox.queue(EmailMessage("No text", "", None, ["a@example.org"]), kind="test")
        email.refresh_from_db()
        self.assertEqual(email.state, "failed")
        self.assertIn("no text to send", email.last_error)
        self.assertEqual(mail.outbox, [])
