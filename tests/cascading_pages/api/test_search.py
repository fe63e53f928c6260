"""A front end searches the whole site through the API: /api/v1/search/?query=&page=.

Each behaviour runs on every search backend (database, Elasticsearch, OpenSearch) against the site-search scenario
(tests/cascading_pages/search/site_scenario.py): five pages a visitor may see, nine they must never
find, and words only a coach's private fields or a draft hold.
"""

import pytest
from django.test import TestCase

from cascading_pages.search.backends import DEGRADED_NOTICE
from cascading_pages.search.settings import elasticsearch_backend
from cascading_pages.search.site import UNAVAILABLE_NOTICE
from tests.cascading_pages.search.engines import EngineTestMixin, engine_for
from tests.cascading_pages.search.site_scenario import (
    HIDDEN,
    OTHER_HOST,
    PRIVATE_TEXT,
    PRIVATE_WORDS,
    VISIBLE,
    WORD,
    build,
)

API = "/api/v1/search/"
ENGINE_WORDS = (
    "Traceback",
    "Exception",
    "elasticsearch",
    "opensearch",
    "OperationalError",
    "fts5",
    "query_shard",
)


def titles(data):
    return [item["title"] for item in data["items"]]


class SearchApiBehaviour(EngineTestMixin):
    @classmethod
    def setUpTestData(cls):
        cls.scenario = build(cls.engine)

    def get_json(self, params=None, status=200, **headers):
        response = self.client.get(API, params or {}, headers=headers)
        self.assertEqual(response.status_code, status, response.content)
        for word in ENGINE_WORDS:
            self.assertNotIn(word, response.content.decode())
        return response.json()

    def test_a_search_lists_every_public_page_with_its_type_link_and_description(self):
        data = self.get_json({"query": WORD})
        self.assertEqual((data["query"], data["count"], data["page"], data["num_pages"]), (WORD, 5, 1, 1))
        self.assertEqual((data["notice"], data["truncated"]), (None, False))
        self.assertEqual((data["corrected_query"], data["correction_applied"]), (None, False))
        self.assertEqual(sorted(titles(data)), sorted(VISIBLE))
        coach = self.scenario["Amara Okafor"]
        self.assertIn(
            {
                "id": coach.pk,
                "title": "Amara Okafor",
                "type": "Coach",
                "url": "/coaches/amara-okafor/",
                "description": "A lighthouse for mental health leaders in south London.",
                "recommended": False,
            },
            data["items"],
        )
        types = {item["title"]: item["type"] for item in data["items"]}
        self.assertEqual((types["Who can apply?"], types["About the programme"]), ("FAQ", "Page"))
        self.assertEqual(self.get_json({"query": "Amara Okafor"})["items"][0]["id"], coach.pk)

    def test_hidden_pages_private_fields_and_drafts_are_never_found_or_sent(self):
        body = self.client.get(API, {"query": WORD}).content.decode()
        for title in HIDDEN:
            with self.subTest(title=title):
                self.assertNotIn(title, body)
                self.assertNotIn(title, titles(self.get_json({"query": title})))
        for where, word in PRIVATE_WORDS.items():
            with self.subTest(where=where):
                self.assertEqual(self.get_json({"query": word})["count"], 0)
        body += self.client.get(API, {"query": "Amara"}).content.decode()
        for text in (*PRIVATE_TEXT, "zeppelin"):
            self.assertNotIn(text, body)

    def test_another_site_searches_only_its_own_pages(self):
        data = self.get_json({"query": WORD}, host=OTHER_HOST)
        self.assertEqual(sorted(titles(data)), ["Elsewhere Coach", "Elsewhere page"])

    def test_results_come_a_page_at_a_time(self):
        with self.settings(CASCADING_DIRECTORY_PAGE_SIZE=2):
            pages = [self.get_json({"query": WORD, "page": n}) for n in (1, 2, 3)]
            self.assertEqual(
                [(p["page"], p["num_pages"], p["count"]) for p in pages], [(1, 3, 5), (2, 3, 5), (3, 3, 5)]
            )
            self.assertEqual(sorted(t for p in pages for t in titles(p)), sorted(VISIBLE))
            for page, expected in (("abc", 1), ("", 1), ("999", 3), ("0", 3), ("-1", 3), ("9" * 30, 3)):
                with self.subTest(page=page):
                    self.assertEqual(self.get_json({"query": WORD, "page": page})["page"], expected)

    def test_an_empty_search_or_one_without_words_finds_nothing(self):
        for params in ({}, {"query": ""}, {"query": "  "}, {"query": "*** ?!"}):
            with self.subTest(params=params):
                data = self.get_json(params)
                self.assertEqual((data["query"], data["count"], data["items"]), ("", 0, []))

    def test_engine_syntax_is_read_as_plain_words(self):
        for query in ('title:Amara AND "Okafor', "Amara~2 OR Okafor^10", '{"query": {}}', "(", "\\"):
            with self.subTest(query=query):
                self.get_json({"query": query})
        self.assertEqual(titles(self.get_json({"query": '"Amara" (Okafor)*'})), ["Amara Okafor"])

    def test_bad_parameters_are_named_with_the_search_pages_reasons(self):
        cases = [
            (
                {"query": "leadership " * 910},
                "Search for at most 200 characters: a name, a topic or a question.",
            ),
            ({"query": "Amara\x00"}, "Null characters are not allowed."),
        ]
        for params, message in cases:
            with self.subTest(params=params):
                response = self.client.get(API, params)
                self.assertEqual(response.status_code, 400)
                self.assertEqual(response["Cache-Control"], "no-store")
                error = response.json()
                self.assertEqual(
                    [(e["loc"], e["msg"]) for e in error["errors"]], [(["query", "query"], message)]
                )
        unknown = self.get_json({"query": WORD, "q": WORD}, status=400)
        self.assertEqual(unknown["errors"][0]["loc"], ["query", "q"])
        exact = self.get_json({"query": WORD, "exact": "yes"}, status=400)
        self.assertEqual(
            [(e["loc"], e["msg"]) for e in exact["errors"]],
            [(["query", "exact"], "To search the words as typed, use exact=1.")],
        )

    def test_a_misspelt_search_is_answered_with_its_correction_or_as_typed_with_exact(self):
        data = self.get_json({"query": "trustes"})
        self.assertEqual(
            (data["query"], data["corrected_query"], data["correction_applied"], titles(data)),
            ("trustees", "trustees", True, ["Who can apply?"]),
        )
        data = self.get_json({"query": "trustes", "exact": "1"})
        self.assertEqual(
            (data["query"], data["corrected_query"], data["correction_applied"], data["count"]),
            ("trustes", None, False, 0),
        )
        # Never a word only a coach's private fields hold.
        data = self.get_json({"query": "quilfeather"})
        self.assertEqual((data["corrected_query"], data["count"]), (None, 0))

    def test_a_search_matching_more_pages_than_considered_says_so(self):
        with self.settings(CASCADING_DIRECTORY_MAX_MATCHES=2):
            data = self.get_json({"query": WORD})
        self.assertEqual((data["count"], data["truncated"], data["max_matches"]), (2, True, 2))

    def test_the_answer_is_publicly_cacheable_and_a_conditional_get_answers_304(self):
        first = self.client.get(API, {"query": WORD})
        self.assertEqual(first["Cache-Control"], "public, max-age=300")
        again = self.client.get(API, {"query": WORD}, headers={"If-None-Match": first["ETag"]})
        self.assertEqual((again.status_code, again.content), (304, b""))


