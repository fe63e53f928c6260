"""How fast the coach directory answers: generated coaches, timed requests, per search backend.

Used by ``manage.py bench_directory`` (``make bench``). Requests go through Django's test client,
so they include URL routing, middleware, the database queries and template rendering, but not a
web server or the network.
"""

import csv
import functools
import gc
import io
import random
import statistics
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from cascading_pages.coaches.importing import COLUMNS
from cascading_pages.coaches.models import CoachPage
from cascading_pages.coaches.pages import CoachIndexPage
from cascading_pages.search.snapshot import forget_snapshots, new_generation
from cascading_pages.vocabularies.models import Community, ExpertiseArea, Language, Region, Sector

#: The directory as JSON: the plugin's API (``directory=<id>`` picks the directory).
API_COACHES = "/api/v1/coaches/"

#: What the directory should do at 20,000 coaches on a 2-core machine with Elasticsearch.
TARGETS = {"JSON": 50, "HTML page": 100}  # p95, milliseconds
REBUILD_TARGET = 60  # seconds

FIRST = "Amara Bethan Chidi Deepa Eilidh Farah Gareth Hana Imran Jess Kwame Lena Maya Nadia Owen Priya Ravi Sian Tom Uma Wei Yasmin Zofia".split()
LAST = "Okafor Llewellyn Nwosu Patel Fraser Rahman Jones Begum Ali Smith Mensah Kowalczyk Chen Evans Murphy Singh Brown Taylor Wilson Hughes".split()
ROLES = ["Chief executive", "Director", "Founder", "Manager", "Head of services", "Coordinator"]
ORGS = "Wellbeing Trust|Carers Hub|Youth Voices|Elders Network|Recovery Collective|Community Kitchen|Advice Centre".split(
    "|"
)
PLACES = "Peckham Bolton Cardiff Leeds Bristol Derby Hull Luton Truro Oban Newry Stoke Wigan Slough".split()
# Everyday words make up most of a profile; a few topic words make coaches differ, so a topic
# matches some coaches, not all of them.
COMMON = (
    "the a and of to in for with on our we have has been over years work working team teams people "
    "local small charity charities organisation organisations service services support supporting "
    "help helping lead leading led built building grew growing run running new first board member "
    "experience experienced passionate about across region city town rural urban national community "
    "project projects programme programmes partner partners develop developing sector voluntary"
).split()
TOPICS = (
    "leadership strategy planning fundraising governance trustees volunteers wellbeing mental health "
    "older carers resilience mergers culture equality inclusion digital peer recovery housing advice "
    "food poverty loneliness refugees disability sport arts outreach youth dementia addiction "
    "domestic abuse homelessness employment training advocacy bereavement autism maternity hospice "
    "gardening cycling music theatre literacy debt migration prison faith lgbtq deaf blind stroke"
).split()


def add_arguments(parser):
    """The options every benchmark command takes."""
    parser.add_argument(
        "--coaches", type=int, default=200, help="How many generated coaches to time (default 200)."
    )
    parser.add_argument("--rounds", type=int, default=10, help="Times each request is repeated (default 10).")
    parser.add_argument("--host", default="localhost", help="Host name the requests are sent to.")
    parser.add_argument(
        "--backend",
        action="append",
        dest="aliases",
        help="Search backend alias to time (repeatable; default: every configured one).",
    )
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        metavar="ALIAS:KIND",
        help='Leave out one kind of query on one backend, e.g. "database:text" (repeatable).',
    )


def load_coaches(coaches, verbosity=1, stdout=None):
    """The demo content and at least ``coaches`` generated coaches, imported with ``import_coaches``
    (its bulk path) when the database has fewer. Returns the directory they are in, and whether any were imported."""
    call_command("load_demo_content", verbosity=0)
    directory = CoachIndexPage.objects.live().order_by("path").first()
    if directory is None:
        raise CommandError("The demo content has no coach directory.")
    if CoachPage.objects.filter(contact_email__startswith="bench-coach-").count() >= coaches:
        return directory, False
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "coaches.csv"
        generate_csv(path, coaches)
        start = time.perf_counter()
        call_command("import_coaches", str(path), directory=directory.pk, verbosity=verbosity)
        if stdout is not None:
            stdout.write(f"Imported {coaches} coaches in {time.perf_counter() - start:.1f} s")
    return directory, True


