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


def test_a_misspelt_word_that_finds_nobody_is_corrected_and_the_original_offered(client, scenario, engine):
    results, html = results_for(client, scenario, q="govrnance")
    assert names(results) == ["Chidi Nwosu", "Deepa Patel", "Owen Restall"]
    assert results.correction == "governance"
    if results.corrected_from:  # The database backend: "govrnance" alone finds nobody.
        assert results.text == "governance"
        assert "Showing results for <em>governance</em>. Search instead for" in html
        assert "exact=1" in results.original_query
    else:  # The search engines' fuzzy matching found them already: the correction is offered.
        assert engine.keeps_documents
        assert "Did you mean <a" in html and "<em>governance</em>" in html


def test_the_words_as_typed_are_searched_when_asked(client, scenario, engine):
    results, html = results_for(client, scenario, q="govrnance", exact="1")
    assert results.text == "govrnance" and not results.correction
    assert "Showing results for" not in html and "Did you mean" not in html


def test_only_the_misspelt_word_of_several_is_corrected(client, scenario):
    results, _ = results_for(client, scenario, q="Mergers restructering")
    assert names(results) == ["Owen Restall"]
    assert results.correction == "Mergers restructuring"


def test_a_near_miss_of_a_name_is_corrected_in_its_own_case(client, scenario, engine):
    results, html = results_for(client, scenario, q="Patil")
    assert names(results) == ["Deepa Patel"]
    assert results.correction == "Patel"
    if engine.keeps_documents:  # Fuzzy matching found her already: the correction is offered.
        assert not results.corrected_from
        assert "Did you mean <a" in html
    else:
        assert results.corrected_from == "Patil"


def test_the_start_of_a_known_word_needs_no_correction(client, scenario):
    results, _ = results_for(client, scenario, q="fundraisin")
    assert names(results) == ["Amara Okafor", "Bethan Llewellyn", "Eilidh Fraser"]
    assert not results.correction


def test_a_correction_never_comes_from_a_hidden_coach(client, scenario):
    results, _ = results_for(client, scenario, q="philanthropi")
    assert results.count == 0 and not results.correction


def test_a_correction_is_escaped(client, scenario):
    results, html = results_for(client, scenario, q="<script>alert(1)</script>govrnance")
    assert "<script>alert" not in html
    assert results.correction == "script alert 1 script governance" or not results.correction


def test_the_api_returns_the_correction(client, scenario, engine):
    response = client.get(scenario.json_url, scenario.api_params(q="govrnance"))
    assert response.status_code == 200
    data = response.json()
    assert data["corrected_query"] == "governance"
    assert data["count"] == 3
    assert data["correction_applied"] is (data["query"] == "governance")
    if not engine.keeps_documents:
        assert data["correction_applied"] is True

    data = client.get(scenario.json_url, scenario.api_params(q="governance")).json()
    assert data["corrected_query"] is None and data["correction_applied"] is False

    response = client.get(scenario.json_url, scenario.api_params(q="govrnance", exact="1"))
    assert response.status_code == 200
    assert response.json()["query"] == "govrnance"
    assert client.get(scenario.json_url, scenario.api_params(exact="yes")).status_code == 400


def test_the_second_page_of_a_misspelt_search_lists_the_next_coaches(client, scenario, settings):
    settings.CASCADING_DIRECTORY_PAGE_SIZE = 2
    first, html = results_for(client, scenario, q="govrnance")
    assert 'page=2"' in html
    second, _ = results_for(client, scenario, q="govrnance", page="2")
    assert second.page.number == 2 and bool(second.corrected_from) == bool(first.corrected_from)
    assert names(second) and not set(names(second)) & set(names(first))
