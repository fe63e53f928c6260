"""A CDN or caching proxy in front is told to drop the site's pages whenever a change commits."""

import time
from unittest import mock

from django.test import override_settings
from wagtail.contrib.frontend_cache.backends import BaseBackend

from cascading_pages.coaches import availability
from cascading_pages.pagecache import store
from tests.cascading_pages.pagecache.test_page_cache import PageCacheTestCase, committed

#: What a change to one coach purges besides their profile: every answer but the profiles.
SHARED = "http://localhost/?cascading-purge=shared"


class RecordingBackend(BaseBackend):
    """Keeps the addresses it is asked to purge, as a proxy would see the PURGE requests."""

    purged = None

    def purge(self, url):
        RecordingBackend.purged.append(url)


class PurgeTests(PageCacheTestCase):
    def setUp(self):
        RecordingBackend.purged = []
        # From here on only (the site built for the class is not purged, nor is a timer left behind).
        self.enterContext(
            override_settings(WAGTAILFRONTENDCACHE={"proxy": {"BACKEND": f"{__name__}.RecordingBackend"}})
        )
        # The second purge, a moment later, is checked by one test only (no timer outlives a test).
        self.later = mock.patch.object(store, "purge_again_later").start()
        self.addCleanup(mock.patch.stopall)

    def test_a_published_change_purges_the_whole_site_and_again_a_moment_later(self):
        self.about.title = "About us"
        with committed():
            self.about.save_revision().publish()
        # Once the change commits (once for each savepoint of the publish that changed something;
        # the directory's lists may be purged on their own too, which the whole site includes).
        self.assertIn("http://localhost/", RecordingBackend.purged)
        self.assertLessEqual(set(RecordingBackend.purged), {"http://localhost/", SHARED})
        self.later.assert_any_call(["http://localhost/"])

    def test_the_second_purge_comes_a_moment_later(self):
        mock.patch.stopall()
        with mock.patch.object(store, "SECOND_PURGE_SECONDS", 0.01):
            store.purge_again_later(["http://localhost/"])
            deadline = time.monotonic() + 5
            while not RecordingBackend.purged and time.monotonic() < deadline:
                time.sleep(0.02)
        self.assertEqual(RecordingBackend.purged, ["http://localhost/"])

    def test_a_coach_paused_purges_their_profile_and_every_other_shared_answer_but_not_other_profiles(self):
        with committed():
            availability.update_state(self.priya, capacity=2, paused=True, available_again_on=None)
        # The lists the coach is in (directory, API, search) are every answer but the profiles.
        expected = {SHARED, self.priya.get_full_url()}
        self.assertEqual(set(RecordingBackend.purged), expected)
        self.assertNotIn("http://localhost/", RecordingBackend.purged)

    def test_a_coach_deleted_purges_the_whole_site(self):
        with committed():
            self.tom.delete()  # Gone: no address left to purge it by.
        self.assertIn("http://localhost/", RecordingBackend.purged)
        self.assertLessEqual(set(RecordingBackend.purged), {"http://localhost/", SHARED})

    @override_settings(CASCADING_PAGE_SHARED_MAX_AGE=300)
    def test_a_proxy_is_told_which_answers_show_only_their_own_page(self):
        profile = self.client.get(self.priya.url)
        self.assertEqual(profile[store.SCOPE_HEADER], store.PAGE_SCOPE)
        for page in (self.directory, self.about, self.home):
            with self.subTest(page=page.title):
                self.assertNotIn(store.SCOPE_HEADER, self.client.get(page.url))
