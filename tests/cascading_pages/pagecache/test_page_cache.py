"""Visitors who are not logged in get public pages from the shared cache, and never a stale one:
whatever an editor or a coach changes is seen on the very next request."""

import datetime

from django.core.cache import caches
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from cascading_pages.coaches import availability
from cascading_pages.coaches.models import CoachPage
from cascading_pages.pagecache import store
from cascading_pages.vocabularies.models import Region
from tests.factories import (
    committed,
    make_coach,
    make_directory,
    make_editor,
    make_faq,
    make_faq_index,
    make_home,
    make_interest_page,
    make_standard_page,
    publish,
)


class PageCacheTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        # Run what waits for the commit (the generations), as a real request would find it done.
        with committed():
            cls.home = make_home()
            cls.about = make_standard_page(cls.home, title="About the programme", slug="about")
            cls.directory = make_directory(cls.home)
            cls.priya = make_coach(cls.directory, title="Priya Shah", regions=["North East"])
            cls.tom = make_coach(cls.directory, title="Tom Evans", regions=["London"])
            cls.faqs = make_faq_index(cls.home)
            cls.faq = make_faq(cls.faqs, category="Eligibility", title="Who can apply?")
            cls.form_page = make_interest_page(cls.home)
            cls.editor = make_editor(password="editor's password")

    def change(self):
        """Commit what the block changes, as the admin's request would."""
        return committed()

    def queries_for(self, url, **headers):
        with CaptureQueriesContext(connection) as queries:
            self.client.get(url, **headers)
        return len(queries)

    def kept(self, url, reads=1, **headers):
        """``url`` asked for twice; the second answer, which must come from the cache: one query,
        the cache's own read (``reads=2`` for a coach's profile: its entry, then its version)."""
        first = self.client.get(url, **headers)
        self.assertEqual(first.status_code, 200)
        with self.assertNumQueries(reads):
            second = self.client.get(url, **headers)
        self.assertEqual(second.status_code, 200)
        self.assertEqual(second.content, first.content)
        return second


class KeptPagesTests(PageCacheTestCase):
    def test_the_directory_profiles_faqs_and_programme_pages_are_served_from_the_cache(self):
        for page in (self.home, self.about, self.directory, self.priya, self.faqs, self.faq):
            with self.subTest(page=page.title):
                response = self.kept(page.url, reads=2 if page.specific_class is CoachPage else 1)
                self.assertContains(response, page.title)
                self.assertIn("public", response["Cache-Control"])
                self.assertTrue(response["ETag"])

    def test_a_filtered_directory_page_is_kept_under_its_own_query(self):
        response = self.kept(f"{self.directory.url}?region=london")
        self.assertContains(response, "Tom Evans")
        self.assertNotContains(response, "Priya Shah")
        self.assertContains(self.client.get(self.directory.url), "Priya Shah")

    @override_settings(CASCADING_DIRECTORY_PAGE_SIZE=1)
    def test_each_page_of_the_directory_is_kept(self):
        for query in ("?page=1", "?page=2", "?region=london&page=1"):
            with self.subTest(query=query):
                self.kept(f"{self.directory.url}{query}")

    def test_parameters_the_directory_does_not_read_share_the_plain_entry(self):
        plain = self.client.get(self.directory.url)
        with self.assertNumQueries(1):
            tracked = self.client.get(f"{self.directory.url}?utm_source=newsletter&fbclid=abc")
        self.assertEqual(tracked.content, plain.content)
        with self.assertNumQueries(1):
            blank = self.client.get(f"{self.directory.url}?q=&region=&sort=")
        self.assertEqual(blank.content, plain.content)

    def test_an_answer_to_a_query_written_oddly_is_not_kept_but_the_canonical_one_is(self):
        odd = f"{self.directory.url}?region=london&utm_source=newsletter"
        self.client.get(odd)
        self.assertGreater(self.queries_for(odd), 1)  # Rendered again: nothing was kept for it.
        self.client.get(f"{self.directory.url}?region=london")
        self.assertEqual(self.queries_for(odd), 1)  # Now the canonical answer is found for it too.

    def test_invalid_directory_input_is_answered_but_never_kept(self):
        url = f"{self.directory.url}?region=atlantis"
        self.assertEqual(self.client.get(url).status_code, 400)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 400)
        self.assertNotIn("public", response.get("Cache-Control", ""))
        self.assertGreater(self.queries_for(url), 1)

    def test_a_conditional_get_with_the_etag_gets_a_304_without_a_body(self):
        etag = self.client.get(self.priya.url)["ETag"]
        response = self.client.get(self.priya.url, HTTP_IF_NONE_MATCH=etag)
        self.assertEqual(response.status_code, 304)
        self.assertEqual(response.content, b"")
        self.assertEqual(self.client.get(self.priya.url, HTTP_IF_NONE_MATCH='"other"').status_code, 200)

    @override_settings(CASCADING_PAGE_SHARED_MAX_AGE=300)
    def test_a_search_answered_from_the_cache_still_counts_in_the_search_log(self):
        url = f"{self.directory.url}?q=priya"
        first = self.client.get(url)
        second = self.client.get(url)
        self.assertEqual(second.content, first.content)
        self.assertNotIn("s-maxage", second["Cache-Control"])  # A proxy in front would not count it.
        self.assertEqual(Query.get("priya").hits, 2)
        self.assertIn("s-maxage=300", self.client.get(f"{self.directory.url}?region=london")["Cache-Control"])

    def test_each_host_has_its_own_entries(self):
        self.client.get(self.about.url)
        self.assertGreater(self.queries_for(self.about.url, HTTP_HOST="other.example.org"), 1)


