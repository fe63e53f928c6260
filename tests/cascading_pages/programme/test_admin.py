"""Programme editors set the follow-up rules and the inbox under Settings › Programme settings;
coaches never reach them."""

import datetime

from django.core import mail
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from cascading_pages.programme.models import ProgrammeSettings
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

MENU_URL = reverse("wagtailsettings:edit", args=["cascading_pages", "programmesettings"])


def form_data(**changes):
    data = {
        "days_to_answer": "14",
        "remind_after_days": "9",
        "profile_check_days": "120",
        "profile_lapse_days": "21",
        "one_open_per_leader": "",
        "inbox": "team@example.org, lead@example.org",
        "from_address": "hello@example.org",
        "inbox_subject": "A leader would like a coach",
    }
    data.update(changes)
    return {name: value for name, value in data.items() if value}


class ProgrammeSettingsAdminTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_home()
        cls.site = Site.objects.get(is_default_site=True)
        directory = make_directory(cls.home)
        cls.coach = make_coach(directory, title="Priya Shah", contact_email="priya.private@example.org")
        cls.page = make_interest_page(cls.home)
        cls.editor = make_editor()
        cls.coach_login = make_coach_login(cls.coach, username="priya")
        cls.url = reverse("wagtailsettings:edit", args=["cascading_pages", "programmesettings", cls.site.pk])

    def settings(self):
        return ProgrammeSettings.objects.get(site=self.site)


class EditorTests(ProgrammeSettingsAdminTestCase):
    def setUp(self):
        self.client.force_login(self.editor)

    def test_an_editor_finds_them_under_settings_grouped_as_the_programme_works(self):
        self.assertContains(self.client.get(reverse("wagtailadmin_home")), MENU_URL)
        self.assertRedirects(self.client.get(MENU_URL), self.url)
        screen = self.client.get(self.url)
        self.assertContains(screen, "Programme settings")
        for heading in ("Coaches&#x27; answers", "Fresh profiles", "Leaders", "Programme inbox"):
            self.assertContains(screen, heading)
        self.assertContains(screen, "Days a coach has to accept or decline.")
        self.assertContains(screen, "Separate several addresses with commas.")
        self.assertContains(screen, 'value="programme@example.org"')

    def test_an_editor_changes_them_and_the_next_expression_of_interest_follows(self):
        response = self.client.post(self.url, form_data())
        self.assertRedirects(response, self.url)
        settings = self.settings()
        self.assertEqual(
            (settings.days_to_answer, settings.remind_after_days, settings.one_open_per_leader),
            (14, 9, False),
        )
        self.assertEqual((settings.profile_check_days, settings.profile_lapse_days), (120, 21))

        mail.outbox.clear()
        submission = send_interest(self.page, self.coach)
        inbox = [message for message in mail.outbox if "team@example.org" in message.to]
        self.assertEqual(len(inbox), 1)
        self.assertEqual(inbox[0].to, ["team@example.org", "lead@example.org"])
        self.assertEqual(inbox[0].subject, "A leader would like a coach")
        self.assertEqual({message.from_email for message in mail.outbox}, {"hello@example.org"})
        (to_coach,) = emails_to("priya.private@example.org")
        answer_by = timezone.localtime(submission.asked_at + datetime.timedelta(days=14))
        self.assertIn(f"Please accept or decline by {answer_by:%-d %B %Y}.", to_coach.body)
        (to_leader,) = emails_to("amara@example.org")
        self.assertEqual(to_leader.reply_to, ["team@example.org"])

    def test_what_cannot_work_is_explained_and_nothing_is_saved(self):
        cases = {
            "days_to_answer": ("1", "greater than or equal to 2"),
            "remind_after_days": ("60", "less than or equal to 59"),
            "profile_check_days": ("many", "Enter a whole number."),
            "profile_lapse_days": ("400", "less than or equal to 365"),
            "inbox": ("the team", "Enter a valid email address."),
            "from_address": ("programme at example", "Enter a valid email address."),
        }
        for field, (value, message) in cases.items():
            with self.subTest(field=field):
                response = self.client.post(self.url, form_data(**{field: value}))
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "The setting could not be saved due to errors.")
                self.assertContains(response, message)
                self.assertEqual(self.settings().inbox, "programme@example.org")
        data = form_data()
        del data["inbox"]
        self.assertContains(self.client.post(self.url, data), "This field is required.")
        self.assertEqual(self.settings().days_to_answer, 10)

    def test_the_form_page_no_longer_has_them_and_says_where_they_are(self):
        edit = self.client.get(reverse("wagtailadmin_pages:edit", args=[self.page.pk]))
        self.assertContains(edit, "Settings › Programme settings")
        for moved in ("days_to_answer", "remind_after_days", "one_open_per_leader", "to_address", "subject"):
            self.assertNotContains(edit, f'name="{moved}"')
        self.assertNotContains(edit, "Follow-up")


class CoachTests(ProgrammeSettingsAdminTestCase):
    def test_a_coach_can_neither_see_nor_change_them(self):
        self.client.force_login(self.coach_login)
        self.assertNotContains(self.client.get(reverse("wagtailadmin_home")), MENU_URL)
        for response in (
            self.client.get(MENU_URL),
            self.client.get(self.url),
            self.client.post(self.url, form_data(inbox="priya@example.org")),
        ):
            self.assertRedirects(response, reverse("wagtailadmin_home"), fetch_redirect_response=False)
        self.assertEqual(self.settings().inbox, "programme@example.org")
        self.assertEqual(self.settings().days_to_answer, 10)
