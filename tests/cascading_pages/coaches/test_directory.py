"""A leader searching and filtering the coach directory: the same answers on every search backend.

The behaviour tests run once per search backend (Wagtail's database backend, then a real
Elasticsearch and a real OpenSearch), against the same coaches (tests/cascading_pages/coaches/scenario.py),
built once per backend.
"""

from unittest.mock import patch

import pytest
from django.test import TestCase

from cascading_pages.coaches.directory import CoachDirectory
from tests.cascading_pages.coaches.scenario import HIDDEN, VISIBLE, build
from tests.cascading_pages.search.engines import EngineTestMixin


def names(response):
    return [coach.title for coach in response.context["results"].page]


def facet_counts(data, name):
    facet = next(facet for facet in data["facets"] if facet["name"] == name)
    return {option["label"]: option["count"] for option in facet["options"]}


class DirectoryBehaviour(EngineTestMixin):
    @classmethod
    def setUpTestData(cls):
        cls.scenario = build(cls.engine)

    def get_json(self, **params):
        response = self.client.get(self.scenario.json_url, self.scenario.api_params(**params))
        assert response.status_code == 200, response.content
        return response.json()

    def suggest(self, typed):
        response = self.client.get(self.scenario.suggest_url, self.scenario.api_params(q=typed))
        assert response.status_code == 200, response.content
        return response.json()["suggestions"]

    def test_without_a_search_every_visible_coach_is_listed_by_name(self):
        response = self.client.get(self.scenario.url)
        assert response.status_code == 200
        assert names(response) == VISIBLE
        for hidden in HIDDEN:
            assert hidden not in response.content.decode()
        assert "5 coaches" in response.content.decode()

    def test_a_search_finds_coaches_by_the_names_of_their_expertise(self):
        response = self.client.get(self.scenario.url, {"q": "fundraising"})
        assert sorted(names(response)) == ["Amara Okafor", "Bethan Llewellyn", "Eilidh Fraser"]

    def test_a_search_finds_coaches_by_organisation_and_summary_words(self):
        assert names(self.client.get(self.scenario.url, {"q": "Lewisham"})) == ["Chidi Nwosu"]
        assert sorted(names(self.client.get(self.scenario.url, {"q": "carers Scotland"}))) == [
            "Eilidh Fraser"
        ]

    def test_every_word_of_a_search_must_match(self):
        assert names(self.client.get(self.scenario.url, {"q": "fundraising valleys"})) == ["Bethan Llewellyn"]

    def test_choices_within_one_filter_widen_the_results(self):
        response = self.client.get(self.scenario.url, {"region": ["london", "wales"]})
        assert names(response) == ["Amara Okafor", "Bethan Llewellyn", "Chidi Nwosu"]

    def test_choices_across_filters_narrow_the_results(self):
        response = self.client.get(self.scenario.url, {"region": "london", "expertise": "governance"})
        assert names(response) == ["Chidi Nwosu"]

    def test_accepting_new_leaders_leaves_out_coaches_who_are_full(self):
        response = self.client.get(self.scenario.url, {"accepting": "1"})
        assert names(response) == ["Amara Okafor", "Bethan Llewellyn", "Deepa Patel"]

    def test_search_words_and_filters_combine(self):
        response = self.client.get(
            self.scenario.url, {"q": "mental health", "accepting": "1", "region": "london"}
        )
        assert names(response) == ["Amara Okafor"]

    def test_facet_counts_use_the_search_and_the_other_filters_but_not_their_own(self):
        data = self.get_json(region="london")
        # The region facet ignores the region filter, so a leader can widen their choice...
        assert facet_counts(data, "region") == {
            "London": 2,
            "North West": 1,
            "Scotland": 1,
            "South East": 1,
            "Wales": 1,
        }
        # ...and the other facets count only London's coaches.
        assert facet_counts(data, "expertise") == {
            "Fundraising": 1,
            "Governance": 1,
            "Strategy and planning": 1,
        }
        assert facet_counts(data, "sector") == {"Mental health": 2, "Older people": 0, "Young people": 0}
        assert facet_counts(data, "accepting") == {"Accepting new leaders only": 1}

    def test_facet_counts_follow_the_search_words(self):
        data = self.get_json(q="older people")
        assert facet_counts(data, "region") == {
            "London": 0,
            "North West": 0,
            "Scotland": 1,
            "South East": 0,
            "Wales": 1,
        }
        assert data["count"] == 2

    def test_hidden_coaches_are_never_counted(self):
        data = self.get_json()
        # Four hidden coaches are in London with fundraising: none of them counts.
        assert facet_counts(data, "region")["London"] == 2
        assert facet_counts(data, "expertise")["Fundraising"] == 3
        assert data["count"] == 5

    def test_hidden_coaches_are_never_found_by_a_search(self):
        data = self.get_json(q="fundraising")
        assert sorted(coach["name"] for coach in data["items"]) == [
            "Amara Okafor",
            "Bethan Llewellyn",
            "Eilidh Fraser",
        ]
        for name in ("Hidden Draft", "Gone Quiet", "Private Person", "Elsewhere Coach"):
            assert self.get_json(q=name)["count"] == 0

    def test_the_json_answer_matches_the_page(self):
        params = {"region": "london", "q": "health"}
        page = self.client.get(self.scenario.url, params)
        data = self.get_json(**params)
        assert [coach["name"] for coach in data["items"]] == names(page)
        assert data["count"] == page.context["results"].count

    def test_the_json_answer_holds_nothing_private(self):
        data = self.get_json()
        amara = next(coach for coach in data["items"] if coach["name"] == "Amara Okafor")
        assert set(amara) == {
            "id",
            "name",
            "url",
            "role",
            "organisation",
            "summary",
            "availability",
            "accepting_new_leaders",
            "available_again_on",
            "photo",
            "regions",
            "recommended",
            "match",
        }
        assert "@example.org" not in str(data)

    def test_a_search_matching_more_coaches_than_considered_says_so(self):
        with self.settings(CASCADING_DIRECTORY_MAX_MATCHES=2):
            data = self.get_json(q="fundraising")
            response = self.client.get(self.scenario.url, {"q": "fundraising"})
        # The best matches considered are the limit plus one for each coach of another directory
        # (the engine cannot tell them apart); private coaches are not in the index at all.
        assert data["truncated"] is True and 1 <= data["count"] <= 2 + 1
        self.assertContains(response, "Your search matches more than 2 coaches")
        assert self.get_json(q="fundraising")["truncated"] is False

    def test_results_sort_by_name_by_default_and_by_relevance_with_words(self):
        assert self.client.get(self.scenario.url, {"q": "health"}).context["results"].sort == "relevance"
        assert self.client.get(self.scenario.url).context["results"].sort == "name"
        by_name = self.client.get(self.scenario.url, {"q": "mental health", "sort": "name"})
        assert names(by_name) == ["Amara Okafor", "Chidi Nwosu"]

    def test_names_autocomplete_from_the_first_letters(self):
        amara = self.scenario.coaches["Amara Okafor"]
        assert self.suggest("Ama") == [{"id": amara.pk, "name": "Amara Okafor", "url": amara.url}]
        assert amara.url.startswith(self.scenario.directory.url)  # the profile page's path on the site
        assert [s["name"] for s in self.suggest("amara ok")] == ["Amara Okafor"]

    def test_hidden_coaches_are_never_suggested(self):
        for typed in ("Hidd", "Gone", "Priv", "Elsew"):
            assert self.suggest(typed) == [], typed

    def test_an_empty_result_suggests_which_filter_to_remove(self):
        response = self.client.get(self.scenario.url, {"region": "scotland", "expertise": "governance"})
        results = response.context["results"]
        assert results.count == 0
        suggestions = {s.label: s.count for s in results.suggestions}
        assert suggestions == {"region": 2, "area of expertise": 1}
        html = response.content.decode()
        assert "Remove region to see 2 coaches" in html
        assert "Remove area of expertise to see 1 coach<" in html


