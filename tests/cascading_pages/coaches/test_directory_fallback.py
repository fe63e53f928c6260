"""When the search engine (Elasticsearch or OpenSearch) is down or broken, leaders still find
coaches: the directory answers from the database backend, says so, and logs a warning. Never a
server error."""

import logging

import pytest

from cascading_pages.search.settings import elasticsearch_backend
from tests.cascading_pages.coaches.scenario import build
from tests.cascading_pages.search.engines import engine_for
from tests.elasticsearch_helpers import SEARCH_ENGINES

pytestmark = pytest.mark.django_db


def unreachable(engine, url="http://127.0.0.1:9"):
    """A backend of ``engine`` where nothing listens (port 9, discard: refused at once)."""
    return {**elasticsearch_backend(url, engine=engine, timeout=2), "AUTO_UPDATE": False}


# Each client's own errors are caught: no node is needed to prove it.
@pytest.fixture(params=list(SEARCH_ENGINES))
def scenario(request, settings):
    scenario = build(engine_for("database"))
    settings.WAGTAILSEARCH_BACKENDS = {
        **settings.WAGTAILSEARCH_BACKENDS,
        "unreachable": unreachable(request.param),
    }
    settings.CASCADING_DIRECTORY_SEARCH_BACKEND = "unreachable"
    settings.CASCADING_DIRECTORY_FALLBACK_BACKEND = "default"
    return scenario


def test_an_unreachable_engine_is_answered_from_the_database(client, scenario, caplog):
    with caplog.at_level(logging.WARNING, logger="cascading_pages.search"):
        response = client.get(scenario.url, {"q": "fundraising", "accepting": "1"})
    assert response.status_code == 200
    assert sorted(c.title for c in response.context["results"].page) == ["Amara Okafor", "Bethan Llewellyn"]
    assert "Search is working in a simpler mode" in response.content.decode()
    assert any("answering from 'default'" in record.getMessage() for record in caplog.records)


def test_the_json_endpoint_and_suggestions_fall_back_too(client, scenario):
    data = client.get(scenario.json_url, scenario.api_params(q="Lewisham")).json()
    assert [c["name"] for c in data["items"]] == ["Chidi Nwosu"]
    assert data["notice"].startswith("Search is working in a simpler mode")
    suggestions = client.get(scenario.suggest_url, scenario.api_params(q="Chidi")).json()["suggestions"]
    assert [s["name"] for s in suggestions] == ["Chidi Nwosu"]


def test_without_a_fallback_the_filters_still_work_and_the_page_says_words_are_ignored(
    client, scenario, settings
):
    settings.CASCADING_DIRECTORY_FALLBACK_BACKEND = None
    response = client.get(scenario.url, {"q": "fundraising", "region": "wales"})
    assert response.status_code == 200
    assert [c.title for c in response.context["results"].page] == ["Bethan Llewellyn"]
    assert "Searching by words is not available at the moment" in response.content.decode()
    response = client.get(scenario.suggest_url, scenario.api_params(q="Chidi"))
    assert (response.status_code, response.json()["suggestions"]) == (200, [])


def test_an_engine_error_such_as_a_missing_index_falls_back(client, settings, search_engine):
    scenario = build(search_engine)
    settings.WAGTAILSEARCH_BACKENDS = {
        **settings.WAGTAILSEARCH_BACKENDS,
        "not_built": {
            **search_engine.backend_settings(index_prefix="cascading_never_built_"),
            "AUTO_UPDATE": False,
        },
    }
    settings.CASCADING_DIRECTORY_SEARCH_BACKEND = "not_built"
    settings.CASCADING_DIRECTORY_FALLBACK_BACKEND = "default"
    response = client.get(scenario.url, {"q": "Lewisham"})
    assert response.status_code == 200
    assert [c.title for c in response.context["results"].page] == ["Chidi Nwosu"]
    assert "Search is working in a simpler mode" in response.content.decode()


@pytest.mark.parametrize("engine", list(SEARCH_ENGINES))
def test_the_credentials_in_an_engines_address_never_reach_the_logs(client, settings, caplog, engine):
    scenario = build(engine_for("database"))
    settings.WAGTAILSEARCH_BACKENDS = {
        **settings.WAGTAILSEARCH_BACKENDS,
        "unreachable": unreachable(engine, url="https://site-user:s3cret-Passw0rd@127.0.0.1:9"),
    }
    settings.CASCADING_DIRECTORY_SEARCH_BACKEND = "unreachable"
    settings.CASCADING_DIRECTORY_FALLBACK_BACKEND = "default"
    with caplog.at_level(logging.INFO):
        response = client.get(scenario.url, {"q": "fundraising"})
    assert response.status_code == 200
    assert any("answering from 'default'" in record.getMessage() for record in caplog.records)
    assert "s3cret-Passw0rd" not in caplog.text
    assert "s3cret-Passw0rd" not in response.content.decode()
