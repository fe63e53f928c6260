"""What visitors search for: recorded without personal data, reported to staff with the permission,
and results editors promote shown first, marked "Recommended", only when a visitor may see them."""

import csv
import datetime
import io

from django.contrib.auth.models import Permission
from django.test import SimpleTestCase, TestCase
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion
from wagtail.models import PageViewRestriction

from cascading_pages.search.models import QueryDailyMisses
from cascading_pages.search.querylog import MAX_LOGGED_LENGTH, loggable
from tests.factories import (
    make_coach,
    make_coach_user,
    make_directory,
    make_editor,
    make_home,
    make_standard_page,
)

REPORT_URL = "/admin/reports/search-terms/"


def counts(text):
    query = Query.objects.get(query_string=text)
    misses = QueryDailyMisses.objects.filter(query=query).values_list("misses", flat=True)
    return query.hits, sum(misses)


class WhatIsRecordedTests(SimpleTestCase):
    def test_only_the_lower_case_words_are_kept(self):
        self.assertEqual(loggable("  Mental   HEALTH, please!\t"), "mental health please")

    def test_control_characters_are_stripped(self):
        self.assertEqual(loggable("gover\x00nance\x1b[31m\x7f"), "gover nance 31m")

    def test_a_long_search_is_cut_at_a_word_within_the_cap(self):
        stored = loggable("governance " * 30)
        self.assertLessEqual(len(stored), MAX_LOGGED_LENGTH)
        self.assertTrue(stored.endswith("governance"))
        self.assertEqual(len(loggable("x" * 500)), MAX_LOGGED_LENGTH)

    def test_an_email_address_or_a_phone_number_is_not_recorded(self):
        for typed in (
            "jo.bloggs@example.org",
            "jo bloggs @ example . org",
            "mentor for @jo_bloggs",
            "call me 020 7946 0958",
            "+44 (0)7700-900123",
            "07700900123",
        ):
            with self.subTest(typed=typed):
                self.assertEqual(loggable(typed), "")
        self.assertEqual(loggable("coaches in 2025"), "coaches in 2025")


class RecordingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_home()
        cls.directory = make_directory(cls.home)
        make_coach(cls.directory, title="Chidi Nwosu", summary="Charity governance and boards.")

    def test_a_directory_search_is_counted_and_one_that_found_nobody_too(self):
        self.client.get(self.directory.url, {"q": "Governance"})
        self.client.get(self.directory.url, {"q": "governance"})
        self.client.get(self.directory.url, {"q": "zzyzx"})
        self.assertEqual(counts("governance"), (2, 0))
        self.assertEqual(counts("zzyzx"), (1, 1))

    def test_the_next_page_of_a_search_and_a_personal_search_are_not_counted(self):
        self.client.get(self.directory.url, {"q": "governance", "page": "2"})
        self.client.get(self.directory.url, {"q": "jo@example.org"})
        self.client.get(self.directory.url)
        self.assertFalse(Query.objects.exists())

    def test_the_search_page_stores_the_words_capped_and_never_an_address_or_a_number(self):
        self.client.get("/search/", {"query": "  Charity   GOVERNANCE\t"})
        self.client.get("/search/", {"query": "coaching " * 22})  # 197 characters
        self.client.get("/search/", {"query": "Jo.Bloggs@Example.org"})
        self.client.get("/search/", {"query": "ring 020 7946 0958"})
        self.client.get("/api/v1/search/", {"query": "governance"})  # The API is not a visitor's search.
        stored = list(Query.objects.values_list("query_string", flat=True))
        self.assertEqual(sorted(stored, key=len), ["charity governance", ("coaching " * 11).strip()])
        self.assertLessEqual(max(map(len, stored)), MAX_LOGGED_LENGTH)

    def test_a_site_search_is_counted(self):
        self.client.get("/search/", {"query": "governance"})
        self.client.get("/search/", {"query": "nothingmatches"})
        self.assertEqual(counts("governance"), (1, 0))
        self.assertEqual(counts("nothingmatches"), (1, 1))


class ReportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.today = timezone.localdate()
        days_ago = [cls.today - datetime.timedelta(days=n) for n in range(60)]
        cls.record("governance", days_ago[0], hits=5)
        cls.record("governance", days_ago[3], hits=2)
        cls.record("fundrasing", days_ago[1], hits=3, misses=3)
        cls.record("mentoring", days_ago[2], hits=4, misses=1)
        cls.record("old news", days_ago[45], hits=9, misses=9)
        cls.staff = make_editor(password="pw")
        cls.staff.user_permissions.add(Permission.objects.get(codename="view_search_terms_report"))
        cls.editor = make_editor(password="pw")
        cls.coach = make_coach_user(make_directory(make_home()), login={"password": "pw"})

    @classmethod
    def record(cls, text, date, hits, misses=0):
        query = Query.get(text)
        QueryDailyHits.objects.create(query=query, date=date, hits=hits)
        if misses:
            QueryDailyMisses.objects.create(query=query, date=date, misses=misses)

    def report(self, user=None, **params):
        self.client.force_login(user or self.staff)
        return self.client.get(REPORT_URL, params)

    def rows(self, response):
        return [(q.query_string, q.searches, q.found_nothing) for q in response.context["object_list"]]

    def test_the_last_30_days_by_default_most_frequent_first(self):
        response = self.report()
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            self.rows(response), [("governance", 7, 0), ("mentoring", 4, 1), ("fundrasing", 3, 3)]
        )
        self.assertContains(response, "What visitors search for")

    def test_a_chosen_period_counts_only_its_days(self):
        start = self.today - datetime.timedelta(days=2)
        response = self.report(date_from=start.isoformat(), date_to=self.today.isoformat())
        self.assertEqual(
            self.rows(response), [("governance", 5, 0), ("mentoring", 4, 1), ("fundrasing", 3, 3)]
        )
        start = self.today - datetime.timedelta(days=50)
        end = self.today - datetime.timedelta(days=40)
        response = self.report(date_from=start.isoformat(), date_to=end.isoformat())
        self.assertEqual(self.rows(response), [("old news", 9, 9)])

    def test_the_searches_that_found_nothing(self):
        response = self.report(found="nothing")
        self.assertEqual(self.rows(response), [("mentoring", 4, 1), ("fundrasing", 3, 3)])
        response = self.report(found="nothing", ordering="-found_nothing")
        self.assertEqual(self.rows(response), [("fundrasing", 3, 3), ("mentoring", 4, 1)])

    def test_a_period_that_ends_before_it_starts_is_refused_with_a_reason(self):
        response = self.report(date_from=self.today.isoformat(), date_to="2020-01-01")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.rows(response), [])
        self.assertContains(response, "The start of the period must be on or before its end.")
        response = self.report(date_from="2001-01-01", date_to=self.today.isoformat())
        self.assertContains(response, "Choose a period of at most 366 days.")
        response = self.report(date_from="not a date")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.rows(response), [])

    def test_the_report_is_exported_as_csv(self):
        response = self.report(found="nothing", export="csv")
        self.assertEqual(response.status_code, 200)
        self.assertIn("text/csv", response["Content-Type"])
        body = (
            b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
        )
        rows = list(csv.reader(io.StringIO(body)))
        self.assertEqual(
            rows,
            [
                ["Search words", "Searches", "Found nothing"],
                ["mentoring", "4", "1"],
                ["fundrasing", "3", "3"],
            ],
        )

    def test_staff_without_the_permission_and_coaches_cannot_see_it(self):
        for user in (self.editor, self.coach):
            with self.subTest(user=user.username):
                response = self.report(user)
                self.assertEqual(response.status_code, 302)
                self.assertNotIn("governance", response.content.decode())
                response = self.report(user, export="csv")
                self.assertEqual(response.status_code, 302)
        self.client.logout()
        response = self.client.get(REPORT_URL)
        self.assertEqual(response.status_code, 302)
        self.assertIn("/admin/login/", response["Location"])

    def test_a_coach_cannot_reach_wagtails_query_chooser_or_its_search_terms_report(self):
        # Both list what leaders searched for; an editor may choose a query for a promotion.
        urls = [
            "/admin/searchpicks/queries/chooser/",
            "/admin/searchpicks/queries/chooser/results/?q=fund",
            "/admin/searchpicks/reports/search-terms/",
            "/admin/searchpicks/reports/search-terms/results/",
        ]
        self.client.force_login(self.coach)
        for url in urls:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertNotIn("fundrasing", response.content.decode())
        self.assertNotIn("fundrasing", self.client.get("/admin/", follow=True).content.decode())
        self.client.force_login(self.editor)
        self.assertContains(self.client.get(urls[1]), "fundrasing")
        self.assertEqual(self.client.get(urls[2]).status_code, 302)  # Wagtail's: superusers only.

    def test_the_reports_menu_shows_it_only_to_those_who_may_see_it(self):
        self.client.force_login(self.staff)
        self.assertContains(self.client.get("/admin/"), REPORT_URL)
        self.client.force_login(self.editor)
        self.assertNotContains(self.client.get("/admin/"), REPORT_URL)


class PromotionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_home()
        cls.directory = make_directory(cls.home)
        cls.match = make_coach(
            cls.directory, title="Amara Okafor", summary="Charity governance.", regions=["London"]
        )
        cls.promoted = make_coach(cls.directory, title="Zara Young", summary="Youth work.", regions=["Wales"])
        cls.unpublished = make_coach(cls.directory, title="Gone Quiet", summary="Youth work.")
        cls.unpublished.unpublish()
        cls.private = make_coach(cls.directory, title="Private Person", summary="Youth work.")
        PageViewRestriction.objects.create(page=cls.private, restriction_type="password", password="x")
        cls.page = make_standard_page(cls.home, title="How coaching works", slug="how-it-works")
        query = Query.get("governance")
        for order, page in enumerate([cls.unpublished, cls.private, cls.promoted, cls.page]):
            SearchPromotion.objects.create(query=query, page=page, sort_order=order)

    def directory_names(self, **params):
        response = self.client.get(self.directory.url, params)
        self.assertEqual(response.status_code, 200)
        return [coach.title for coach in response.context["results"].page], response.content.decode()

    def test_a_promoted_coach_comes_first_marked_recommended(self):
        names, html = self.directory_names(q="Governance")
        self.assertEqual(names, ["Zara Young", "Amara Okafor"])
        self.assertEqual(html.count("Recommended"), 1)
        self.assertLess(html.index("Recommended"), html.index("Zara Young"))
        self.assertLess(html.index("Zara Young"), html.index("Amara Okafor"))

    def test_an_unpublished_or_private_promoted_coach_is_never_shown(self):
        _, html = self.directory_names(q="governance")
        self.assertNotIn("Gone Quiet", html)
        self.assertNotIn("Private Person", html)

    def test_a_promoted_coach_the_filters_leave_out_is_not_shown(self):
        names, html = self.directory_names(q="governance", region="london")
        self.assertEqual(names, ["Amara Okafor"])
        self.assertNotIn("Recommended", html)

    def test_promotions_are_for_their_own_words_and_a_best_match_search(self):
        names, html = self.directory_names(q="youth")
        self.assertNotIn("Recommended", html)
        names, _ = self.directory_names(q="governance", sort="name")
        self.assertEqual(names, ["Amara Okafor"])

    def test_the_site_search_shows_promoted_pages_first_marked_recommended(self):
        response = self.client.get("/search/", {"query": "governance"})
        self.assertEqual(response.status_code, 200)
        results = list(response.context["results"].page)
        self.assertEqual([r.title for r in results], ["Zara Young", "How coaching works", "Amara Okafor"])
        self.assertEqual([r.recommended for r in results], [True, True, False])
        html = response.content.decode()
        self.assertEqual(html.count("Recommended"), 2)
        self.assertNotIn("Gone Quiet", html)
        self.assertNotIn("Private Person", html)


