"""Every link in an email starts with the site's one public address (CASCADING_PUBLIC_URL).

Not the Site's root URL (``http://localhost`` here, as in the demo), and never the host a request
came in on: an invitation or a password reset asked for through ``evil.example`` must not send
anyone there. Each email kind is checked by the exact host of every link in its body.
"""

import datetime
import re

from django.core import mail
from django.test import TestCase, override_settings
from django.urls import reverse

from cascading_pages import scheduler
from cascading_pages.coaches.models import CoachAvailability
from cascading_pages.mail.models import OutboxEmail
from cascading_pages.public_url import page_url, public_url
from tests.factories import (
    emails_to,
    make_coach,
    make_coach_login,
    make_directory,
    make_editor,
    make_home,
    make_interest_page,
    send_interest,
)

PUBLIC = "https://coaching.example.org"
LINK = re.compile(r"https?://[^\s\"'<>]+")


def links(body):
    return LINK.findall(body)


@override_settings(CASCADING_PUBLIC_URL=PUBLIC, WAGTAILADMIN_BASE_URL=PUBLIC)
class EmailedLinksTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_home()  # the default Site: http://localhost
        cls.directory = make_directory(cls.home)
        cls.priya = make_coach(cls.directory, title="Priya Shah", contact_email="priya.private@example.org")
        cls.page = make_interest_page(cls.home)
        cls.priya_login = make_coach_login(cls.priya, username="priya", email="priya@example.org")
        cls.editor = make_editor(email="editor@example.org", password="editor-pass")

    def assertLinksArePublic(self, message, at_least=1):
        found = links(message.body)
        self.assertGreaterEqual(len(found), at_least, message.body)
        for link in found:
            self.assertTrue(link.startswith(PUBLIC + "/"), f"{link} in {message.subject!r}")

    def send(self, **answers):
        return send_interest(self.page, self.priya, "198.51.100.7", **answers)

    def test_the_emails_about_an_expression_of_interest_link_to_the_public_address(self):
        self.send()
        by_recipient = {message.to[0]: message for message in mail.outbox}
        self.assertLinksArePublic(by_recipient["programme@example.org"])  # the admin's inspect view
        coach = by_recipient["priya.private@example.org"]
        self.assertLinksArePublic(coach, at_least=2)  # the answer link and the admin's
        self.assertIn(f"{PUBLIC}/coach-response/", coach.body)
        self.assertLinksArePublic(by_recipient["amara@example.org"], at_least=0)  # the leader's receipt
        # What the outbox keeps (and sends again) is the same text.
        for email in OutboxEmail.objects.all():
            for link in links(email.body):
                self.assertTrue(link.startswith(PUBLIC + "/"), link)

    def test_a_reminder_and_the_leader_told_nobody_answered_link_to_the_public_address(self):
        submission = self.send()
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            scheduler.run(now=submission.asked_at + datetime.timedelta(days=8))
        (reminder,) = emails_to("priya.private@example.org")
        self.assertIn(f"{PUBLIC}/coach-response/", reminder.body)
        self.assertLinksArePublic(reminder, at_least=2)

        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            scheduler.run(now=submission.asked_at + datetime.timedelta(days=11))
        (not_matched,) = emails_to("amara@example.org")
        self.assertIn(f"{PUBLIC}{self.directory.url}", not_matched.body)
        self.assertIn(f"{PUBLIC}{self.page.url}", not_matched.body)
        self.assertLinksArePublic(not_matched, at_least=2)

    def test_the_profile_check_and_the_lapsed_profiles_emails_link_to_the_public_address(self):
        confirmed = CoachAvailability.objects.get(pk=self.priya.pk).confirmed_at
        with self.captureOnCommitCallbacks(execute=True):
            scheduler.run(now=confirmed + datetime.timedelta(days=184))
        (prompt,) = emails_to("priya.private@example.org")
        self.assertIn(f"{PUBLIC}/profile-check/", prompt.body)
        self.assertIn(f"{PUBLIC}{self.priya.url}", prompt.body)
        self.assertLinksArePublic(prompt, at_least=2)

        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            scheduler.run(now=confirmed + datetime.timedelta(days=184 + 31))
        (lapsed,) = emails_to("programme@example.org")
        self.assertIn(f"{PUBLIC}/admin/", lapsed.body)
        self.assertLinksArePublic(lapsed)

    def test_an_invitation_asked_for_through_another_host_links_to_the_public_address(self):
        self.client.force_login(self.editor)
        other = make_coach(self.directory, title="Tom Evans", contact_email="tom@example.org")
        url = reverse("cascading_pages_admin:invite_coach", args=[other.pk])
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(url, {"email": "tom@example.org"}, HTTP_HOST="evil.example")
        self.assertEqual(response.status_code, 302)
        (invitation,) = mail.outbox
        self.assertIn(f"{PUBLIC}/admin/password_reset/confirm/", invitation.body)
        self.assertIn(f"{PUBLIC}/admin/login/", invitation.body)
        self.assertLinksArePublic(invitation, at_least=2)

    def test_a_password_reset_asked_for_through_another_host_links_to_the_public_address(self):
        response = self.client.post(
            reverse("wagtailadmin_password_reset"), {"email": "editor@example.org"}, HTTP_HOST="evil.example"
        )
        self.assertEqual(response.status_code, 302)
        (reset,) = mail.outbox
        self.assertIn(f"{PUBLIC}/admin/password_reset/confirm/", reset.body)
        self.assertLinksArePublic(reset)

    def test_wagtails_moderation_emails_link_to_the_public_address(self):
        page = self.priya.specific
        page.summary = "A change waiting for approval."
        revision = page.save_revision(user=self.priya_login)
        page.get_workflow().start(page, self.priya_login)
        self.assertIsNotNone(revision)
        (submitted,) = [m for m in mail.outbox if "editor@example.org" in m.to]
        self.assertLinksArePublic(submitted)


class PublicUrlTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_home()
        cls.directory = make_directory(cls.home)

    @override_settings(CASCADING_PUBLIC_URL=PUBLIC + "/")
    def test_a_page_and_a_path_are_joined_to_the_public_address_with_one_slash(self):
        self.assertEqual(page_url(self.directory), PUBLIC + self.directory.url)
        self.assertEqual(public_url("/admin/"), PUBLIC + "/admin/")

    @override_settings(CASCADING_PUBLIC_URL="", WAGTAILADMIN_BASE_URL="")
    def test_a_host_that_configured_no_address_gets_page_links_from_the_site_and_no_admin_links(self):
        self.assertEqual(page_url(self.directory), "http://localhost" + self.directory.url)
        self.assertEqual(public_url("/admin/"), "")
