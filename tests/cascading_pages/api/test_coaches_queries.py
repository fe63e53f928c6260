"""The coaches API asks the database for as little as it can: a fixed number of queries per request,
whatever the number of coaches, terms or filters.

A request reads the page cache's generation and the snapshots' generation, once each (two reads of
the shared cache). Until a change replaces the generation, the site, the directory page, the
sites' root paths, the view restrictions, the search promotions, each vocabulary's terms (which a
filter's slugs name) and the coaches already listed (with their photos' renditions) are
remembered (``cascading_pages.pagecache.store``). Counts, filters, facet options, the order and the
listed coaches' terms (their regions on a card, their areas of expertise for a match) come from
the directory's snapshot, built once per change. Search words add the engine's search (here the
database backend's query).
"""

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from cascading_pages.coaches.models import CoachPage
from cascading_pages.search.snapshot import forget_snapshots
from cascading_pages.vocabularies.models import Region
from tests.cascading_pages.api.builders import ANSWERED_AFRESH
from tests.factories import committed, make_coach, make_directory, make_home

API = "/api/v1/coaches/"

#: Queries per request, by what the leader asked.
EXPECTED = {
    "nothing": ({}, 2),
    "a page": ({"page": "2"}, 2),
    "a filter": ({"region": "london"}, 2),
    "two filters": ({"region": "london", "expertise": "fundraising", "accepting": "1"}, 2),
    "words": ({"q": "Coach"}, 3),
    "words and filters": ({"q": "Coach", "region": "london", "expertise": "fundraising"}, 3),
}


class CoachesApiQueryCountTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        with committed():  # As a request finds the site: no change waiting for a commit.
            home = make_home()
            cls.directory = make_directory(home)
            for n in range(15):
                make_coach(
                    cls.directory,
                    title=f"Coach {n}",
                    regions=["London", "Wales"][: 1 + n % 2],
                    expertise=["Fundraising", "Governance", "Strategy"][: 1 + n % 3],
                    sectors=["Mental health"],
                    languages=["English", "Welsh"][: 1 + n % 2],
                )

    def setUp(self):
        forget_snapshots()
        self.client.defaults.update(ANSWERED_AFRESH)

    def count_queries(self, params):
        self.client.get(API, params)  # The snapshot and the words are built once per change.
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(API, params)
        self.assertEqual(response.status_code, 200, response.content)
        self.assertTrue(response.json()["items"])
        return len(queries)

    def test_each_kind_of_request_makes_a_fixed_number_of_queries(self):
        for name, (params, expected) in EXPECTED.items():
            with self.subTest(name):
                self.assertEqual(self.count_queries(params), expected)

    def test_the_cards_terms_from_the_snapshot_are_each_coachs_own(self):
        self.client.get(API)
        data = self.client.get(API, {"q": "Coach", "page": "2"}).json()
        self.assertTrue(data["items"])
        for item in data["items"]:
            coach = CoachPage.objects.get(pk=item["id"])
            self.assertEqual(item["regions"], [{"name": t.name, "slug": t.slug} for t in coach.regions.all()])
        # A region renamed is on the next answer's cards.
        wales = Region.objects.get(slug="wales")
        wales.name = "Cymru"
        wales.save()
        welsh = [item for item in self.client.get(API).json()["items"] if len(item["regions"]) == 2]
        self.assertTrue(welsh)
        self.assertEqual({r["name"] for item in welsh for r in item["regions"]}, {"London", "Cymru"})

    def test_more_coaches_and_more_terms_add_no_query(self):
        before = {name: self.count_queries(params) for name, (params, _) in EXPECTED.items()}
        with committed():
            for n in range(10):
                make_coach(
                    self.directory,
                    title=f"Coach extra {n}",
                    regions=["London", f"Region {n}"],
                    expertise=["Fundraising", f"Expertise {n}"],
                    communities=[f"Community {n}"],
                )
        after = {name: self.count_queries(params) for name, (params, _) in EXPECTED.items()}
        self.assertEqual(after, before)