class PromotionApiTests(TestCase):
    """The APIs put promoted results first and mark them ``recommended``, exactly as the pages do."""

    @classmethod
    def setUpTestData(cls):
        cls.home = make_home()
        cls.directory = make_directory(cls.home)
        cls.amara = make_coach(cls.directory, title="Amara Okafor", summary="Charity governance.")
        cls.bola = make_coach(cls.directory, title="Bola Adeyemi", summary="Governance and boards.")
        cls.zara = make_coach(cls.directory, title="Zara Young", summary="Governance for youth charities.")
        cls.page = make_standard_page(cls.home, title="How coaching works", slug="how-it-works")
        query = Query.get("governance")
        SearchPromotion.objects.create(query=query, page=cls.zara, sort_order=0)
        SearchPromotion.objects.create(query=query, page=cls.page, sort_order=1)

    def coaches(self, **params):
        data = self.client.get("/api/v1/coaches/", {"q": "governance", **params}).json()
        return [(item["name"], item["recommended"]) for item in data["items"]]

    def test_the_coaches_api_lists_a_promoted_coach_first_marked_recommended_like_the_page(self):
        listed = self.coaches()
        self.assertEqual(listed[0], ("Zara Young", True))
        self.assertEqual(sorted(listed[1:]), [("Amara Okafor", False), ("Bola Adeyemi", False)])
        page = self.client.get(self.directory.url, {"q": "governance"}).context["results"].page
        self.assertEqual([name for name, _ in listed], [coach.title for coach in page])
        # Another order than best match, or other words: nothing is promoted.
        self.assertEqual(self.coaches(sort="name")[-1], ("Zara Young", False))
        self.assertFalse(any(recommended for _, recommended in self.coaches(q="boards")))

    def test_a_promoted_coach_is_first_on_the_first_page_only_and_listed_once(self):
        with self.settings(CASCADING_DIRECTORY_PAGE_SIZE=1):
            pages = [self.coaches(page=str(n)) for n in (1, 2, 3)]
        self.assertEqual(pages[0], [("Zara Young", True)])
        later = pages[1] + pages[2]
        self.assertEqual(sorted(later), [("Amara Okafor", False), ("Bola Adeyemi", False)])

    def test_a_promoted_coach_unpublished_since_is_in_neither_the_api_nor_the_page(self):
        self.zara.unpublish()
        self.assertEqual(sorted(self.coaches()), [("Amara Okafor", False), ("Bola Adeyemi", False)])
        self.assertNotContains(self.client.get(self.directory.url, {"q": "governance"}), "Zara Young")
        site = self.client.get("/api/v1/search/", {"query": "governance"}).json()
        self.assertEqual(site["items"][0]["title"], "How coaching works")
        self.assertNotIn("Zara Young", [item["title"] for item in site["items"]])
        self.assertNotContains(self.client.get("/search/", {"query": "governance"}), "Zara Young")

    def test_the_site_search_api_marks_promoted_pages_first_like_the_page(self):
        data = self.client.get("/api/v1/search/", {"query": "governance"}).json()
        listed = [(item["title"], item["recommended"]) for item in data["items"]]
        self.assertEqual(listed[:2], [("Zara Young", True), ("How coaching works", True)])
        self.assertEqual(sorted(listed[2:]), [("Amara Okafor", False), ("Bola Adeyemi", False)])
        page = self.client.get("/search/", {"query": "governance"}).context["results"].page
        self.assertEqual([title for title, _ in listed], [result.title for result in page])
        with self.settings(CASCADING_DIRECTORY_PAGE_SIZE=2):
            second = self.client.get("/api/v1/search/", {"query": "governance", "page": "2"}).json()
        self.assertEqual(
            sorted((item["title"], item["recommended"]) for item in second["items"]),
            [("Amara Okafor", False), ("Bola Adeyemi", False)],
        )
