"""A CDN or caching proxy in front is told to drop the site's pages whenever a change commits,
and only then: an editor saving a draft changes nothing a visitor sees."""

import time
from unittest import mock

from django.test import override_settings
from wagtail.contrib.frontend_cache.backends import BaseBackend

from cascading_pages.coaches import availability
from cascading_pages.pagecache import store
from tests.cascading_pages.pagecache.test_page_cache import PageCacheTestCase, committed


class RecordingBackend(BaseBackend):
    """Keeps the addresses it is asked to purge, as a proxy would see the PURGE requests."""

    purged = None

    def purge(self, url):
        RecordingBackend.purged.append(url)


@override_settings(
    WAGTAILFRONTENDCACHE={"proxy": {"BACKEND": f"{__name__}.RecordingBackend"}},
)
class PurgeTests(PageCacheTestCase):
    def setUp(self):
        RecordingBackend.purged = []

    def test_a_published_change_purges_the_whole_site_and_again_a_moment_later(self):
        self.about.title = "About us"
        with mock.patch.object(store, "SECOND_PURGE_SECONDS", 0.05), committed():
            self.about.save_revision().publish()
        # Wagtail purges the page itself as it is published; the site goes once the change commits.
        self.assertEqual(RecordingBackend.purged, ["http://localhost/about/", "http://localhost/"])
        deadline = time.monotonic() + 5
        while len(RecordingBackend.purged) < 3 and time.monotonic() < deadline:
            time.sleep(0.02)
        self.assertEqual(RecordingBackend.purged[2:], ["http://localhost/"])

    def test_a_coach_paused_purges_the_site(self):
        with mock.patch.object(store, "SECOND_PURGE_SECONDS", 60), committed():
            availability.update_state(self.priya, capacity=2, paused=True, available_again_on=None)
        self.assertIn("http://localhost/", RecordingBackend.purged)

    def test_a_draft_saved_purges_nothing(self):
        self.about.title = "A draft title"
        with committed():
            self.about.save_revision()
        self.assertEqual(RecordingBackend.purged, [])
