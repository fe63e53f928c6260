"""What only the search engines (Elasticsearch, OpenSearch) do for the directory: relevance ranking,
forgiving misspellings, English analysis, and rebuilding an index without a gap. Each test runs on
both."""

from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from cascading_pages.coaches.models import CoachPage
from tests.cascading_pages.coaches.scenario import build
from tests.factories import make_coach, make_directory, make_home

pytestmark = pytest.mark.django_db


def names(client, scenario, **params):
    response = client.get(scenario.url, params)
    assert response.status_code == 200
    return [coach.title for coach in response.context["results"].page]


@pytest.fixture
def scenario(search_engine):
    return build(search_engine)


def test_a_match_on_the_name_ranks_above_a_mention_elsewhere(client, scenario, search_engine):
    make_coach(
        scenario.directory,
        title="Sam Wilson",
        summary="Trained as a coach with Fraser and Partners; still uses the Fraser method.",
    )
    search_engine.refresh()
    assert names(client, scenario, q="Fraser") == ["Eilidh Fraser", "Sam Wilson"]


def test_a_misspelt_word_still_finds_coaches(client, scenario):
    assert sorted(names(client, scenario, q="fundrasing")) == [
        "Amara Okafor",
        "Bethan Llewellyn",
        "Eilidh Fraser",
    ]
    assert names(client, scenario, q="Okafr") == ["Amara Okafor"]
    assert sorted(names(client, scenario, q="mentl helth")) == ["Amara Okafor", "Chidi Nwosu"]


def test_an_exact_spelling_ranks_above_a_near_miss(client, scenario, search_engine):
    make_coach(scenario.directory, title="Ravi Patil")
    search_engine.refresh()
    assert names(client, scenario, q="Patel") == ["Deepa Patel", "Ravi Patil"]
    assert names(client, scenario, q="Patil") == ["Ravi Patil", "Deepa Patel"]


def test_english_words_match_their_other_forms_and_accents_are_optional(client, scenario, search_engine):
    make_coach(scenario.directory, title="Zoë Ní Bhriain", summary="Coaches leaders of carers' charities.")
    search_engine.refresh()
    assert names(client, scenario, q="Zoe") == ["Zoë Ní Bhriain"]
    assert "Zoë Ní Bhriain" in names(client, scenario, q="coach carer")


def test_autocomplete_matches_the_start_of_any_word_of_a_name(client, scenario):
    response = client.get(scenario.suggest_url, scenario.api_params(q="Okaf"))
    assert [s["name"] for s in response.json()["suggestions"]] == ["Amara Okafor"]


def test_update_index_rebuilds_into_a_new_index_and_swaps_the_alias(settings_override, client):
    directory = make_directory(make_home())
    make_coach(directory, title="Nadia Rahman")
    backend = get_search_backend("rebuild")
    index = backend.get_index_for_model(Page)

    call_command("update_index", backend_name="rebuild", stdout=StringIO())
    assert index.is_alias()
    first = [i.name for i in index.aliased_indices()]
    assert [hit.title for hit in backend.search("Nadia", CoachPage)] == ["Nadia Rahman"]

    call_command("update_index", backend_name="rebuild", stdout=StringIO())
    second = [i.name for i in index.aliased_indices()]
    assert len(second) == 1 and second != first
    assert not backend.es.indices.exists(index=first[0])
    assert [hit.title for hit in backend.search("Nadia", CoachPage)] == ["Nadia Rahman"]


@pytest.fixture
def settings_override(search_engine, settings):
    settings.WAGTAILSEARCH_BACKENDS = {
        **settings.WAGTAILSEARCH_BACKENDS,
        "rebuild": {
            **search_engine.backend_settings(
                index_prefix=f"{settings.ELASTICSEARCH_TEST_INDEX_PREFIX}rebuild_"
            ),
            "AUTO_UPDATE": False,
        },
    }
    return settings
