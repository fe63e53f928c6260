"""The Outbox in the admin: staff with the permission find an email that could not go, read it and
send it again; nobody else, and never a coach, sees an email's text."""

from django.contrib.auth.models import Permission
from django.core import mail
from django.test import TestCase

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
    make_user,
)

from .test_outbox import REFUSING

OUTBOX = "/admin/cascading_pages/outboxemail/"
MENU_ITEM = f'"url": "{OUTBOX}"'  # in the sidebar's JSON


def can(user, *codenames):
    user.user_permissions.add(*Permission.objects.filter(codename__in=["access_admin", *codenames]))
    return user


class OutboxAdminTestCase(TestCase):
    def assertRefused(self, response):
        """Wagtail's "Sorry, you do not have permission" (back to the dashboard), or a 403."""
        self.assertIn(response.status_code, (302, 403))
        if response.status_code == 302:
            self.assertEqual(response["Location"], "/admin/")
        self.assertNotIn("would like to work with you", response.content.decode())

    @classmethod
    def setUpTestData(cls):
        home = make_home()
        cls.coach = make_coach(make_directory(home), title="Priya Shah", contact_email="priya@example.org")
        cls.page = make_interest_page(home)
        cls.editor = make_editor(username="editor")
        cls.coach_login = make_coach_login(cls.coach, username="priya", email="priya.login@example.org")

    def leader_sends_while_mail_is_refused(self):
        with REFUSING, self.assertLogs("cascading_pages.mail", "ERROR"):
            with self.captureOnCommitCallbacks(execute=True):
                self.client.post(self.page.url, interest_answers(self.coach))
        self.assertEqual(OutboxEmail.objects.failed().count(), 3)
        return OutboxEmail.objects.get(kind="interest.received.coach")


class SendingAgainTests(OutboxAdminTestCase):
    def test_an_editor_finds_a_failed_email_reads_it_and_sends_it_again(self):
        email = self.leader_sends_while_mail_is_refused()
        editor = client_for(self.editor)
        self.assertContains(editor.get("/admin/"), MENU_ITEM)

        listing = editor.get(OUTBOX, {"state": "unsent"})
        self.assertContains(listing, "interest.received.coach")
        self.assertContains(listing, "SMTPDataError")
        self.assertContains(listing, f'href="{OUTBOX}send-again/{email.pk}/"')

        inspect = editor.get(f"{OUTBOX}inspect/{email.pk}/")
        self.assertContains(inspect, "Amara Okafor would like to work with you")
        self.assertContains(inspect, "priya@example.org")
        self.assertContains(inspect, "/coach-response/")

        confirm = editor.get(f"{OUTBOX}send-again/{email.pk}/")
        self.assertContains(confirm, "Send again")
        with self.captureOnCommitCallbacks(execute=True):
            response = editor.post(f"{OUTBOX}send-again/{email.pk}/")
        self.assertRedirects(response, f"{OUTBOX}inspect/{email.pk}/", fetch_redirect_response=False)
        (sent,) = mail.outbox
        self.assertEqual(sent.to, ["priya@example.org"])
        self.assertIn("Amara Okafor would like to work with you", sent.body)
        email.refresh_from_db()
        self.assertEqual((email.state, email.attempts), ("sent", 2))

        # Sent is sent: no button, and asking again sends nothing.
        self.assertNotContains(editor.get(OUTBOX), f'href="{OUTBOX}send-again/{email.pk}/"')
        with self.captureOnCommitCallbacks(execute=True):
            editor.post(f"{OUTBOX}send-again/{email.pk}/")
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(OutboxEmail.objects.unsent().count(), 2)

    def test_an_email_that_fails_again_is_kept_with_the_new_error(self):
        email = self.leader_sends_while_mail_is_refused()
        editor = client_for(self.editor)
        with REFUSING, self.assertLogs("cascading_pages.mail", "ERROR"):
            with self.captureOnCommitCallbacks(execute=True):
                editor.post(f"{OUTBOX}send-again/{email.pk}/")
        email.refresh_from_db()
        self.assertEqual((email.state, email.attempts), ("failed", 2))
        self.assertContains(editor.get(OUTBOX, {"state": "failed"}), f"send-again/{email.pk}/")

    def test_ids_that_are_not_an_emails_are_not_found(self):
        editor = client_for(self.editor)
        for url in (
            "inspect/abc/",
            "inspect/999999/",
            "send-again/abc/",
            "send-again/999999/",
            "send-again/-1/",
        ):
            with self.subTest(url=url):
                self.assertEqual(editor.get(OUTBOX + url).status_code, 404)
                self.assertEqual(editor.post(OUTBOX + url).status_code, 404)


class WhoSeesTheOutboxTests(OutboxAdminTestCase):
    def assertKeptOut(self, client, email):
        for url in (OUTBOX, f"{OUTBOX}inspect/{email.pk}/", f"{OUTBOX}send-again/{email.pk}/"):
            with self.subTest(url=url):
                for response in (client.get(url), client.post(url)):
                    self.assertRefused(response)
        self.assertNotContains(client.get("/admin/"), MENU_ITEM)

    def test_staff_without_the_permission_never_see_an_emails_text(self):
        email = self.leader_sends_while_mail_is_refused()
        with self.captureOnCommitCallbacks(execute=True):
            self.assertKeptOut(client_for(can(make_user(), "view_expressionofinterest")), email)
        self.assertEqual(mail.outbox, [])

    def test_reading_is_not_sending(self):
        email = self.leader_sends_while_mail_is_refused()
        reader = client_for(can(make_user(), "view_outboxemail"))
        self.assertContains(reader.get(f"{OUTBOX}inspect/{email.pk}/"), "would like to work with you")
        self.assertNotContains(reader.get(OUTBOX), "send-again/")
        with self.captureOnCommitCallbacks(execute=True):
            self.assertRefused(reader.post(f"{OUTBOX}send-again/{email.pk}/"))
        self.assertEqual(mail.outbox, [])

    def test_a_coach_never_sees_the_outbox_even_if_given_the_permission(self):
        # The coach's admin is an allowlist (coaches/lockdown.py): a view not on it refuses them.
        email = self.leader_sends_while_mail_is_refused()
        coach = client_for(can(self.coach_login, "view_outboxemail", "change_outboxemail"))
        with self.captureOnCommitCallbacks(execute=True):
            self.assertKeptOut(coach, email)
        self.assertEqual(mail.outbox, [])
