"""The programme team's dashboard says, in plain words, how to run the programme, with links to the
screens for each job; each link is one the reader may open. Coaches never see it."""

import re

from django.contrib.auth.models import Group, Permission
from django.test import TestCase
from django.urls import reverse

from tests.factories import (
    make_coach,
    make_coach_login,
    make_directory,
    make_editor,
    make_home,
    make_interest_page,
    make_user,
)

HEADING = "Running the programme"


class ProgrammeTeamDashboardTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_home()
        cls.directory = make_directory(cls.home)
        cls.coach_page = make_coach(cls.directory, title="Amara Okafor")
        cls.form_page = make_interest_page(cls.home)
        cls.editor = make_editor()

    def dashboard(self, user):
        self.client.force_login(user)
        response = self.client.get(reverse("wagtailadmin_home"))
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    @staticmethod
    def panel(html):
        """The panel's HTML, or None when the dashboard does not show it."""
        found = re.search(r'<section[^>]*id="programme-team-section".*?</section>', html, re.S)
        return found.group(0) if found else None

    @staticmethod
    def links(panel):
        return {
            label.strip(): href
            for href, label in re.findall(r'<a class="button[^"]*" href="([^"]+)">([^<]+)</a>', panel)
        }

    def test_an_editor_is_shown_each_job_with_links_that_open(self):
        panel = self.panel(self.dashboard(self.editor))
        self.assertIsNotNone(panel)
        self.assertIn(HEADING, panel)
        self.assertIn("Invite coach", panel)  # editors manage coaches' logins
        links = self.links(panel)
        settings_link = links.pop("Programme settings")
        self.assertEqual(
            links,
            {
                "Add a coach": reverse(
                    "wagtailadmin_pages:add", args=["cascading_pages", "coachpage", self.directory.pk]
                ),
                "Coaches in the directory": reverse("wagtailadmin_explore", args=[self.directory.pk]),
                "Pages in moderation": reverse("wagtailadmin_reports:workflow"),
                "Expressions of interest": reverse("cascading_pages_expressionofinterest_modeladmin_index"),
                "Take-up overview": reverse("cascading_take_up_overview"),
            },
        )
        for label, href in links.items():
            with self.subTest(label):
                self.assertEqual(self.client.get(href).status_code, 200)
        # Wherever the programme settings live, the link opens the screen that edits them.
        self.assertContains(self.client.get(settings_link, follow=True), 'name="days_to_answer"')

    def test_a_coach_sees_their_own_dashboard_and_not_the_teams(self):
        coach = make_coach_login(self.coach_page)
        html = self.dashboard(coach)
        self.assertIn("Your coach profile", html)
        self.assertIsNone(self.panel(html))
        self.assertNotIn(HEADING, html)

    def test_someone_who_only_follows_up_expressions_of_interest_sees_only_those_links(self):
        follow_up = Group.objects.create(name="Follow-up team")
        follow_up.permissions.add(
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
            Permission.objects.get(
                content_type__app_label="cascading_pages", codename="view_expressionofinterest"
            ),
        )
        member = make_user(groups=["Follow-up team"])
        panel = self.panel(self.dashboard(member))
        self.assertIsNotNone(panel)
        links = self.links(panel)
        self.assertEqual(set(links), {"Expressions of interest", "Take-up overview"})
        self.assertNotIn("Invite coach", panel)
        for href in links.values():
            self.assertEqual(self.client.get(href).status_code, 200)

    def test_someone_with_none_of_these_screens_gets_no_panel(self):
        Group.objects.create(name="Admin access only").permissions.add(
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        )
        html = self.dashboard(make_user(groups=["Admin access only"]))
        self.assertIsNone(self.panel(html))