class ChangesSeenAtOnceTests(PageCacheTestCase):
    def test_a_newly_published_coach_is_in_the_directory_on_the_next_request(self):
        self.kept(self.directory.url)
        with self.change():
            make_coach(self.directory, title="Amara Okafor")
        self.assertContains(self.client.get(self.directory.url), "Amara Okafor")

    def test_an_unpublished_coach_leaves_the_directory_and_their_profile_at_once(self):
        self.kept(self.directory.url)
        self.kept(self.tom.url, reads=2)
        with self.change():
            self.tom.unpublish()
        self.assertNotContains(self.client.get(self.directory.url), "Tom Evans")
        self.assertEqual(self.client.get(self.tom.url).status_code, 404)

    def test_an_edited_page_is_seen_at_once(self):
        self.kept(self.about.url)
        self.about.title = "About the coaching programme"
        with self.change():
            publish(self.about)
        self.assertContains(self.client.get(self.about.url), "About the coaching programme")

    def test_a_paused_coach_shows_as_paused_in_the_directory_at_once(self):
        before = self.kept(f"{self.directory.url}?accepting=1")
        self.assertContains(before, "Priya Shah")
        with self.change():
            availability.update_state(self.priya, capacity=2, paused=True, available_again_on=None)
        self.assertFalse(CoachPage.objects.get(pk=self.priya.pk).accepting_new_leaders)
        self.assertNotContains(self.client.get(f"{self.directory.url}?accepting=1"), "Priya Shah")

    def test_a_renamed_region_is_seen_on_profiles_at_once(self):
        self.assertContains(self.kept(self.priya.url, reads=2), "North East")
        region = Region.objects.get(name="North East")
        region.name = "North East England"
        with self.change():
            region.save()
        self.assertContains(self.client.get(self.priya.url), "North East England")

    def test_a_coach_promoted_for_a_search_is_put_first_at_once(self):
        url = f"{self.directory.url}?q=coach"
        self.client.get(url)
        before = self.client.get(url).content  # From the cache.
        second = self.tom if before.find(b"Priya Shah") < before.find(b"Tom Evans") else self.priya
        with self.change():
            SearchPromotion.objects.create(query=Query.get("coach"), page=second, sort_order=0)
        after = self.client.get(url).content
        others = (b"Priya Shah", b"Tom Evans")
        self.assertEqual(min(others, key=after.find), second.title.encode())

    def test_a_moved_page_is_no_longer_served_at_its_old_address(self):
        self.kept("/about/")
        with self.change():
            programme = make_standard_page(self.home, title="The programme", slug="programme")
            self.about.move(programme, pos="last-child")
        self.assertNotEqual(self.client.get("/about/").status_code, 200)
        self.assertContains(self.client.get("/programme/about/"), "About the programme")


