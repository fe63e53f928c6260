"""The search engine stops in the middle of the day, on a node of the test's own (es.sh for
Elasticsearch, os.sh for OpenSearch: the test runs on each).

Leaders still find coaches (from the database, with a notice), editors still publish, and once
the engine is back `check_search_index` shows what it missed and `update_index` puts it right.
Search settings are production's: the engine as ``default``, the database backend beside it.
"""

import logging
import shutil
import tempfile
import uuid
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.search.backends import get_search_backend

from cascading_pages.coaches.directory import DEGRADED_NOTICE
from cascading_pages.coaches.models import CoachPage
from cascading_pages.search.settings import search_backends
from tests.elasticsearch_helpers import SEARCH_ENGINES, Nodes, require_fault_nodes, stored_document
from tests.factories import make_coach, make_directory, make_home

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

# The JSON endpoint that searches the directory, answered from the database while the engine
# is down; and the one that suggests coaches' names as a leader types.
SEARCH_JSON = "/api/v1/coaches/"
SUGGEST_JSON = "/api/v1/coaches/suggest/"


@pytest.fixture(
    scope="module",
    params=[
        pytest.param("elasticsearch", marks=pytest.mark.elasticsearch),
        pytest.param("opensearch", marks=pytest.mark.opensearch),
    ],
)
def node(request):
    engine = SEARCH_ENGINES[request.param]
    require_fault_nodes(engine)
    base_dir = tempfile.mkdtemp(prefix=f"cascading-{engine.alias}-outage-")
    try:
        with Nodes(engine.fault_node_port, base_dir, engine=engine).running() as nodes:
            yield nodes
    finally:
        shutil.rmtree(base_dir, ignore_errors=True)


@pytest.fixture
def production_search(node, settings):
    settings.WAGTAILSEARCH_BACKENDS = search_backends(
        node.url,
        engine=node.engine.alias,
        index_prefix=f"cascading_outage_{uuid.uuid4().hex[:8]}_",
        timeout=2,
    )
    settings.CASCADING_DIRECTORY_SEARCH_BACKEND = "default"
    settings.CASCADING_DIRECTORY_FALLBACK_BACKEND = "database"
    # As at deployment: the indexes exist (with their mappings) before editors add pages.
    update_index(settings)
    return get_search_backend("default")


def update_index(settings, *args):
    """`manage.py update_index`, given the time a node that has just started can take to create an
    index (more than the site's 2 seconds on a busy machine)."""
    backends = settings.WAGTAILSEARCH_BACKENDS
    settings.WAGTAILSEARCH_BACKENDS = {**backends, "default": {**backends["default"], "TIMEOUT": 30}}
    try:
        call_command("update_index", *args, stdout=StringIO())
    finally:
        settings.WAGTAILSEARCH_BACKENDS = backends


def check_search_index():
    out = StringIO()
    try:
        call_command("check_search_index", "--backend", "default", stdout=out, stderr=out)
    except CommandError as exc:
        return exc.returncode, out.getvalue()
    return 0, out.getvalue()


def search(client, directory, q):
    """(names found, notice shown) for a leader's search on the directory page."""
    response = client.get(directory.url, {"q": q})
    assert response.status_code == 200
    return sorted(
        c.title for c in response.context["results"].page
    ), DEGRADED_NOTICE in response.content.decode()


def test_a_stopped_search_engine_loses_nothing(client, node, production_search, settings, caplog):
    backend = production_search
    directory = make_directory(make_home())
    amara = make_coach(directory, title="Amara Okafor", summary="Fundraising for mental health.")
    make_coach(directory, title="Bethan Llewellyn", summary="Fundraising in the valleys.")
    leaving = make_coach(directory, title="Leaving Coach", summary="Moving abroad.")
    backend.refresh_indexes()
    assert search(client, directory, "fundraising") == (["Amara Okafor", "Bethan Llewellyn"], False)
    assert check_search_index()[0] == 0

    node.stop()

    # Leaders: the page and its JSON answer from the database, say so, and the logs say why.
    with caplog.at_level(logging.WARNING):
        assert search(client, directory, "fundraising") == (["Amara Okafor", "Bethan Llewellyn"], True)
    assert any("answering from 'database'" in r.getMessage() for r in caplog.records)
    response = client.get(SEARCH_JSON, {"directory": directory.pk, "q": "valleys"})
    assert response.status_code == 200
    assert [c["name"] for c in response.json()["items"]] == ["Bethan Llewellyn"]
    assert response.json()["notice"] == DEGRADED_NOTICE
    response = client.get(SUGGEST_JSON, {"directory": directory.pk, "q": "Beth"})
    assert response.status_code == 200
    assert [c["name"] for c in response.json()["suggestions"]] == ["Bethan Llewellyn"]
    response = client.get("/api/v1/pages/", {"type": "cascading_pages.CoachPage"})
    assert response.status_code == 200 and response.json()["count"] == 3
    # The drift check cannot see the index, and says so (exit status 2) rather than "no drift".
    status, report = check_search_index()
    assert status == 2 and "cannot check" in report

    # Editors: publishing (and deleting) works; Wagtail logs the index updates it could not make.
    caplog.clear()
    with caplog.at_level(logging.ERROR, logger="modelsearch"):
        chidi = make_coach(directory, title="Chidi Nwosu", summary="Zanzibar trade links.")
        draft = amara.get_latest_revision_as_object()
        draft.summary = "Orkney ferries and fundraising."
        draft.save_revision().publish()
        leaving.delete()
    assert CoachPage.objects.live().filter(pk=chidi.pk).exists()
    assert not CoachPage.objects.filter(pk=leaving.pk).exists()
    assert any("search backend" in r.getMessage() for r in caplog.records)
    assert search(client, directory, "zanzibar") == (["Chidi Nwosu"], True)
    assert search(client, directory, "orkney") == (["Amara Okafor"], True)

    node.start(keep_data=True)

    # The engine is back with the index as it was: it answers again, but without the changes.
    assert stored_document(backend, chidi) is None
    assert search(client, directory, "zanzibar") == ([], False)
    status, report = check_search_index()
    assert status == 1, report
    assert f"1 missing: {chidi.pk}" in report
    assert f"1 outdated: {amara.pk}" in report
    assert f"1 stale: {leaving.pk}" in report

    update_index(settings, "--backend", "default")

    status, report = check_search_index()
    assert status == 0, report
    assert "No drift" in report
    assert search(client, directory, "zanzibar") == (["Chidi Nwosu"], False)
    assert search(client, directory, "orkney") == (["Amara Okafor"], False)
