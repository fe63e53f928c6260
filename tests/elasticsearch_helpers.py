"""A real Elasticsearch for the tests, when there is one.

`make test` starts a node (tests/elasticsearch/es.sh) and exports ELASTICSEARCH_TEST_URL; the test
settings then add an ``elasticsearch`` search backend alias whose indexes carry a prefix unique to
this run. Without a node, Elasticsearch tests skip and say why; with
CASCADING_REQUIRE_ELASTICSEARCH=1 (CI) they fail instead.
"""

import functools
import os
import shutil
import socket
import subprocess
import unittest
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

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
    """('Elasticsearch', '8.19.21', url) for the test node, or None when there is none."""
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


# Nodes of their own, for the fault tests: they stop, restart and kill Elasticsearch, so they never
# use the run's node. Their ports can be moved where two runs share a machine.
ES_SH = Path(__file__).resolve().parent / "elasticsearch" / "es.sh"
ES_HOME = ES_SH.parent / "target" / "es-home" / ".built"
FAULT_NODE_PORT = int(os.environ.get("CASCADING_FAULT_ES_PORT", "9231"))
FAULT_CLUSTER_PORT = int(os.environ.get("CASCADING_FAULT_ES_CLUSTER_PORT", "9241"))


def require_fault_nodes():
    """Skip (or fail, when required) unless this run may start Elasticsearch nodes of its own.

    They start with the Elasticsearch runs (``make test``, CI: ELASTICSEARCH_TEST_URL is set) or
    when asked for with CASCADING_ELASTICSEARCH_FAULTS=1; never in ``make test-fast``.
    """
    if not (
        settings.ELASTICSEARCH_TEST_URL
        or settings.REQUIRE_ELASTICSEARCH
        or os.environ.get("CASCADING_ELASTICSEARCH_FAULTS") == "1"
    ):
        raise unittest.SkipTest(
            "Elasticsearch fault tests start nodes of their own: they run with `make test`, or with "
            "ELASTICSEARCH_TEST_URL or CASCADING_ELASTICSEARCH_FAULTS=1 set"
        )
    if os.geteuid() == 0 and shutil.which("apt-get"):
        return  # es.sh installs Java and Maven from Debian's packages if they are missing.
    java_home = os.environ.get("JAVA_HOME")
    if not shutil.which(os.path.join(java_home, "bin", "java") if java_home else "java"):
        unavailable("Java (17+) is not installed, so es.sh cannot start Elasticsearch nodes")
    if not ES_HOME.exists() and not shutil.which("mvn"):
        unavailable("Maven (mvn) is not installed, so es.sh cannot build its Elasticsearch home")


@dataclass
class Nodes:
    """Elasticsearch nodes run by tests/elasticsearch/es.sh on ``port`` (node N on port + N)."""

    port: int
    base_dir: str
    count: int = 1
    heap: str = "512m"

    @property
    def urls(self):
        return [f"http://127.0.0.1:{self.port + n}" for n in range(self.count)]

    @property
    def url(self):
        return ",".join(self.urls)

    def es_sh(self, *args, keep_data=False):
        env = {
            **os.environ,
            "ES_PORT": str(self.port),
            "ES_TRANSPORT_PORT": str(self.port + 100),
            "ES_NODES": str(self.count),
            "ES_BASE_DIR": self.base_dir,
            "ES_HEAP": self.heap,
            "ES_HEAP_MIN": self.heap,
            "ES_CLUSTER_NAME": f"cascading-faults-{self.port}",
            "ES_KEEP_DATA": "1" if keep_data else "0",
            "ES_START_TIMEOUT": "240",
        }
        done = subprocess.run(
            [str(ES_SH), *args], env=env, capture_output=True, text=True, timeout=600, check=False
        )
        if done.returncode != 0:
            raise RuntimeError(
                f"es.sh {' '.join(args)} failed ({done.returncode}):\n{done.stdout}{done.stderr}"
            )
        return done.stdout

    def start(self, keep_data=False):
        """Start the nodes (with keep_data, on the indexes they had, as after a real outage)."""
        for port in range(self.port, self.port + self.count):
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0 and not keep_data:
                    raise RuntimeError(
                        f"port {port} is taken: stop what runs there, or move the fault tests' nodes "
                        "with CASCADING_FAULT_ES_PORT / CASCADING_FAULT_ES_CLUSTER_PORT"
                    )
        return self.es_sh("start", keep_data=keep_data)

    def stop(self):
        return self.es_sh("stop")

    def kill(self, node):
        return self.es_sh("kill", str(node))

    @contextmanager
    def running(self):
        """The nodes, started for a block and stopped after it, whatever happens inside."""
        try:
            self.start()
            yield self
        finally:
            self.stop()
