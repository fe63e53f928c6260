"""A leader's words find what they mean, on every backend: other English forms of a word, the
start of a word, and a misspelt word corrected from the words of the coaches a visitor may see."""

import pytest

from tests.cascading_pages.coaches.scenario import build
from tests.factories import make_coach

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario(engine):
    scenario = build(engine)
    make_coach(
        scenario.directory,
        title="Owen Restall",
        organisation="Cardiff Housing Cooperative",
        summary="Led the restructuring of two housing charities after a merger.",
        expertise=["Governance"],
    )
    # Only a hidden coach uses these words: no search or correction may reveal them.
    make_coach(scenario.directory, live=False, title="Secret Draft", summary="Philanthropy and endowments.")
    engine.refresh()
    return scenario


def results_for(client, scenario, **params):
    response = client.get(scenario.url, params)
    assert response.status_code == 200
    return response.context["results"], response.content.decode()


def names(results):
    return sorted(coach.title for coach in results.page)


def test_a_word_finds_its_other_english_forms(client, scenario):
    results, _ = results_for(client, scenario, q="restructure")
    assert names(results) == ["Owen Restall"]
    results, _ = results_for(client, scenario, q="mergers restructured")
    assert names(results) == ["Owen Restall"]


def test_the_start_of_a_word_finds_the_whole_word(client, scenario):
    results, _ = results_for(client, scenario, q="gover")
    assert names(results) == ["Chidi Nwosu", "Deepa Patel", "Owen Restall"]
    results, _ = results_for(client, scenario, q="housing gover")
    assert names(results) == ["Owen Restall"]


def test_words_only_hidden_coaches_use_find_nobody(client, scenario):
    results, html = results_for(client, scenario, q="philanthro")
    assert results.count == 0
    assert "Secret Draft" not in html