def generate_csv(path, count, seed=8, email="bench-coach-{n}@example.org"):
    """Write ``count`` plausible coaches, described with the vocabularies in the database."""
    rng = random.Random(seed)
    vocab = {
        "regions": list(Region.objects.values_list("name", flat=True)),
        "expertise": list(ExpertiseArea.objects.values_list("name", flat=True)),
        "sectors": list(Sector.objects.values_list("name", flat=True)),
        "communities": list(Community.objects.values_list("name", flat=True)),
        "languages": list(Language.objects.values_list("name", flat=True)),
    }

    def some(field, low, high):
        terms = vocab[field]
        return ";".join(rng.sample(terms, min(len(terms), rng.randint(low, high))))

    def prose(words, topics):
        chosen = [rng.choice(COMMON) for _ in range(words)] + topics
        rng.shuffle(chosen)
        return " ".join(chosen).capitalize() + "."

    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for n in range(count):
            topics = rng.sample(TOPICS, 3)
            writer.writerow(
                {
                    "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                    "email": email.format(n=n),
                    "role": rng.choice(ROLES),
                    "organisation": f"{rng.choice(PLACES)} {rng.choice(ORGS)}",
                    "organisation_url": "",
                    "regions": some("regions", 1, 2),
                    "expertise": some("expertise", 1, 3),
                    "sectors": some("sectors", 1, 2),
                    "communities": some("communities", 0, 1),
                    "languages": some("languages", 1, 2),
                    "availability": rng.choice(["available", "available", "limited", "full"]),
                    "summary": prose(20, topics[:1]),
                    "biography": f"{prose(40, topics[1:2])}\n\n{prose(40, topics[2:])}",
                }
            )


def query_mix(directory):
    """Parameters for each kind of request, built from the directory's own vocabularies."""
    region = Region.objects.filter(coaches__isnull=False).first()
    expertise = ExpertiseArea.objects.filter(coaches__isnull=False).first()
    sector = Sector.objects.filter(coaches__isnull=False).first()
    return {
        "empty": [{}, {"page": "3"}],
        # "community" is in most profiles: a broad search, capped at the best matches.
        "text": [{"q": "fundraising"}, {"q": "mental health"}, {"q": "Okafor"}, {"q": "community"}],
        "filters": [
            {"region": region.slug},
            {"expertise": expertise.slug, "sector": sector.slug},
            {"region": region.slug, "accepting": "1", "sort": "updated"},
        ],
        "text+filters": [
            {"q": "strategy", "region": region.slug, "accepting": "1"},
            {"q": "housing advice", "expertise": expertise.slug, "sector": sector.slug},
        ],
    }


def p95(values):
    """The 95th percentile of ``values`` (nearest rank)."""
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


@dataclass
class Timing:
    backend: str
    endpoint: str
    kind: str
    latencies: list
    queries: list

    @property
    def median_ms(self):
        return statistics.median(self.latencies) * 1000

    @property
    def p95_ms(self):
        return p95(self.latencies) * 1000

    @property
    def query_range(self):
        low, high = min(self.queries), max(self.queries)
        return str(low) if low == high else f"{low}-{high}"


#: Sent with every timed request. The page cache neither answers nor keeps a request with an
#: ``Authorization`` header, so each is answered afresh, with the cache on as a site runs it (what it
#: remembers between changes, such as the directory's page and site, still counts).
ANSWERED_AFRESH = {"HTTP_AUTHORIZATION": "Bench"}


