"""Programme editors word the programme's emails under Settings › Programme emails: the next email
sent carries their words, a placeholder the email does not know is a form error, and a site that
never edits them sends the words it always sent. Coaches never reach the setting."""

import datetime

from django.core import mail
from django.test import TestCase
from django.urls import reverse
from wagtail.models import Site

from cascading_pages import scheduler
from cascading_pages.coaches.accounts import invite_coach
from cascading_pages.coaches.models import CoachAvailability
from cascading_pages.interest import responses
from cascading_pages.programme.models import ProgrammeEmails
from tests.factories import (
    emails_to,
    make_coach,
    make_coach_login,
    make_directory,
    make_editor,
    make_home,
    make_interest_page,
    make_programme_settings,
    send_interest,
)

DAY = datetime.timedelta(days=1)
MENU_URL = reverse("wagtailsettings:edit", args=["cascading_pages", "programmeemails"])
WORDING = [field.name for field in ProgrammeEmails._meta.fields if field.name not in ("id", "site")]


def form_data(**changes):
    """What the settings form posts: every text as it came, but for ``changes``."""
    data = {name: ProgrammeEmails._meta.get_field(name).default for name in WORDING}
    data.update(changes)
    return data


class ProgrammeEmailsTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_home()
        cls.site = Site.objects.get(is_default_site=True)
        cls.directory = make_directory(cls.home)
        cls.priya = make_coach(cls.directory, title="Priya Shah", contact_email="priya.private@example.org")
        cls.page = make_interest_page(cls.home)
        make_programme_settings(inbox="team@example.org")
        cls.editor = make_editor()
        cls.url = reverse("wagtailsettings:edit", args=["cascading_pages", "programmeemails", cls.site.pk])

    def send_interest(self, **answers):
        mail.outbox.clear()
        return send_interest(self.page, self.priya, **answers)

    def email_to(self, address):
        (message,) = emails_to(address)
        return message


class DefaultWordsTests(ProgrammeEmailsTestCase):
    def test_a_site_that_never_edits_them_sends_the_words_it_always_sent(self):
        self.assertFalse(ProgrammeEmails.objects.exists())
        self.send_interest()
        to_leader = self.email_to("amara@example.org")
        self.assertEqual(
            to_leader.subject, "We have received your expression of interest: Cascading Leadership"
        )
        self.assertIn(
            "Dear Amara Okafor,\n\nThank you for registering your interest in working with Priya Shah through "
            "Cascading Leadership.\n\nWhat happens next\n",
            to_leader.body,
        )
        self.assertTrue(
            to_leader.body.rstrip().endswith("reply to this email.\n\nCascading Leadership"), to_leader.body
        )
        to_coach = self.email_to("priya.private@example.org")
        self.assertEqual(to_coach.subject, "A leader would like to work with you: Cascading Leadership")
        self.assertIn(
            "Dear Priya Shah,\n\nAmara Okafor would like to work with you through Cascading Leadership.\n\nName:",
            to_coach.body,
        )
        self.assertTrue(to_coach.body.rstrip().endswith("\n\nCascading Leadership"))


