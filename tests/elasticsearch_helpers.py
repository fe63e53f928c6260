"""Real search engines for the tests, when there are some: Elasticsearch, and OpenSearch.

`make test` starts an Elasticsearch node (tests/elasticsearch/es.sh) and exports
ELASTICSEARCH_TEST_URL; an OpenSearch node (tests/opensearch/os.sh) is the same with
OPENSEARCH_TEST_URL. The test settings then add an ``elasticsearch`` (or ``opensearch``) search
backend alias whose indexes carry a prefix unique to this run. Without a node, that engine's tests
skip and say why; with CASCADING_REQUIRE_ELASTICSEARCH=1 (or CASCADING_REQUIRE_OPENSEARCH=1, in CI)
they fail instead.
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
from modelsearch.index import get_indexed_models
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

TESTS = Path(__file__).resolve().parent


@dataclass(frozen=True)
class SearchEngine:
    """A search engine the suite runs against: its backend alias, its node and its variables."""

    #: The backend alias in the test settings, the engine's name in test ids, and its marker.
    alias: str
    product: str
    #: The setting (and environment variable) holding the run's node, and the one that turns a
    #: missing node from a skip into a failure.
    url_setting: str
    require_setting: str
    require_variable: str
    #: Set to 1 to run the fault tests (which start nodes of their own) without a run's node.
    faults_variable: str
    #: The script that runs its nodes, the prefix of that script's variables (ES_PORT, OS_PORT...)
    #: and the node home it builds with Maven on first use.
    script: Path
    script_prefix: str
    home: Path
    #: Where the fault tests' nodes listen (a single node; a three-node cluster), and the variables
    #: that move them where two runs share a machine.
    fault_node_port: int
    fault_cluster_port: int
    fault_port_variables: str
    #: How a developer starts a node for the tests.
    start_hint: str
    #: The logger the engine's client reports requests and connection failures on.
    client_logger: str

    @property
    def url(self):
        return getattr(settings, self.url_setting)

    @property
    def required(self):
        return getattr(settings, self.require_setting)

    @property
    def built(self):
        """Whether the script's node home has been built (else it needs Maven once)."""
        return (self.home / ".built").exists()


ELASTICSEARCH = SearchEngine(
    alias="elasticsearch",
    product="Elasticsearch",
    url_setting="ELASTICSEARCH_TEST_URL",
    require_setting="REQUIRE_ELASTICSEARCH",
    require_variable="CASCADING_REQUIRE_ELASTICSEARCH",
    faults_variable="CASCADING_ELASTICSEARCH_FAULTS",
    script=TESTS / "elasticsearch" / "es.sh",
    script_prefix="ES",
    home=TESTS / "elasticsearch" / "target" / "es-home",
    fault_node_port=int(os.environ.get("CASCADING_FAULT_ES_PORT", "9231")),
    fault_cluster_port=int(os.environ.get("CASCADING_FAULT_ES_CLUSTER_PORT", "9241")),
    fault_port_variables="CASCADING_FAULT_ES_PORT / CASCADING_FAULT_ES_CLUSTER_PORT",
    start_hint="run `make test`, or `make elasticsearch` and set ELASTICSEARCH_TEST_URL",
    client_logger="elastic_transport",
)
# Its ports stay clear of Elasticsearch's: es.sh puts a node's transport port 100 above its HTTP
# port, so Elasticsearch's nodes hold 92xx and 93xx.
OPENSEARCH = SearchEngine(
    alias="opensearch",
    product="OpenSearch",
    url_setting="OPENSEARCH_TEST_URL",
    require_setting="REQUIRE_OPENSEARCH",
    require_variable="CASCADING_REQUIRE_OPENSEARCH",
    faults_variable="CASCADING_OPENSEARCH_FAULTS",
    script=TESTS / "opensearch" / "os.sh",
    script_prefix="OS",
    home=TESTS / "opensearch" / "target" / "os-home",
    fault_node_port=int(os.environ.get("CASCADING_FAULT_OS_PORT", "9431")),
    fault_cluster_port=int(os.environ.get("CASCADING_FAULT_OS_CLUSTER_PORT", "9441")),
    fault_port_variables="CASCADING_FAULT_OS_PORT / CASCADING_FAULT_OS_CLUSTER_PORT",
    start_hint="run `tests/opensearch/os.sh start` and set OPENSEARCH_TEST_URL=http://127.0.0.1:9401",
    client_logger="opensearch",
)
SEARCH_ENGINES = {engine.alias: engine for engine in (ELASTICSEARCH, OPENSEARCH)}
ALIAS = ELASTICSEARCH.alias


def unavailable(reason, engine=ELASTICSEARCH):
    """Skip, or fail when the run requires ``engine``."""
    if engine.required:
        pytest.fail(f"{engine.product} is required ({engine.require_variable}) but {reason}", pytrace=False)
    # unittest's SkipTest: pytest honours it in plain tests and in a TestCase's setUpClass alike.
    raise unittest.SkipTest(f"{reason}: {engine.start_hint}")


@functools.cache
def engine_info(alias=ALIAS):
    """('OpenSearch', '2.19.6', url) for the engine's test node, or None when there is none."""
    engine = SEARCH_ENGINES[alias]
    if not engine.url:
        return None
    try:
        info = get_search_backend(alias).es.info()
    except Exception as exc:  # What matters is only that there is no usable node.
        return ("unreachable", repr(exc), engine.url)
    product = "OpenSearch" if info["version"].get("distribution") == "opensearch" else "Elasticsearch"
    return (product, info["version"]["number"], engine.url)


