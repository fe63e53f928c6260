"""A host configures search with one call in its settings module: the database, or Elasticsearch (or
OpenSearch) with the database kept beside it for the directory to fall back to."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core import checks
from django.test import override_settings
from django.utils.module_loading import import_string

from cascading_pages.search.backends import fallback_alias
from cascading_pages.search.settings import (
    ENGLISH_ANALYSIS,
    elasticsearch_backend,
    opensearch_backend,
    search_backends,
)

REPO = Path(__file__).resolve().parents[3]
DATABASE = {"BACKEND": "wagtail.search.backends.database"}


def test_a_settings_module_can_import_the_helper_before_django_is_set_up():
    code = (
        "import sys; from cascading_pages.search.settings import search_backends; "
        "search_backends(url='http://127.0.0.1:9200'); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('django', 'wagtail')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("url", [None, "", " , "])
def test_without_an_elasticsearch_address_the_site_searches_its_database(url):
    assert search_backends(url=url) == {"default": DATABASE}


def test_with_elasticsearch_the_database_backend_is_kept_beside_it_for_the_directory_to_fall_back_to():
    backends = search_backends(
        url="http://es1.internal:9200, http://es2.internal:9200", index_prefix="partner_"
    )
    assert list(backends) == ["default", "database"]
    assert backends["database"] == DATABASE
    es = backends["default"]
    assert es["BACKEND"] == "cascading_pages.search.elasticsearch8"
    assert es["URLS"] == ["http://es1.internal:9200", "http://es2.internal:9200"]
    assert es["INDEX_PREFIX"] == "partner_"
    assert es["TIMEOUT"] == 5
    # A refused connection is tried on the other node; a timeout is not retried.
    assert es["OPTIONS"] == {"max_retries": 1, "retry_on_timeout": False}
    assert es["INDEX_SETTINGS"] == {"settings": {"analysis": ENGLISH_ANALYSIS}}

    # A host that sets nothing else: the directory falls back to that database backend.
    with override_settings(WAGTAILSEARCH_BACKENDS=backends):
        del django_settings.CASCADING_DIRECTORY_FALLBACK_BACKEND
        del django_settings.CASCADING_DIRECTORY_SEARCH_BACKEND
        assert fallback_alias() == "database"


def test_nodes_timeouts_replicas_analysis_and_client_options_are_the_hosts_to_choose():
    analysis = {"analyzer": {"default": {"type": "standard"}}}
    es = elasticsearch_backend(
        ["https://search.example:9243"],
        timeout=30,
        replicas=0,
        analysis=analysis,
        options={"basic_auth": ("site", "secret")},
    )
    assert es["URLS"] == ["https://search.example:9243"]
    assert es["TIMEOUT"] == 30
    assert es["OPTIONS"] == {"max_retries": 0, "retry_on_timeout": False, "basic_auth": ("site", "secret")}
    assert es["INDEX_SETTINGS"] == {"settings": {"analysis": analysis, "index": {"number_of_replicas": 0}}}


def test_the_fallback_alias_can_be_renamed_or_left_out(settings):
    renamed = search_backends(url="http://127.0.0.1:9200", fallback_alias="db")
    assert list(renamed) == ["default", "db"]
    settings.WAGTAILSEARCH_BACKENDS = renamed
    settings.CASCADING_DIRECTORY_SEARCH_BACKEND = "default"
    settings.CASCADING_DIRECTORY_FALLBACK_BACKEND = "db"
    assert fallback_alias() == "db"

    settings.WAGTAILSEARCH_BACKENDS = search_backends(url="http://127.0.0.1:9200", fallback_alias=None)
    assert list(settings.WAGTAILSEARCH_BACKENDS) == ["default"]
    assert fallback_alias() is None


def test_an_elasticsearch_backend_without_any_node_is_a_clear_error():
    with pytest.raises(ValueError, match="at least one node address"):
        elasticsearch_backend(" , ")


def test_opensearch_is_one_keyword_and_everything_else_is_the_same():
    elasticsearch = search_backends(url="http://os1.internal:9200, http://os2.internal:9200", replicas=1)
    opensearch = search_backends(
        url="http://os1.internal:9200, http://os2.internal:9200", replicas=1, engine="opensearch"
    )
    assert opensearch["default"]["BACKEND"] == "cascading_pages.search.opensearch2"
    assert {**opensearch["default"], "BACKEND": None} == {**elasticsearch["default"], "BACKEND": None}
    assert opensearch["database"] == DATABASE
    assert opensearch_backend("http://os1.internal:9200", timeout=3) == elasticsearch_backend(
        "http://os1.internal:9200", timeout=3, engine="opensearch"
    )


def test_an_engine_the_plugin_does_not_know_is_a_clear_error():
    with pytest.raises(ValueError, match="engine must be one of elasticsearch, opensearch, not 'solr'"):
        search_backends(url="http://127.0.0.1:8983", engine="solr")


def connection(backend):
    """(scheme, certificate check, Authorization header) of the client's first node."""
    es = backend.es
    if hasattr(es.transport, "node_pool"):  # The elasticsearch client (elastic-transport).
        node = es.transport.node_pool.all()[0]
        return node.config.scheme, node.pool.cert_reqs, es._headers.get("authorization")
    node = es.transport.connection_pool.connections[0]  # opensearch-py
    return node.host.split(":")[0], node.pool.cert_reqs, node.headers.get("authorization")


@pytest.mark.parametrize("engine", ["elasticsearch", "opensearch"])
def test_an_https_address_with_credentials_means_tls_with_the_certificate_checked_and_basic_auth(engine):
    config = elasticsearch_backend("https://site:s3cret@search.example:9243", engine=engine)
    backend = import_string(f"{config['BACKEND']}.SearchBackend")(dict(config))  # No request is made.
    assert connection(backend) == ("https", "CERT_REQUIRED", "Basic c2l0ZTpzM2NyZXQ=")  # site:s3cret


def test_a_site_on_opensearch_without_its_client_is_told_what_to_install_when_it_starts(
    monkeypatch, settings
):
    settings.WAGTAILSEARCH_BACKENDS = search_backends(url="http://127.0.0.1:9200", engine="opensearch")
    # As in an environment without the "opensearch" extra: the client cannot be imported.
    monkeypatch.setitem(sys.modules, "opensearchpy", None)
    monkeypatch.delitem(sys.modules, "cascading_pages.search.opensearch2", raising=False)
    monkeypatch.delitem(sys.modules, "wagtail.search.backends.opensearch2", raising=False)
    monkeypatch.delitem(sys.modules, "modelsearch.backends.opensearch2", raising=False)
    [error] = [message for message in checks.run_checks() if message.id == "cascading_pages.E005"]
    assert error.msg.startswith(
        "Search backend 'default' (cascading_pages.search.opensearch2) cannot be loaded"
    )
    assert error.hint == 'Install its client: pip install "cascading-leadership[opensearch]"'


def test_the_configured_search_backends_load():
    assert [message for message in checks.run_checks() if message.id == "cascading_pages.E005"] == []
