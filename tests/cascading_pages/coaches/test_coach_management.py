"""The programme team manages a coach from the coach's page: where they stand, and Invite,
Availability and Remove as buttons at the top rather than in the "…" menu."""

from django.test import TestCase
from django.urls import reverse

from cascading_pages.coaches import availability
from tests.factories import make_coach, make_coach_login, make_directory, make_editor, make_home


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


class CoachPanelTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        directory = make_directory(make_home())
        cls.no_login = make_coach(directory, title="Nia Brown", availability="limited")
        cls.with_login = make_coach(directory, title="Priya Shah")
        cls.priya = make_coach_login(cls.with_login, email="priya@example.org", password="coach-pass")
        cls.editor = make_editor()

    def test_an_editor_sees_a_coach_without_a_login_and_can_invite_them_from_the_top_of_the_page(self):
        self.client.force_login(self.editor)
        html = self.client.get(edit_url(self.no_login)).content.decode()
        invite = reverse("cascading_pages_admin:invite_coach", args=[self.no_login.pk])
        panel = html[html.index("data-coach-management") :]
        panel = panel[: panel.index("</div>")]
        self.assertIn(f'<a class="button button-small" href="{invite}">Invite coach</a>', panel)
        self.assertIn(reverse("cascading_pages_admin:coach_availability", args=[self.no_login.pk]), panel)
        self.assertNotIn("Remove coach", panel)
        self.assertIn("Limited availability, coaching 0 of 2", panel)
        self.assertIn("No login yet", panel)
        # The account field on the Private tab says so too, with the same link, never a bare "None".
        self.assertIn(f'No login yet — <a href="{invite}">invite</a>', html)

    def test_an_editor_sees_a_coachs_login_and_can_remove_it(self):
        self.client.force_login(self.editor)
        availability.update_state(self.with_login, paused=True)
        html = self.client.get(edit_url(self.with_login)).content.decode()
        remove = reverse("cascading_pages_admin:remove_coach", args=[self.with_login.pk])
        self.assertIn(f'href="{remove}">Remove coach</a>', html)
        self.assertIn("Login: priya@example.org.", html)
        self.assertIn("<strong>Not taking new leaders</strong>", html)
        self.assertIn(", paused.", html)
        self.assertNotIn("Invite coach", html)
        self.assertNotIn("No login yet", html)

    def test_a_coach_editing_their_own_profile_sees_neither_the_panel_nor_their_account(self):
        self.client.login(username=self.priya.get_username(), password="coach-pass")
        response = self.client.get(edit_url(self.with_login))
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "data-coach-management")
        self.assertNotContains(response, "Remove coach")
        self.assertNotContains(
            response, reverse("cascading_pages_admin:remove_coach", args=[self.with_login.pk])
        )
