"""The coaches API remembers which site and directory page a request is for between two changes
(``cascading_pages.pagecache.store.remember``): fewer queries, and never a stale answer. Whatever an
editor changes about the directory page, its site or its view restrictions is seen on the next
request."""

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction, Site

from cascading_pages.pagecache.store import new_generation
from tests.cascading_pages.api.builders import ANSWERED_AFRESH
from tests.cascading_pages.pagecache.test_page_cache import committed
from tests.factories import make_coach, make_directory, make_home

API = "/api/v1/coaches/"


class DirectoryLookupTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        with committed():  # As a real request finds it: nothing waiting for a commit.
            cls.home = make_home()
            cls.directory = make_directory(cls.home, title="Find a coach")
            cls.coach = make_coach(cls.directory, title="Priya Shah")

    def setUp(self):
        self.client.defaults.update(ANSWERED_AFRESH)

    def get(self, params=None, status=200):
        response = self.client.get(API, params or {})
        self.assertEqual(response.status_code, status, response.content)
        return response.json()

    def queries(self, params):
        with CaptureQueriesContext(connection) as captured:
            self.get(params)
        return len(captured)

    def test_the_directory_is_looked_up_once_per_change(self):
        for params in ({}, {"directory": self.directory.pk}):
            with self.subTest(params=params):
                self.get(params)  # The directory's snapshot, built once per change of its coaches.
                remembered = self.queries(params)
                # What any committed change of a page, a site or a restriction does (the other tests
                # make such changes); the coaches' snapshot is kept.
                new_generation()
                # The site, the view restrictions (for the directory page, then for its coaches),
                # the directory page, the sites' root paths and the coaches listed.
                self.assertEqual(self.queries(params), remembered + 6)
                self.assertEqual(self.queries(params), remembered)

    def test_a_renamed_directory_is_named_on_the_next_request(self):
        self.assertEqual(self.get({"directory": self.directory.pk})["directory"]["title"], "Find a coach")
        with committed():
            self.directory.title = "Our coaches"
            self.directory.save_revision().publish()
        self.assertEqual(self.get({"directory": self.directory.pk})["directory"]["title"], "Our coaches")

    def test_an_unpublished_or_restricted_directory_is_gone_on_the_next_request(self):
        self.assertEqual(self.get()["directory"]["id"], self.directory.pk)
        with committed():
            restriction = PageViewRestriction.objects.create(
                page=self.directory, restriction_type=PageViewRestriction.LOGIN
            )
        self.get({"directory": self.directory.pk}, status=404)
        self.get(status=404)
        with committed():
            restriction.delete()
        self.assertEqual(self.get()["items"][0]["name"], "Priya Shah")
        with committed():
            self.directory.unpublish()
        self.get({"directory": self.directory.pk}, status=404)

    def test_a_site_moved_to_another_host_name_is_seen_on_the_next_request(self):
        self.assertEqual(self.get()["directory"]["url"], "/coaches/")
        with committed():
            Site.objects.filter(is_default_site=True).update(
                is_default_site=False, hostname="north.example.org"
            )
            Site.objects.get(hostname="north.example.org").save()  # As the admin saves it.
        self.get(status=404)  # testserver is no site's host name any more.
        self.assertEqual(self.client.get(API, HTTP_HOST="north.example.org").status_code, 200)
