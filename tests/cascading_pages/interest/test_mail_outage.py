"""The mail server goes down while leaders send the form, coaches answer, editors invite coaches
and the scheduler runs, and comes back: nobody's request fails, every change is kept, and every
email that could not go is kept in the outbox and sent once the server returns, exactly once.

A real SMTP server (aiosmtpd) on 127.0.0.1, stopped mid-run and started again on the same port.
"""

import datetime
import io
import socket

from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse

from cascading_pages import scheduler
from cascading_pages.coaches.models import CoachAvailability, CoachPage
from cascading_pages.interest.models import ExpressionOfInterest
from cascading_pages.mail.models import OutboxEmail
from tests.factories import (
    client_for,
    interest_answers,
    make_coach,
    make_coach_login,
    make_directory,
    make_editor,
    make_home,
    make_interest_page,
    make_programme_settings,
)


class Inbox:
    """An aiosmtpd handler that keeps every message it accepts."""

    def __init__(self):
        self.deliveries = []

    async def handle_DATA(self, server, session, envelope):
        self.deliveries.append((tuple(envelope.rcpt_tos), envelope.content.decode("utf-8", "replace")))
        return "250 Message accepted for delivery"

    def recipients(self):
        return sorted(address for rcpt_tos, _ in self.deliveries for address in rcpt_tos)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class MailServerOutageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = make_home()
        cls.directory = make_directory(home)
        cls.coach = make_coach(cls.directory, title="Priya Shah", contact_email="priya@example.org")
        cls.page = make_interest_page(home)
        make_programme_settings(inbox="programme@example.org")

    def setUp(self):
        self.inbox = Inbox()
        self.port = free_port()
        self.server = self.start_server()
        smtp = override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=self.port,
            EMAIL_TIMEOUT=5,
        )
        smtp.enable()
        self.addCleanup(smtp.disable)

    def tearDown(self):
        self.stop_server()

    def start_server(self):
        server = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        server.start()
        return server

    def stop_server(self):
        if self.server is not None:
            self.server.stop()
            self.server = None

    def leader_sends(self, name):
        email = f"{name.split()[0].lower()}@example.org"
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                self.page.url, interest_answers(self.coach, leader_name=name, email=email)
            )
        self.assertContains(response, f"Thank you, {name}")

    def test_submissions_during_an_outage_are_kept_and_their_emails_sent_once_it_is_over(self):
        self.leader_sends("Amara Okafor")
        self.assertEqual(
            self.inbox.recipients(), ["amara@example.org", "priya@example.org", "programme@example.org"]
        )

        self.stop_server()
        with self.assertLogs("cascading_pages.mail", "ERROR") as logs:
            self.leader_sends("Ben Ward")
            self.leader_sends("Chloe Park")
        self.assertEqual(len(logs.records), 6)
        self.assertEqual(ExpressionOfInterest.objects.count(), 3)
        self.assertEqual(OutboxEmail.objects.filter(state="failed").count(), 6)
        self.assertEqual(len(self.inbox.deliveries), 3)

        # Still down: trying again changes nothing but the attempt count.
        with self.assertLogs("cascading_pages.mail", "ERROR"):
            call_command("resend_interest_emails", stdout=io.StringIO(), stderr=io.StringIO())
        self.assertEqual(
            set(OutboxEmail.objects.filter(state="failed").values_list("attempts", flat=True)), {2}
        )

        self.server = self.start_server()
        out = io.StringIO()
        call_command("resend_interest_emails", stdout=out, stderr=io.StringIO())
        self.assertIn("Tried 6 email(s) not sent yet; 0 still failed.", out.getvalue())
        self.assertEqual(
            self.inbox.recipients(),
            sorted(
                ["amara@example.org", "ben@example.org", "chloe@example.org"]
                + ["priya@example.org"] * 3
                + ["programme@example.org"] * 3
            ),
        )
        ben = [content for rcpt_tos, content in self.inbox.deliveries if rcpt_tos == ("ben@example.org",)]
        self.assertIn("Ben Ward", ben[0])
        self.assertEqual(OutboxEmail.objects.exclude(state="sent").count(), 0)

        call_command("resend_interest_emails", stdout=io.StringIO())
        self.assertEqual(len(self.inbox.deliveries), 9, "nothing is sent twice")

    def test_nobody_waits_on_the_mail_server_and_every_kind_of_email_goes_once_it_is_back(self):
        self.leader_sends("Amara Okafor")
        submission = ExpressionOfInterest.objects.get()
        newcomer = make_coach(self.directory, title="Sam Jones", contact_email="sam@example.org")
        coach = client_for(make_coach_login(self.coach, username="priya", email="priya.login@example.org"))
        editor = client_for(make_editor(username="editor"))
        delivered = len(self.inbox.deliveries)

        self.stop_server()
        with self.assertLogs("cascading_pages.mail", "ERROR"):
            with self.captureOnCommitCallbacks(execute=True):
                answered = coach.post(
                    reverse("cascading_pages_admin:respond", args=[submission.pk]),
                    {"decision": "accept", "message": "Looking forward to it"},
                )
            with self.captureOnCommitCallbacks(execute=True):
                invited = editor.post(
                    reverse("cascading_pages_admin:invite_coach", args=[newcomer.pk]),
                    {"email": "sam.login@example.org"},
                )
            confirmed = CoachAvailability.objects.get(pk=self.coach.pk).confirmed_at
            with self.captureOnCommitCallbacks(execute=True):
                report = scheduler.run(now=confirmed + datetime.timedelta(days=184))
        self.assertEqual(answered.status_code, 302)
        self.assertEqual(invited.status_code, 302)
        submission.refresh_from_db()
        self.assertEqual(submission.status, "accepted")
        self.assertEqual(CoachPage.objects.get(pk=newcomer.pk).account.email, "sam.login@example.org")
        self.assertEqual(len(report.profile_checks_sent), 2)
        self.assertEqual(
            sorted(OutboxEmail.objects.failed().values_list("kind", flat=True)),
            [
                "coaches.invitation",
                "coaches.profile-check",
                "coaches.profile-check",
                "interest.accepted.leader",
            ],
        )
        self.assertEqual(len(self.inbox.deliveries), delivered)

        # Back: the editor sends the invitation again from the Outbox; the command sends the rest.
        self.server = self.start_server()
        invitation = OutboxEmail.objects.get(kind="coaches.invitation")
        with self.captureOnCommitCallbacks(execute=True):
            editor.post(f"/admin/cascading_pages/outboxemail/send-again/{invitation.pk}/")
        self.assertEqual(self.inbox.deliveries[-1][0], ("sam.login@example.org",))
        out = io.StringIO()
        call_command("resend_interest_emails", stdout=out)
        self.assertIn("Tried 3 email(s) not sent yet; 0 still failed.", out.getvalue())
        self.assertEqual(
            sorted(address for rcpt_tos, _ in self.inbox.deliveries[delivered:] for address in rcpt_tos),
            ["amara@example.org", "priya@example.org", "sam.login@example.org", "sam@example.org"],
        )
        call_command("resend_interest_emails", stdout=io.StringIO())
        self.assertEqual(len(self.inbox.deliveries), delivered + 4, "nothing is sent twice")