class DatabaseSearchApiTests(SearchApiBehaviour, TestCase):
    engine_name = "database"


class ElasticsearchSearchApiTests(SearchApiBehaviour, TestCase):
    engine_name = "elasticsearch"


@pytest.mark.opensearch
class OpenSearchSearchApiTests(SearchApiBehaviour, TestCase):
    engine_name = "opensearch"


@pytest.mark.django_db
@pytest.mark.parametrize("engine", ["elasticsearch", "opensearch"])
def test_an_unreachable_engine_is_answered_from_the_fallback_with_its_notice_or_a_503(
    client, settings, engine
):
    build(engine_for("database"))
    # Nothing listens on port 9 (discard) here: connections are refused at once.
    unreachable = {
        **elasticsearch_backend("http://127.0.0.1:9", engine=engine, timeout=2),
        "AUTO_UPDATE": False,
    }
    settings.WAGTAILSEARCH_BACKENDS = {**settings.WAGTAILSEARCH_BACKENDS, "unreachable": unreachable}
    settings.CASCADING_DIRECTORY_SEARCH_BACKEND = "unreachable"
    settings.CASCADING_DIRECTORY_FALLBACK_BACKEND = "default"
    data = client.get(API, {"query": WORD}).json()
    assert sorted(titles(data)) == sorted(VISIBLE)
    assert data["notice"] == DEGRADED_NOTICE

    settings.CASCADING_DIRECTORY_FALLBACK_BACKEND = None
    response = client.get(API, {"query": WORD})
    assert response.status_code == 503
    assert response["Cache-Control"] == "no-store", "an outage is never cached"
    assert response.json() == {"status": 503, "title": "Service Unavailable", "detail": UNAVAILABLE_NOTICE}