def time_requests(alias, directory, rounds, host, kinds=None):
    """Time every request of the mix (or of its ``kinds``) ``rounds`` times against backend ``alias``."""
    client = Client(SERVER_NAME=host, **ANSWERED_AFRESH)
    # Each endpoint's address, and what it needs besides a request's parameters to search this directory.
    endpoints = {
        "HTML page": (directory.url, {}),
        "JSON": (API_COACHES, {"directory": directory.pk}),
    }
    timings = []
    with override_settings(CASCADING_DIRECTORY_SEARCH_BACKEND=alias):
        for kind, requests in query_mix(directory).items():
            if kinds is not None and kind not in kinds:
                continue
            for endpoint, (url, fixed) in endpoints.items():
                requests_here = [{**fixed, **params} for params in requests]
                latencies, queries = [], []
                for params in requests_here:  # warm up: connections, caches, compiled templates
                    client.get(url, params)
                gc.freeze()  # As the WSGI entry point does once the site is loaded.
                for _ in range(rounds):
                    for params in requests_here:
                        with CaptureQueriesContext(connection) as captured:
                            start = time.perf_counter()
                            response = client.get(url, params)
                            latencies.append(time.perf_counter() - start)
                        if response.status_code != 200:
                            raise RuntimeError(f"{url} {params} answered {response.status_code}")
                        if "simpler mode" in response.content.decode():
                            raise RuntimeError(f"{alias} fell back to the database backend for {params}")
                        queries.append(len(captured))
                timings.append(Timing(alias, endpoint, kind, latencies, queries))
    return timings


def time_first_request_after_a_change(alias, directory, host, rounds=3):
    """Latencies of the JSON endpoint's first request after a change, when every process builds
    the directory's snapshot again (the price of a publish, paid once per change)."""
    client = Client(SERVER_NAME=host, **ANSWERED_AFRESH)
    params = {"directory": directory.pk}
    latencies = []
    with override_settings(CASCADING_DIRECTORY_SEARCH_BACKEND=alias):
        for _ in range(rounds):
            new_generation()
            forget_snapshots()
            start = time.perf_counter()
            response = client.get(API_COACHES, params)
            latencies.append(time.perf_counter() - start)
            if response.status_code != 200:
                raise RuntimeError(f"{API_COACHES} {params} answered {response.status_code}")
    return latencies


# --- where a request's time goes --------------------------------------------------------------------

#: The coaches API at most this many times the search engine's own call (the issue "Fast at scale").
API_RATIO_TARGET = 2.0


class Stopwatch:
    """Adds up, per request, the time spent inside chosen functions, by wrapping them for a run only.

    ``with stopwatch.watching():`` wraps every ``(owner, name, label)`` in ``parts``; after each
    request ``stopwatch.lap()`` returns ``{label: seconds}`` and starts the next one. Nested parts
    are each timed whole (the engine call is also inside the directory's search). A part may have
    a fourth item, ``extra(result)``, returning more ``{label: seconds}`` read from what the
    function returned (the search engine's own ``took``). Each thread keeps its own laps, so a
    threaded server's requests do not mix.
    """

    def __init__(self, parts):
        self.parts = parts
        self._local = threading.local()

    @property
    def current(self):
        if not hasattr(self._local, "current"):
            self._local.current = {}
        return self._local.current

    def add(self, label, seconds):
        self.current[label] = self.current.get(label, 0.0) + seconds

    def _wrap(self, function, label, extra):
        @functools.wraps(function)
        def timed(*args, **kwargs):
            start = time.perf_counter()
            result = None
            try:
                result = function(*args, **kwargs)
                return result
            finally:
                self.add(label, time.perf_counter() - start)
                if extra is not None and result is not None:
                    for extra_label, seconds in extra(result).items():
                        self.add(extra_label, seconds)

        return timed

    def watching(self):
        stopwatch = self

        class Watching:
            def __enter__(self):
                self.saved = []
                for owner, name, label, *extra in stopwatch.parts:
                    function = owner.__dict__[name]
                    self.saved.append((owner, name, function))
                    setattr(owner, name, stopwatch._wrap(function, label, extra[0] if extra else None))
                return stopwatch

            def __exit__(self, *exc):
                for owner, name, function in reversed(self.saved):
                    setattr(owner, name, function)

        return Watching()

    def lap(self):
        lap = self.current
        self._local.current = {}
        return lap


def time_import(directory, rows, row_by_row=False, label="bench-import"):
    """Import ``rows`` generated coaches (new ones: emails no run has used) into ``directory`` with
    ``import_coaches``; return the seconds it took. ``row_by_row`` takes the old per-row path."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "coaches.csv"
        generate_csv(path, rows, email=f"{label}-{time.time_ns()}-{{n}}@example.org")
        options = {
            "directory": directory.pk,
            "verbosity": 0,
            "row_by_row": row_by_row,
            "stdout": io.StringIO(),
        }
        start = time.perf_counter()
        call_command("import_coaches", str(path), **options)
        return time.perf_counter() - start