class OneCoachChangedTests(PageCacheTestCase):
    """A change to one coach renders the lists of coaches and that coach's profile again; the other
    profiles stay in the cache, unless the change is one every page shows."""

    def test_the_other_profiles_stay_kept_while_the_directory_and_the_profile_show_the_edit(self):
        self.kept(self.tom.url, reads=2)
        self.kept(self.directory.url)
        self.priya.summary = "I coach boards through their first strategy."
        with self.change():
            publish(self.priya)
        self.assertEqual(self.queries_for(self.tom.url), 2)  # Still kept: the entry, then its version.
        self.assertContains(self.client.get(self.priya.url), "I coach boards through their first strategy.")
        self.assertContains(
            self.client.get(self.directory.url), "I coach boards through their first strategy."
        )

    def test_a_pause_shows_on_the_coach_s_profile_at_once_and_not_on_the_others(self):
        self.assertContains(self.kept(self.priya.url, reads=2), "Available")
        self.kept(self.tom.url, reads=2)
        with self.change():
            availability.update_state(
                self.priya, capacity=2, paused=True, available_again_on=datetime.date(2031, 3, 1)
            )
        self.assertContains(self.kept(self.priya.url, reads=2), "1 March 2031")
        self.assertEqual(self.queries_for(self.tom.url), 2)
        with self.change():  # Still paused, so still not taking leaders: only the date changes.
            availability.update_state(
                self.priya, capacity=2, paused=True, available_again_on=datetime.date(2031, 4, 1)
            )
        self.assertContains(self.client.get(self.priya.url), "1 April 2031")

    def test_a_pause_that_ends_overnight_shows_on_the_profile_at_once(self):
        with self.change():
            availability.update_state(
                self.priya, capacity=2, paused=True, available_again_on=datetime.date(2031, 3, 1)
            )
        self.assertContains(self.kept(self.priya.url, reads=2), "1 March 2031")
        with self.change():
            ended = availability.end_pauses(timezone.make_aware(datetime.datetime(2031, 3, 2, 9)))
        self.assertEqual(ended, [self.priya])
        self.assertNotContains(self.client.get(self.priya.url), "1 March 2031")

    def test_a_change_to_many_coaches_at_once_renders_every_profile_again(self):
        others = range(10_000, 10_000 + store.MOST_PAGE_VERSIONS + 1)
        self.kept(self.tom.url, reads=2)
        with self.change():
            for pk in others[:2]:
                store.page_changed(pk)
        self.assertEqual(self.queries_for(self.tom.url), 2)
        with self.change():  # As an import changing every coach would.
            for pk in others:
                store.page_changed(pk)
        self.assertGreater(self.queries_for(self.tom.url), 2)

    def test_a_page_in_the_menus_renamed_is_seen_on_every_profile_at_once(self):
        self.about.show_in_menus = True
        with self.change():
            publish(self.about)
        self.assertContains(self.kept(self.tom.url, reads=2), "About the programme")
        self.about.title = "How coaching works"
        with self.change():
            publish(self.about)
        self.assertContains(self.client.get(self.tom.url), "How coaching works")