def require_engine(alias):
    """The backend of the engine called ``alias``; skips (or fails, when required) without its node,
    or when the node there is another product (the tests would not be testing what they say)."""
    engine = SEARCH_ENGINES[alias]
    info = engine_info(alias)
    if info is None:
        unavailable(f"{engine.url_setting} is not set", engine)
    if info[0] == "unreachable":
        unavailable(f"no {engine.product} answers at {info[2]} ({info[1]})", engine)
    if info[0] != engine.product:
        unavailable(f"{info[2]} is {info[0]} {info[1]}, not {engine.product}", engine)
    return get_search_backend(alias)


def require_elasticsearch():
    return require_engine(ALIAS)


def reset_page_index(backend):
    """An empty page index for one test: pages from earlier tests (whose ids the database reuses)
    must not linger in it."""
    index = backend.get_index_for_model(Page)
    for name in list(backend.es.indices.get(index=f"{index.name}*", ignore_unavailable=True)):
        backend.es.indices.delete(index=name)
    index.put()
    for model in get_indexed_models():
        if backend.get_index_for_model(model).name == index.name:
            index.add_model(model)


def refresh(backend):
    """Make the pages written so far visible to searches (the engines refresh about once a second)."""
    backend.get_index_for_model(Page).refresh()


def stored_document(backend, obj):
    """What ``backend``'s index holds for ``obj`` (the document's source), or None."""
    index = backend.get_index_for_model(type(obj)).name
    try:
        return backend.es.get(index=index, id=str(obj.pk))["_source"]
    except backend.NotFoundError:
        return None


def delete_test_indexes():
    """Remove every index this run created, on every engine it used."""
    prefix = settings.ELASTICSEARCH_TEST_INDEX_PREFIX
    for alias in SEARCH_ENGINES:
        info = engine_info(alias)
        if info is None or info[0] == "unreachable":
            continue
        es = get_search_backend(alias).es
        for name in list(es.indices.get(index=f"{prefix}*", ignore_unavailable=True)):
            es.indices.delete(index=name)


def require_fault_nodes(engine=ELASTICSEARCH):
    """Skip (or fail, when required) unless this run may start nodes of ``engine`` of its own.

    They start with that engine's runs (``make test``, CI: its test URL is set), when the run
    requires the engine, or when asked for with CASCADING_ELASTICSEARCH_FAULTS=1 (or
    CASCADING_OPENSEARCH_FAULTS=1); never in ``make test-fast``.
    """
    if not (engine.url or engine.required or os.environ.get(engine.faults_variable) == "1"):
        raise unittest.SkipTest(
            f"{engine.product} fault tests start nodes of their own: they run with {engine.url_setting} "
            f"or {engine.faults_variable}=1 set"
        )
    if os.geteuid() == 0 and shutil.which("apt-get"):
        return  # es.sh installs Java and Maven from Debian's packages if they are missing.
    java_home = os.environ.get("JAVA_HOME")
    if not shutil.which(os.path.join(java_home, "bin", "java") if java_home else "java"):
        unavailable(f"Java (17+) is not installed, so {engine.script.name} cannot start nodes", engine)
    if not engine.built and not shutil.which("mvn"):
        unavailable(f"Maven (mvn) is not installed, so {engine.script.name} cannot build its node", engine)


@dataclass
class Nodes:
    """Nodes of ``engine`` run by its script (es.sh or os.sh) on ``port`` (node N on port + N)."""

    port: int
    base_dir: str
    count: int = 1
    heap: str = "512m"
    engine: SearchEngine = ELASTICSEARCH

    @property
    def urls(self):
        return [f"http://127.0.0.1:{self.port + n}" for n in range(self.count)]

    @property
    def url(self):
        return ",".join(self.urls)

    def script(self, *args, keep_data=False):
        variables = {
            "PORT": str(self.port),
            "TRANSPORT_PORT": str(self.port + 100),
            "NODES": str(self.count),
            "BASE_DIR": self.base_dir,
            "HEAP": self.heap,
            "HEAP_MIN": self.heap,
            "CLUSTER_NAME": f"cascading-faults-{self.port}",
            "KEEP_DATA": "1" if keep_data else "0",
            "START_TIMEOUT": "240",
        }
        prefix = self.engine.script_prefix
        env = {**os.environ, **{f"{prefix}_{name}": value for name, value in variables.items()}}
        done = subprocess.run(
            [str(self.engine.script), *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(
                f"{self.engine.script.name} {' '.join(args)} failed ({done.returncode}):\n{done.stdout}{done.stderr}"
            )
        return done.stdout

    def start(self, keep_data=False):
        """Start the nodes (with keep_data, on the indexes they had, as after a real outage)."""
        for port in range(self.port, self.port + self.count):
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0 and not keep_data:
                    raise RuntimeError(
                        f"port {port} is taken: stop what runs there, or move the fault tests' nodes "
                        f"with {self.engine.fault_port_variables}"
                    )
        return self.script("start", keep_data=keep_data)

    def stop(self):
        return self.script("stop")

    def kill(self, node):
        return self.script("kill", str(node))

    @contextmanager
    def running(self):
        """The nodes, started for a block and stopped after it, whatever happens inside."""
        try:
            self.start()
            yield self
        finally:
            self.stop()
