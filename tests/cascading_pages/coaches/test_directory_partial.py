"""A leader's long search lists the coaches covering all their words first, then those covering
most of them; one or two words must all match, as before. On every search backend."""

import pytest
from django.test import TestCase

from tests.cascading_pages.search.engines import EngineTestMixin
from tests.factories import make_coach, make_directory, make_home

JSON_URL = "/api/v1/coaches/"


class PartialMatchesBehaviour(EngineTestMixin):
    @classmethod
    def setUpTestData(cls):
        cls.directory = make_directory(make_home())
        words = {
            "Ada Full": "volunteer recruitment, retention and strategy",
            "Ben Most": "volunteer recruitment and retention",
            "Cai Most": "recruitment, retention and strategy",
            "Dee Two": "volunteer strategy",
            "Eve One": "volunteer leadership",
        }
        for name, summary in words.items():
            make_coach(
                cls.directory,
                title=name,
                summary=f"Coaching on {summary}.",
                regions=["Wales" if name.endswith("Most") else "London"],
            )
        # Someone else's search words, to show the partial ones are not simply "any word".
        make_coach(cls.directory, title="Fay None", summary="Charity finance.", regions=["Wales"])
        cls.engine.refresh()

    def search(self, q, **params):
        response = self.client.get(JSON_URL, {"directory": self.directory.pk, "q": q, **params})
        assert response.status_code == 200, response.content
        return response.json()

    def test_coaches_matching_every_word_come_first_then_those_matching_most(self):
        data = self.search("volunteer recruitment retention strategy")
        names = [item["name"] for item in data["items"]]
        assert names[0] == "Ada Full"
        assert sorted(names[1:]) == ["Ben Most", "Cai Most"]
        assert data["count"] == 3
        assert data["partial_matches"] is True

    def test_the_page_says_so_and_the_facets_count_the_same_coaches(self):
        response = self.client.get(self.directory.url, {"q": "volunteer recruitment retention strategy"})
        html = response.content.decode()
        assert "Coaches matching all your words come first, then those matching most of them." in html
        assert "3 coaches matching" in html
        data = self.search("volunteer recruitment retention strategy")
        regions = next(f for f in data["facets"] if f["name"] == "region")
        assert {o["label"]: o["count"] for o in regions["options"]} == {"London": 1, "Wales": 2}
        wales = self.search("volunteer recruitment retention strategy", region="wales")
        assert wales["count"] == 2 and wales["partial_matches"] is True

    def test_filters_leaving_only_full_matches_say_nothing_of_partial_ones(self):
        data = self.search("volunteer recruitment retention strategy", region="london")
        assert [item["name"] for item in data["items"]] == ["Ada Full"]
        assert data["partial_matches"] is False

    def test_one_or_two_words_must_all_match(self):
        data = self.search("volunteer strategy")
        assert sorted(item["name"] for item in data["items"]) == ["Ada Full", "Dee Two"]
        assert data["partial_matches"] is False
        assert self.search("volunteer")["count"] == 4

    def test_three_words_need_two(self):
        data = self.search("volunteer leadership strategy")
        names = [item["name"] for item in data["items"]]
        assert set(names) == {"Ada Full", "Dee Two", "Eve One"}
        assert data["partial_matches"] is True

    def test_the_best_partial_match_is_on_the_first_page(self):
        data = self.search("volunteer recruitment retention strategy", page="1")
        assert data["num_pages"] == 1


class DatabasePartialMatchesTests(PartialMatchesBehaviour, TestCase):
    engine_name = "database"


@pytest.mark.elasticsearch
class ElasticsearchPartialMatchesTests(PartialMatchesBehaviour, TestCase):
    engine_name = "elasticsearch"


@pytest.mark.opensearch
class OpenSearchPartialMatchesTests(PartialMatchesBehaviour, TestCase):
    engine_name = "opensearch"