class KeptApiReadsTests(PageCacheTestCase):
    """A front end reading the JSON API is answered from the same cache, with the same rules."""

    def coach_names(self, response):
        return [coach["name"] for coach in response.json()["items"]]

    def test_the_form_description_and_the_coaches_are_served_from_the_cache_as_the_api_answered(self):
        for url in (f"/api/v1/forms/{self.form_page.pk}/", "/api/v1/coaches/?region=london", "/api/v1/faqs/"):
            with self.subTest(url=url):
                first = self.client.get(url)
                kept = self.kept(url)
                self.assertEqual(kept["ETag"], first["ETag"])
                self.assertEqual(kept["Cache-Control"], first["Cache-Control"])
                self.assertEqual(kept["Content-Type"], first["Content-Type"])
                self.assertEqual(self.client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code, 304)

    def test_the_same_parameters_in_another_order_share_an_entry(self):
        self.client.get("/api/v1/coaches/?region=london&accepting=1")
        self.assertEqual(self.queries_for("/api/v1/coaches/?accepting=1&region=london"), 1)

    def test_an_unknown_parameter_is_refused_every_time_and_never_kept(self):
        url = "/api/v1/coaches/?utm_source=newsletter"
        self.kept("/api/v1/coaches/")  # Unlike a page, no plain entry answers for it.
        for _ in range(2):
            self.assertEqual(self.client.get(url).status_code, 400)

    def test_a_paused_coach_leaves_the_accepting_coaches_and_the_form_choices_at_once(self):
        accepting = "/api/v1/coaches/?accepting=1"
        form = f"/api/v1/forms/{self.form_page.pk}/"
        self.assertIn("Priya Shah", self.coach_names(self.kept(accepting)))
        self.assertContains(self.kept(form), "Priya Shah")
        with self.change():
            availability.update_state(self.priya, capacity=2, paused=True, available_again_on=None)
        self.assertNotIn("Priya Shah", self.coach_names(self.client.get(accepting)))
        self.assertNotContains(self.client.get(form), "Priya Shah")

    def test_an_unpublished_coach_leaves_the_api_at_once(self):
        self.assertIn("Tom Evans", self.coach_names(self.kept("/api/v1/coaches/")))
        with self.change():
            self.tom.unpublish()
        self.assertNotIn("Tom Evans", self.coach_names(self.client.get("/api/v1/coaches/")))

    @override_settings(CORS_ALLOWED_ORIGINS=["https://app.example.org"])
    def test_a_cross_origin_read_is_answered_for_its_origin_and_never_kept(self):
        url = "/api/v1/coaches/"
        for _ in range(2):
            response = self.client.get(url, HTTP_ORIGIN="https://app.example.org")
            self.assertEqual(response["Access-Control-Allow-Origin"], "https://app.example.org")
        self.assertGreater(self.queries_for(url, HTTP_ORIGIN="https://app.example.org"), 1)
        self.assertNotIn("Access-Control-Allow-Origin", self.kept(url))

    def test_a_logged_in_editor_is_answered_afresh_and_their_answer_not_kept(self):
        self.client.force_login(self.editor)
        self.client.get("/api/v1/coaches/")
        self.assertGreater(self.queries_for("/api/v1/coaches/"), 1)
        self.client.logout()
        self.client.cookies.clear()
        self.assertGreater(self.queries_for("/api/v1/coaches/"), 1)
        self.assertEqual(self.queries_for("/api/v1/coaches/"), 1)


class NeverKeptTests(PageCacheTestCase):
    def test_a_logged_in_editor_is_never_served_from_or_into_the_cache(self):
        self.client.force_login(self.editor)
        for _ in range(2):
            response = self.client.get(self.about.url)
            self.assertIn("private", response["Cache-Control"])
            self.assertIn("no-store", response["Cache-Control"])
        self.assertGreater(self.queries_for(self.about.url), 1)
        self.client.logout()
        self.client.cookies.clear()
        # Nothing the editor was answered was kept: the first anonymous visitor's page is rendered.
        self.assertGreater(self.queries_for(self.about.url), 1)
        self.assertEqual(self.queries_for(self.about.url), 1)

    def test_the_expression_of_interest_form_is_rendered_with_a_fresh_csrf_token_every_time(self):
        for _ in range(2):
            response = self.client.get(self.form_page.url)
            self.assertContains(response, "csrfmiddlewaretoken")
            self.assertIn("csrftoken", response.cookies)
            self.assertNotIn("public", response.get("Cache-Control", ""))
            self.client.cookies.clear()
        self.assertGreater(self.queries_for(self.form_page.url), 1)

    def test_a_visitor_with_a_session_cookie_is_answered_afresh(self):
        self.client.get(self.about.url)
        self.client.cookies["sessionid"] = "anything"
        self.assertGreater(self.queries_for(self.about.url), 1)

    def test_the_admin_is_never_kept(self):
        self.client.force_login(self.editor)
        response = self.client.get(reverse("wagtailadmin_home"))
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("public", response.get("Cache-Control", ""))


@override_settings(
    CACHES={
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "cascading_cache"},
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages-test"},
    },
    CASCADING_PAGE_CACHE="pages",
)
class OwnCacheTests(PageCacheTestCase):
    def setUp(self):
        caches["pages"].clear()

    def tearDown(self):
        caches["pages"].clear()

    def test_with_a_memory_cache_of_its_own_a_kept_page_costs_no_query_at_all(self):
        first = self.client.get(self.directory.url)
        with self.assertNumQueries(0):
            second = self.client.get(self.directory.url)
        self.assertEqual(second.content, first.content)
        with self.change():
            make_coach(self.directory, title="Amara Okafor")
        self.assertContains(self.client.get(self.directory.url), "Amara Okafor")