class EditorTests(ProgrammeEmailsTestCase):
    def setUp(self):
        self.client.force_login(self.editor)

    def test_an_editor_finds_them_under_settings_grouped_by_who_gets_each_email(self):
        self.assertContains(self.client.get(reverse("wagtailadmin_home")), MENU_URL)
        self.assertRedirects(self.client.get(MENU_URL), self.url)
        screen = self.client.get(self.url)
        self.assertContains(screen, "Programme emails")
        for heading in (
            "Emails to leaders",
            "Emails to coaches",
            "Sign-off",
            "When a leader sends an expression of interest",
            "When their coach accepts",
            "When it is time to confirm their profile",
        ):
            self.assertContains(screen, heading)
        self.assertContains(screen, "You can use {leader_name} and {coach_name}.")
        self.assertContains(screen, "Good news: {coach_name} has accepted your expression of interest")

    def test_an_editor_rewords_an_email_and_the_next_one_sent_carries_the_new_words(self):
        response = self.client.post(
            self.url,
            form_data(
                leader_received_subject="Thank you, {leader_name}: we have your request",
                leader_received_opening="Thank you for choosing {coach_name}.\n\nWe read every request {{really}}.",
                coach_received_opening="{leader_name} has chosen you as their coach.",
                leader_accepted_subject="{coach_name} said yes",
                sign_off="The Cascading Leadership team",
            ),
        )
        self.assertRedirects(response, self.url)

        submission = self.send_interest()
        to_leader = self.email_to("amara@example.org")
        self.assertEqual(to_leader.subject, "Thank you, Amara Okafor: we have your request")
        self.assertIn(
            "Dear Amara Okafor,\n\nThank you for choosing Priya Shah.\n\nWe read every request {really}.\n\n",
            to_leader.body,
        )
        self.assertTrue(to_leader.body.rstrip().endswith("\n\nThe Cascading Leadership team"))
        self.assertNotIn("Thank you for registering", to_leader.body)
        to_coach = self.email_to("priya.private@example.org")
        self.assertIn(
            "Dear Priya Shah,\n\nAmara Okafor has chosen you as their coach.\n\nName:", to_coach.body
        )
        self.assertEqual(to_coach.subject, "A leader would like to work with you: Cascading Leadership")

        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            responses.accept(submission, self.priya)
        self.assertEqual(self.email_to("amara@example.org").subject, "Priya Shah said yes")

    def test_a_leaders_name_with_braces_in_it_is_sent_as_written(self):
        self.client.post(self.url, form_data(leader_received_subject="Thank you, {leader_name}"))
        self.send_interest(leader_name="Amara {coach_name}")
        self.assertEqual(self.email_to("amara@example.org").subject, "Thank you, Amara {coach_name}")

    def test_a_placeholder_the_email_does_not_know_or_a_stray_brace_is_a_form_error(self):
        cases = {
            "leader_received_subject": (
                "Hello {leader_nam}",
                "“{leader_nam}” is not a placeholder this email knows.",
            ),
            "coach_received_opening": (
                "{leader_name} chose you {",
                "A “{” or “}” on its own cannot be sent.",
            ),
            "profile_check_opening": ("Dear {leader_name}", "You can use {coach_name}."),
            "sign_off": ("{coach_name}", "This text takes no placeholders."),
            "leader_accepted_opening": ("{coach_name.__class__}", "is not a placeholder this email knows."),
        }
        for field, (value, message) in cases.items():
            with self.subTest(field=field):
                response = self.client.post(self.url, form_data(**{field: value}))
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "The setting could not be saved due to errors.")
                self.assertContains(response, message)
                self.assertFalse(ProgrammeEmails.objects.filter(**{field: value}).exists())
        data = form_data()
        del data["leader_received_subject"]
        self.assertContains(self.client.post(self.url, data), "This field is required.")

        # Nothing was saved, so the emails keep their words.
        self.send_interest()
        self.assertEqual(
            self.email_to("amara@example.org").subject,
            "We have received your expression of interest: Cascading Leadership",
        )

    def test_a_coachs_invitation_takes_its_subject_from_the_setting(self):
        self.client.post(
            self.url, form_data(invitation_subject="{coach_name}, your {site_name} login is ready")
        )
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            invite_coach(self.priya, "priya.login@example.org", base_url="https://example.org")
        (invitation,) = mail.outbox
        self.assertEqual(invitation.subject, "Priya Shah, your Cascading Leadership login is ready")

    def test_the_still_accurate_email_to_a_coach_carries_the_new_words(self):
        self.client.post(
            self.url,
            form_data(
                profile_check_subject="{coach_name}, is your profile right?",
                profile_check_opening="Leaders read your profile before they choose you.",
                sign_off="The programme team",
            ),
        )
        confirmed = CoachAvailability.objects.get(pk=self.priya.pk).confirmed_at
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            scheduler.run(now=confirmed + 200 * DAY)
        prompt = self.email_to("priya.private@example.org")
        self.assertEqual(prompt.subject, "Priya Shah, is your profile right?")
        self.assertIn(
            "Dear Priya Shah,\n\nLeaders read your profile before they choose you. You last confirmed it on",
            prompt.body,
        )
        self.assertTrue(prompt.body.rstrip().endswith("\n\nThe programme team"))


class SavedAroundTheFormTests(ProgrammeEmailsTestCase):
    def test_words_that_cannot_be_filled_send_the_default_words_and_are_logged(self):
        ProgrammeEmails.objects.create(site=self.site, leader_received_subject="Hello {leader_nam")
        with self.assertLogs("cascading_pages.programme.models", "WARNING") as logs:
            self.send_interest()
        self.assertEqual(
            self.email_to("amara@example.org").subject,
            "We have received your expression of interest: Cascading Leadership",
        )
        self.assertIn("leader_received_subject cannot be filled", logs.output[0])


class CoachTests(ProgrammeEmailsTestCase):
    def test_a_coach_can_neither_see_nor_change_them(self):
        self.client.force_login(make_coach_login(self.priya, username="priya"))
        self.assertNotContains(self.client.get(reverse("wagtailadmin_home")), MENU_URL)
        for response in (
            self.client.get(MENU_URL),
            self.client.get(self.url),
            self.client.post(self.url, form_data(sign_off="Priya")),
        ):
            self.assertRedirects(response, reverse("wagtailadmin_home"), fetch_redirect_response=False)
        self.assertFalse(ProgrammeEmails.objects.filter(sign_off="Priya").exists())
