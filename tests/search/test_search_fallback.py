"""When the search engine is down or broken, visitors still search the site: the page answers from
the fallback backend and says so; with no fallback it says search is unavailable. Never a 500."""

import logging

import pytest

from cascading_pages.search.backends import DEGRADED_NOTICE
from cascading_pages.search.settings import elasticsearch_backend
from cascading_pages.search.site import UNAVAILABLE_NOTICE
from tests.cascading_pages.search.engines import engine_for, engine_param
from tests.cascading_pages.search.site_scenario import VISIBLE, WORD, build
from tests.elasticsearch_helpers import SEARCH_ENGINES

pytestmark = pytest.mark.django_db


# Each client's own errors are caught: no node is needed to prove it.
@pytest.fixture(params=list(SEARCH_ENGINES))
def unreachable(request, settings):
    build(engine_for("database"))
    # Nothing listens on port 9 (discard) here: connections are refused at once.
    backend = {
        **elasticsearch_backend("http://127.0.0.1:9", engine=request.param, timeout=2),
        "AUTO_UPDATE": False,
    }
    settings.WAGTAILSEARCH_BACKENDS = {**settings.WAGTAILSEARCH_BACKENDS, "unreachable": backend}
    settings.CASCADING_DIRECTORY_SEARCH_BACKEND = "unreachable"
    settings.CASCADING_DIRECTORY_FALLBACK_BACKEND = "default"


def titles(response):
    return sorted(result.title for result in response.context["results"].page)


def test_an_unreachable_engine_is_answered_from_the_database_with_the_directorys_notice(
    client, unreachable, caplog
):
    with caplog.at_level(logging.WARNING, logger="cascading_pages.search"):
        response = client.get("/search/", {"query": WORD})
    assert response.status_code == 200
    assert titles(response) == sorted(VISIBLE)
    assert DEGRADED_NOTICE in response.content.decode()
    assert any("answering from 'default'" in record.getMessage() for record in caplog.records)


def test_without_a_fallback_the_page_says_search_is_unavailable(client, unreachable, settings):
    settings.CASCADING_DIRECTORY_FALLBACK_BACKEND = None
    response = client.get("/search/", {"query": WORD})
    assert response.status_code == 503
    html = response.content.decode()
    assert UNAVAILABLE_NOTICE in html
    assert 'role="search"' in html, "the search form is still there, to try again"
    assert "results-heading" not in html
    assert "elasticsearch" not in html.lower() and "opensearch" not in html.lower()


@pytest.mark.parametrize("name", [engine_param(name) for name in SEARCH_ENGINES])
def test_an_engine_error_such_as_a_missing_index_falls_back(client, settings, name):
    engine = engine_for(name)  # Skips (or fails, in CI) without a node.
    build(engine)
    settings.WAGTAILSEARCH_BACKENDS = {
        **settings.WAGTAILSEARCH_BACKENDS,
        "not_built": {**engine.backend_settings(index_prefix="cascading_never_built_"), "AUTO_UPDATE": False},
    }
    settings.CASCADING_DIRECTORY_SEARCH_BACKEND = "not_built"
    settings.CASCADING_DIRECTORY_FALLBACK_BACKEND = "default"
    response = client.get("/search/", {"query": "Amara"})
    assert response.status_code == 200
    assert titles(response) == ["Amara Okafor"]
    assert DEGRADED_NOTICE in response.content.decode()
