"""Whatever a leader (or a bot) puts in the address bar, the directory answers sensibly.

Either a page of coaches, or a 400 that says what was wrong: never a server error, never a
search engine's message. The HTML page and its JSON twin (``/api/v1/coaches/``) are asked the
same things. Each test runs on every search backend.
"""

import pytest
from django.test import TestCase

from tests.cascading_pages.coaches.scenario import VISIBLE, build
from tests.cascading_pages.search.engines import EngineTestMixin

ENGINE_WORDS = (
    "Traceback",
    "Exception",
    "elasticsearch",
    "opensearch",
    "OperationalError",
    "fts5",
    "query_shard",
)


class BadInputBehaviour(EngineTestMixin):
    @classmethod
    def setUpTestData(cls):
        cls.scenario = build(cls.engine)

    def page(self, params, status=200):
        response = self.client.get(self.scenario.url, params)
        assert response.status_code == status, (params, response.status_code)
        html = response.content.decode()
        for word in ENGINE_WORDS:
            assert word not in html, (params, word)
        return response

    def json(self, params, status=200):
        response = self.client.get(self.scenario.json_url, self.scenario.api_params(**params))
        assert response.status_code == status, (params, response.status_code)
        for word in ENGINE_WORDS:
            assert word not in response.content.decode(), (params, word)
        return response.json()

    def reasons(self, data):
        """{parameter: [messages]} from the API's problem answer."""
        reasons = {}
        for error in data["errors"]:
            reasons.setdefault(error["loc"][-1], []).append(error["msg"])
        return reasons

    def names(self, response):
        return [coach.title for coach in response.context["results"].page]

    def test_a_search_of_ten_thousand_characters_is_refused_with_a_reason(self):
        params = {"q": "leadership " * 910}
        response = self.page(params, status=400)
        self.assertContains(response, "Search for at most 200 characters", status_code=400)
        self.assertContains(response, 'href="#id_q"', status_code=400)
        data = self.json(params, status=400)
        assert "Search for at most 200 characters" in self.reasons(data)["q"][0]

    def test_search_engine_syntax_is_read_as_plain_words(self):
        for q in (
            'title:Amara AND organisation:"Peckham',
            "Amara~2 OR Okafor^10",
            "Amara*",
            '{"query": {"match_all": {}}}',
            "(Amara",
            "Amara NEAR/2 Okafor",
            "Amara -Okafor",
            '"',
            "\\",
            "' OR 1=1 --",
            "NOT",
            "   ",
            "*",
            "Amara\u00a0Okafor",
        ):
            with self.subTest(q=q):
                self.page({"q": q})
                self.json({"q": q})
        assert self.names(self.page({"q": "Amara*"})) == ["Amara Okafor"]
        assert self.names(self.page({"q": '"Amara" (Okafor)'})) == ["Amara Okafor"]
        # A query with no words at all is no search: every coach is shown.
        assert self.json({"q": '{"query": {}}'})["count"] == 0
        assert self.json({"q": "***"})["count"] == 5

    def test_an_unknown_filter_value_is_explained_and_the_rest_still_applies(self):
        params = {"region": ["narnia", "london"], "accepting": "1"}
        response = self.page(params, status=400)
        self.assertContains(response, "“narnia” is not a region in the directory.", status_code=400)
        self.assertContains(response, 'href="#filter-region"', status_code=400)
        # The bad region is left out; accepting new leaders still applies.
        assert self.names(response) == ["Amara Okafor", "Bethan Llewellyn", "Deepa Patel"]
        data = self.json(params, status=400)
        assert self.reasons(data) == {"region": ["“narnia” is not a region in the directory."]}

    def test_unknown_accepting_and_sort_values_are_explained(self):
        self.assertContains(self.page({"accepting": "maybe"}, status=400), "accepting=1", status_code=400)
        self.assertContains(self.page({"sort": "price"}, status=400), "Choose how to sort", status_code=400)

    def test_empty_parameters_are_ignored(self):
        for params in ({"region": ""}, {"q": ""}, {"sort": ""}, {"accepting": ""}):
            with self.subTest(params=params):
                assert self.names(self.page(params)) == VISIBLE
                assert self.json(params)["count"] == 5

    def test_an_unknown_parameter_is_ignored_by_the_page_and_named_by_the_api(self):
        # A campaign's tracking tag on a link still shows the directory...
        assert self.names(self.page({"utm_source": "leaflet"})) == VISIBLE
        # ...while the API says which parameter it does not take, rather than silently ignoring it.
        data = self.json({"utm_source": "leaflet"}, status=400)
        assert self.reasons(data) == {"utm_source": ["Unknown parameter."]}

    def test_repeated_single_parameters_use_the_last_value(self):
        data = self.json({"q": ["nobody", "Lewisham"], "sort": ["updated", "name"]})
        assert [coach["name"] for coach in data["items"]] == ["Chidi Nwosu"]
        assert data["sort"] == "name"

    def test_repeated_filter_values_count_once(self):
        assert self.json({"region": ["london", "london", "london"]})["count"] == 2

    def test_a_null_character_is_refused(self):
        assert "q" in self.reasons(self.json({"q": "Amara\x00"}, status=400))

    def test_page_numbers_that_are_not_numbers_or_out_of_range_give_a_page(self):
        with self.settings(CASCADING_DIRECTORY_PAGE_SIZE=2):
            for page, expected in (
                ("abc", 1),
                ("", 1),
                ("2", 2),
                ("999", 3),
                ("0", 3),
                ("-1", 3),
                ("1.5", 1),
                ("99999999999999999999999", 3),
                ("½", 1),
            ):
                with self.subTest(page=page):
                    assert self.page({"page": page}).context["results"].page.number == expected
                    assert self.json({"page": page})["page"] == expected

    def test_a_directory_that_does_not_exist_is_a_json_404(self):
        for url, params in ((self.scenario.json_url, {}), (self.scenario.suggest_url, {"q": "Am"})):
            with self.subTest(url=url):
                response = self.client.get(url, {"directory": 999999, **params})
                assert response.status_code == 404
                assert response.json()["detail"] == "No public coach directory has that id."


class DatabaseBadInputTests(BadInputBehaviour, TestCase):
    engine_name = "database"


class ElasticsearchBadInputTests(BadInputBehaviour, TestCase):
    engine_name = "elasticsearch"


@pytest.mark.opensearch
class OpenSearchBadInputTests(BadInputBehaviour, TestCase):
    engine_name = "opensearch"
