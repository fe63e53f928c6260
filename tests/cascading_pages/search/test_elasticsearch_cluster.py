"""A three-node cluster on loopback loses a node while leaders search: Elasticsearch's, then
OpenSearch's.

The index keeps one replica of each shard on another node, and the search backend knows every
node (as production's ELASTICSEARCH_URL or OPENSEARCH_URL would list them). A node is killed (SIGKILL, no clean
shutdown) while searches run: first one holding a copy of the coaches' index, then, once it is
back, the elected master. Every search must still answer, from the engine (no fallback to the
database), with exactly the coaches it found before.
"""

import shutil
import tempfile
import threading
import time
import uuid
from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.search.backends import get_search_backend

from cascading_pages.coaches.models import CoachPage
from cascading_pages.search.backends import DirectorySearch
from cascading_pages.search.settings import search_backends
from cascading_site import bench
from tests.elasticsearch_helpers import SEARCH_ENGINES, Nodes, require_fault_nodes
from tests.factories import make_directory, make_home

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

COACHES = 300
QUERIES = ["fundraising", "governance", "mental health", "dementia", "music", "Okafor", "Cardiff", "youth"]
SEARCHES = 200  # at least, per kill
AFTER_KILL = 100  # searches that must run after the node is dead
TIME_LIMIT = 120  # seconds for one round of searches


@pytest.fixture(
    scope="module",
    params=[
        pytest.param("elasticsearch", marks=pytest.mark.elasticsearch),
        pytest.param("opensearch", marks=pytest.mark.opensearch),
    ],
)
def cluster(request):
    engine = SEARCH_ENGINES[request.param]
    require_fault_nodes(engine)
    base_dir = tempfile.mkdtemp(prefix=f"cascading-{engine.alias}-cluster-")
    try:
        with Nodes(engine.fault_cluster_port, base_dir, count=3, engine=engine).running() as nodes:
            yield nodes
    finally:
        shutil.rmtree(base_dir, ignore_errors=True)


@pytest.fixture
def backend(cluster, settings, tmp_path):
    settings.WAGTAILSEARCH_BACKENDS = search_backends(
        cluster.url,
        engine=cluster.engine.alias,
        index_prefix=f"cascading_cluster_{uuid.uuid4().hex[:8]}_",
        replicas=1,
    )
    settings.CASCADING_DIRECTORY_SEARCH_BACKEND = "default"
    settings.CASCADING_DIRECTORY_FALLBACK_BACKEND = "database"
    call_command("update_index", stdout=StringIO())
    directory = make_directory(make_home())
    path = tmp_path / "coaches.csv"
    bench.generate_csv(path, COACHES)
    call_command("import_coaches", str(path), directory=directory.pk, stdout=StringIO())
    backend = get_search_backend("default")
    backend.refresh_indexes()
    wait_for_green(backend)
    return backend


def wait_for_green(backend, seconds=120):
    """Until all three nodes are back and every shard has its copies. Asked again and again rather
    than with the engine's own wait: opensearch-py reads a ``timeout`` argument as the client's."""
    deadline = time.monotonic() + seconds
    while True:
        health = backend.es.cluster.health()
        if (health["status"], health["number_of_nodes"]) == ("green", 3) or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert (health["status"], health["number_of_nodes"]) == ("green", 3), health


def node_number(name):
    return int(name.removeprefix("node-"))


def shard_holders(backend):
    index = backend.get_index_for_model(CoachPage).name
    shards = backend.es.cat.shards(index=index, format="json", h="shard,prirep,state,node")
    assert len(shards) == 2 and all(s["state"] == "STARTED" for s in shards), shards
    return {s["prirep"]: node_number(s["node"]) for s in shards}


def master(backend):
    """The elected master node: its "cluster manager", in OpenSearch's words (and API)."""
    cat = backend.es.cat
    elected = getattr(cat, "cluster_manager", cat.master)
    return node_number(elected(format="json")[0]["node"])


def answers():
    """What the directory's search finds for each query, and whether it had to fall back."""
    live = CoachPage.objects.live()
    found = {}
    for q in QUERIES:
        search = DirectorySearch()
        found[q] = (set(search.ranked_pks(q, live)), search.degraded)
    return found


def search_while_killing(cluster, node):
    """Run searches, kill ``node`` from another thread after the first few, and keep searching
    until enough searches ran with the node dead. Returns (searches run, failures)."""
    expected = answers()
    assert all(pks and not degraded for pks, degraded in expected.values()), expected
    live = CoachPage.objects.live()
    killed = threading.Event()
    killer = threading.Thread(target=lambda: (cluster.kill(node), killed.set()))
    failures, run, after_kill = [], 0, 0
    deadline = time.monotonic() + TIME_LIMIT
    while (run < SEARCHES or after_kill < AFTER_KILL) and time.monotonic() < deadline:
        if run == 20:
            killer.start()
        q = QUERIES[run % len(QUERIES)]
        search = DirectorySearch()
        try:
            pks = set(search.ranked_pks(q, live))
        except Exception as exc:  # Any failure at all is what this test looks for.
            failures.append((run, q, repr(exc)))
        else:
            if search.degraded:
                failures.append((run, q, "answered from the database"))
            elif pks != expected[q][0]:
                failures.append(
                    (run, q, f"missing {expected[q][0] - pks}, unexpected {pks - expected[q][0]}")
                )
        run += 1
        after_kill += killed.is_set()
    killer.join(timeout=60)
    assert killed.is_set(), "the node was not killed"
    assert after_kill >= AFTER_KILL, f"only {after_kill} searches ran after the kill in {TIME_LIMIT}s"
    return run, failures


def test_searches_survive_losing_a_node_and_then_the_master(cluster, backend):
    holders = shard_holders(backend)
    # The node with the primary copy, preferably one that is not the master (that comes next).
    victim = holders["p"] if holders["p"] != master(backend) else holders["r"]
    run, failures = search_while_killing(cluster, victim)
    assert failures == [], f"{len(failures)} of {run} searches failed after killing node-{victim}"

    cluster.start(keep_data=True)  # Starts the killed node again, on its data.
    wait_for_green(backend)

    victim = master(backend)
    run, failures = search_while_killing(cluster, victim)
    assert failures == [], f"{len(failures)} of {run} searches failed after killing the master node-{victim}"