class DatabaseDirectoryTests(DirectoryBehaviour, TestCase):
    engine_name = "database"


class ElasticsearchDirectoryTests(DirectoryBehaviour, TestCase):
    engine_name = "elasticsearch"


@pytest.mark.opensearch
class OpenSearchDirectoryTests(DirectoryBehaviour, TestCase):
    engine_name = "opensearch"


class SQLCountingDirectoryTests(DirectoryBehaviour, TestCase):
    """The same answers when filters and counts are worked out in SQL on every request (as for a
    filterset with filters a snapshot cannot apply) rather than from the directory's snapshot."""

    engine_name = "database"

    @classmethod
    def setUpClass(cls):
        cls.enterClassContext(patch.object(CoachDirectory, "use_snapshot", False))
        super().setUpClass()


# Tests that change the coaches get a directory of their own, on each backend in turn.


@pytest.fixture
def scenario(engine):
    return build(engine)


@pytest.mark.django_db
def test_recently_updated_coaches_can_come_first(client, scenario):
    deepa = scenario.coaches["Deepa Patel"]
    deepa.summary = "Youth work leader, now also mentoring new chief executives."
    deepa.save_revision().publish()
    response = client.get(scenario.url, {"sort": "updated"})
    assert names(response)[0] == "Deepa Patel"


@pytest.mark.django_db
def test_autocomplete_offers_at_most_eight_names(client, scenario, engine):
    from tests.factories import make_coach

    for i in range(10):
        make_coach(scenario.directory, title=f"Morgan Example{i}")
    engine.refresh()
    response = client.get(scenario.suggest_url, scenario.api_params(q="Morg"))
    assert len(response.json()["suggestions"]) == 8
