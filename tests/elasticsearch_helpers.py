"""A real Elasticsearch for the tests, when there is one.

`make test` starts a node (tests/elasticsearch/es.sh) and exports ELASTICSEARCH_TEST_URL; the test
settings then add an ``elasticsearch`` search backend alias whose indexes carry a prefix unique to
this run. Without a node, Elasticsearch tests skip and say why; with
CASCADING_REQUIRE_ELASTICSEARCH=1 (CI) they fail instead.
"""

import functools
import unittest

import pytest
from django.conf import settings
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

ALIAS = "elasticsearch"


def unavailable(reason):
    """Skip, or fail when the run requires Elasticsearch."""
    if settings.REQUIRE_ELASTICSEARCH:
        pytest.fail(
            f"Elasticsearch is required (CASCADING_REQUIRE_ELASTICSEARCH) but {reason}", pytrace=False
        )
    # unittest's SkipTest: pytest honours it in plain tests and in a TestCase's setUpClass alike.
    raise unittest.SkipTest(
        f"{reason}: run `make test`, or `make elasticsearch` and set ELASTICSEARCH_TEST_URL"
    )


@functools.cache
def engine_info():
    """('Elasticsearch', '8.14.3', url) for the test node, or None when there is none."""
    if not settings.ELASTICSEARCH_TEST_URL:
        return None
    try:
        info = get_search_backend(ALIAS).es.info()
    except Exception as exc:  # What matters is only that there is no usable node.
        return ("unreachable", repr(exc), settings.ELASTICSEARCH_TEST_URL)
    product = "OpenSearch" if info["version"].get("distribution") == "opensearch" else "Elasticsearch"
    return (product, info["version"]["number"], settings.ELASTICSEARCH_TEST_URL)


def require_elasticsearch():
    info = engine_info()
    if info is None:
        unavailable("ELASTICSEARCH_TEST_URL is not set")
    if info[0] == "unreachable":
        unavailable(f"no Elasticsearch answers at {info[2]} ({info[1]})")
    return get_search_backend(ALIAS)


def reset_page_index(backend):
    """An empty page index for one test: pages from earlier tests (whose ids the database reuses)
    must not linger in it."""
    index = backend.get_index_for_model(Page)
    for name in list(backend.es.indices.get(index=f"{index.name}*", ignore_unavailable=True)):
        backend.es.indices.delete(index=name)
    index.put()
    from modelsearch.index import get_indexed_models

    for model in get_indexed_models():
        if backend.get_index_for_model(model).name == index.name:
            index.add_model(model)


def refresh(backend):
    """Make the pages written so far visible to searches (Elasticsearch refreshes about once a second)."""
    backend.get_index_for_model(Page).refresh()


def delete_test_indexes():
    """Remove every index this run created."""
    if engine_info() is None or engine_info()[0] == "unreachable":
        return
    es = get_search_backend(ALIAS).es
    prefix = settings.ELASTICSEARCH_TEST_INDEX_PREFIX
    for name in list(es.indices.get(index=f"{prefix}*", ignore_unavailable=True)):
        es.indices.delete(index=name)
