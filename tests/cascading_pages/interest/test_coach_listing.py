"""The programme team's "Coaches" listing: every coach's standing in one sortable, filterable table."""

import datetime

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from cascading_pages.coaches.models import CoachAvailability
from cascading_pages.interest.models import ExpressionOfInterest, Status
from cascading_pages.vocabularies.models import Region
from tests.factories import (
    make_coach,
    make_coach_login,
    make_directory,
    make_editor,
    make_home,
    make_interest_page,
    make_user,
)

LISTING = reverse("cascading_pages_coaches:index")
# The whole listing page for an editor, however many coaches: session and user, permissions, the
# count and the rows, the menu and the page's own lookups.
QUERIES = 18


def expression(form_page, coach, status):
    return ExpressionOfInterest.objects.create(
        page=form_page,
        form_data={},
        leader_name="A leader",
        email="leader@example.org",
        organisation="Riverside",
        coach=coach,
        current_coach=coach,
        status=status,
    )


def confirmed(coach, days_ago):
    CoachAvailability.objects.filter(coach=coach).update(
        confirmed_at=timezone.now() - datetime.timedelta(days=days_ago)
    )


def order_of(html, names):
    body = html[html.index("<tbody") :]
    return sorted(names, key=body.index)


class CoachListingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = make_home()
        directory = make_directory(home)
        form_page = make_interest_page(home)
        cls.nia = make_coach(directory, title="Nia Brown", availability="limited", regions=["North West"])
        cls.priya = make_coach(directory, title="Priya Shah", regions=["London"])
        cls.tom = make_coach(directory, title="Tom Reed", live=False, availability="full")
        make_coach_login(cls.priya, email="priya@example.org", password="coach-pass")
        expression(form_page, cls.nia, Status.NEW)
        expression(form_page, cls.nia, Status.COACH_CONTACTED)
        expression(form_page, cls.nia, Status.ACCEPTED)  # coaching: not waiting
        expression(form_page, cls.priya, Status.WITHDRAWN)
        confirmed(cls.nia, 10)
        confirmed(cls.priya, 200)
        confirmed(cls.tom, 40)
        cls.editor = make_editor()

    def setUp(self):
        self.client.force_login(self.editor)

    def row(self, html, name):
        start = html.index(name)
        return html[start : html.index("</tr>", start)]

    def test_an_editor_finds_coaches_in_the_menu_and_sees_where_each_stands(self):
        home = self.client.get(reverse("wagtailadmin_home")).content.decode()
        self.assertIn(LISTING, home)
        response = self.client.get(LISTING)
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn("<title>Coaches", html)
        for heading in ("Name", "Availability", "Login", "Last confirmed", "Leaders waiting", "Status"):
            self.assertIn(heading, html)
        nia = self.row(html, "Nia Brown")
        self.assertIn(reverse("wagtailadmin_pages:edit", args=[self.nia.pk]), html)
        self.assertIn("Limited availability; taking leaders now", nia)
        self.assertIn("No login yet", nia)
        self.assertIn(">2<", nia.replace(" ", "").replace("\n", ""))
        self.assertIn("live", nia)
        priya = self.row(html, "Priya Shah")
        self.assertIn("priya@example.org", priya)
        self.assertIn("Available; taking leaders now", priya)
        self.assertIn(">0<", priya.replace(" ", "").replace("\n", ""))
        tom = self.row(html, "Tom Reed")
        self.assertIn("Full: not taking new leaders", tom)
        self.assertNotIn("taking leaders now", tom)
        self.assertIn("draft", tom)

    def test_sorted_by_last_confirmed_the_longest_unconfirmed_comes_first(self):
        html = self.client.get(LISTING, {"ordering": "last_confirmed"}).content.decode()
        self.assertEqual(
            order_of(html, ["Nia Brown", "Priya Shah", "Tom Reed"]), ["Priya Shah", "Tom Reed", "Nia Brown"]
        )
        html = self.client.get(LISTING, {"ordering": "-last_confirmed"}).content.decode()
        self.assertEqual(
            order_of(html, ["Nia Brown", "Priya Shah", "Tom Reed"]), ["Nia Brown", "Tom Reed", "Priya Shah"]
        )

    def test_filtering_by_declared_availability_and_login(self):
        html = self.client.get(LISTING, {"declared": "limited"}).content.decode()
        body = html[html.index("<tbody") :]
        self.assertIn("Nia Brown", body)
        self.assertNotIn("Priya Shah", body)
        self.assertNotIn("Tom Reed", body)
        body = self.client.get(LISTING, {"has_login": "true"}).content.decode()
        body = body[body.index("<tbody") :]
        self.assertIn("Priya Shah", body)
        self.assertNotIn("Nia Brown", body)
        body = self.client.get(LISTING, {"accepting_new_leaders": "false"}).content.decode()
        body = body[body.index("<tbody") :]
        self.assertEqual(order_of(body, ["Tom Reed"]), ["Tom Reed"])
        self.assertNotIn("Nia Brown", body)

    def test_filtering_by_region(self):
        north_west = Region.objects.get(name="North West")
        body = self.client.get(LISTING, {"region": north_west.pk}).content.decode()
        body = body[body.index("<tbody") :]
        self.assertIn("Nia Brown", body)
        self.assertNotIn("Priya Shah", body)
        self.assertNotIn("Tom Reed", body)

    def test_a_nonsense_filter_or_ordering_is_no_error(self):
        self.assertEqual(
            self.client.get(LISTING, {"declared": "bogus", "ordering": "password"}).status_code, 200
        )
        self.assertEqual(self.client.get(LISTING, {"region": "x", "has_login": "maybe"}).status_code, 200)

    def test_a_coach_is_refused_and_does_not_see_it_in_the_menu(self):
        self.client.logout()
        self.assertTrue(self.client.login(username=self.priya.account.get_username(), password="coach-pass"))
        response = self.client.get(LISTING)
        self.assertRedirects(response, reverse("wagtailadmin_home"), fetch_redirect_response=False)
        self.assertNotIn(LISTING, self.client.get(reverse("wagtailadmin_home")).content.decode())

    def test_wagtails_own_editors_and_moderators_are_refused_and_not_shown_it(self):
        for group in ("Editors", "Moderators"):
            with self.subTest(group):
                self.client.force_login(make_user(groups=[group]))
                response = self.client.get(LISTING)
                self.assertRedirects(response, reverse("wagtailadmin_home"), fetch_redirect_response=False)
                self.assertNotIn(LISTING, self.client.get(reverse("wagtailadmin_home")).content.decode())

    def test_searching_by_name_keeps_the_columns(self):
        html = self.client.get(LISTING, {"q": "Nia"}).content.decode()
        body = html[html.index("<tbody") :]
        self.assertNotIn("Priya Shah", body)
        self.assertIn("Limited availability; taking leaders now", self.row(html, "Nia Brown"))


class CoachListingQueryCountTests(TestCase):
    """The listing's queries do not grow with the number of coaches."""

    def build(self, coaches):
        home = make_home()
        directory = make_directory(home)
        form_page = make_interest_page(home)
        for n in range(coaches):
            coach = make_coach(
                directory, title=f"Coach {n}", availability="limited" if n % 2 else "available"
            )
            make_coach_login(coach, email=f"c{n}@example.org")
            expression(form_page, coach, Status.NEW)
        self.client.force_login(make_editor())
        self.client.get(LISTING)  # the first request fills the site and content-type caches

    def assert_listing_queries(self, coaches):
        self.build(coaches)
        with self.assertNumQueries(QUERIES):
            html = self.client.get(LISTING).content.decode()
        self.assertEqual(html.count("c0@example.org"), 1)
        self.assertIn(f"Coach {coaches - 1}", html)

    def test_two_coaches(self):
        self.assert_listing_queries(2)

    def test_six_coaches(self):
        self.assert_listing_queries(6)
