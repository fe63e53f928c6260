import argparse
import statistics
import time
import tracemalloc

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from cascading_pages.coaches.matches import MOST_EXPLAINED, explain_matches
from cascading_pages.coaches.models import CoachPage
from cascading_pages.pagecache import store
from cascading_pages.search.backends import search_alias
from cascading_pages.search.pagination import get_page_size
from cascading_pages.vocabularies.models import Community, ExpertiseArea, Language, Region, Sector
from cascading_site import bench, bench_gunicorn, bench_timing
from cascading_site.bench_urls import COACH_CARD_FIELDS, V2_PREFIX

OURS, V2 = "coaches API", "pages API v2"

#: Where a coaches API request's time goes, as the breakdowns report it.
ENGINE, TOOK, RANKING, SNAPSHOT, DIRECTORY, OPERATION, APP = (
    bench_timing.ENGINE,
    bench_timing.TOOK,
    bench_timing.RANKING,
    bench_timing.SNAPSHOT,
    bench_timing.DIRECTORY,
    bench_timing.OPERATION,
    bench_timing.APP,
)

#: Our vocabulary parameters, and the field Wagtail's pages API would filter on.
VOCABULARIES = {
    "region": ("regions", Region),
    "expertise": ("expertise", ExpertiseArea),
    "sector": ("sectors", Sector),
    "community": ("communities", Community),
    "language": ("languages", Language),
}


class Command(BaseCommand):
    help = (
        "Time the coaches API (/api/v1/coaches/) beside Wagtail's generic pages API (v2, "
        "type=cascading_pages.CoachPage&search=...) for the same text and filter queries, on each "
        "search backend: median and p95 latency, their ratio, and SQL queries per request. v2 is "
        "mounted only for this run. Loads N generated coaches first if the database has fewer "
        "(make bench runs bench_directory first, which does)."
    )

    def add_arguments(self, parser):
        bench.add_arguments(parser)
        parser.add_argument(
            "--gunicorn",
            action=argparse.BooleanOptionalAction,
            default=True,
            help="Also time the coaches API served by gunicorn (default: yes; --no-gunicorn leaves it out).",
        )
        parser.add_argument(
            "--port",
            type=int,
            default=0,
            help="Port on 127.0.0.1 for the gunicorn run (default: a free one).",
        )
        parser.add_argument(
            "--update-index",
            action="store_true",
            help="Rebuild the search indexes even if no coach was added.",
        )

    def handle(
        self, *args, coaches, rounds, host, aliases, skip, gunicorn, port, update_index, verbosity, **options
    ):
        directory, imported = bench.load_coaches(coaches, verbosity)
        aliases = aliases or list(settings.WAGTAILSEARCH_BACKENDS)
        if update_index or imported:
            for alias in aliases:
                call_command("update_index", backend_name=alias, verbosity=0)
        total = CoachPage.objects.live().child_of(directory).count()
        skipped = {tuple(item.split(":", 1)) for item in skip}

        rows = []
        breakdowns = []
        for alias in aliases:
            for kind, requests in bench.query_mix(directory).items():
                if (alias, kind) not in skipped:
                    rows.append(self.compare(alias, directory, kind, requests, rounds, host))
                    breakdowns.append(self.breakdown(alias, kind, requests, rounds, host))
        self.report(total, rounds, rows)
        self.report_breakdown(breakdowns)
        self.report_remembered(directory)
        if not gunicorn:
            return
        served_alias = search_alias()
        # One server for every kind of request, as a site runs: its snapshot read once, then kept.
        with bench_gunicorn.gunicorn(port, log_path=settings.BASE_DIR / "var" / "bench-gunicorn.log") as port:
            served = [
                self.served(port, directory, kind, requests, rounds, host)
                for kind, requests in bench.query_mix(directory).items()
                if (served_alias, kind) not in skipped
            ]
        self.report_served(served_alias, total, served)

    # -- timing ------------------------------------------------------------------------------------

    def compare(self, alias, directory, kind, requests, rounds, host):
        """Both endpoints, request by request in turn, so both see the same machine and caches."""
        client = Client(SERVER_NAME=host, **bench.ANSWERED_AFRESH)
        calls = [
            (OURS, "/api/v1/coaches/", list(requests)),
            (V2, f"{V2_PREFIX}pages/", [v2_params(params, directory) for params in requests]),
        ]
        latencies = {OURS: [], V2: []}
        queries = {OURS: [], V2: []}
        counts = {OURS: [], V2: []}
        with searching_with(alias), override_settings(ROOT_URLCONF="cascading_site.bench_urls"):
            for name, url, param_list in calls:  # warm up, and note what each counted
                for params in param_list:
                    counts[name].append(self.get(client, url, params)[0])
            for _ in range(rounds):
                for name, url, param_list in calls:
                    for params in param_list:
                        with CaptureQueriesContext(connection) as captured:
                            start = time.perf_counter()
                            self.get(client, url, params)
                            latencies[name].append(time.perf_counter() - start)
                        queries[name].append(len(captured))
        unexpressed = sorted({name for params in requests for name in v2_unexpressed(params)})
        return Comparison(alias, kind, latencies, queries, counts, unexpressed)

    def breakdown(self, alias, kind, requests, rounds, host):
        """Median seconds per request in each part of a coaches API request, and in all of it."""
        client = Client(SERVER_NAME=host, **bench.ANSWERED_AFRESH)
        stopwatch = bench.Stopwatch(bench_timing.PARTS)
        laps = []
        with searching_with(alias), stopwatch.watching():
            for params in requests:  # warm up
                self.get(client, "/api/v1/coaches/", params)
            stopwatch.lap()
            for _ in range(rounds):
                for params in requests:
                    start = time.perf_counter()
                    self.get(client, "/api/v1/coaches/", params)
                    lap = stopwatch.lap()
                    lap["total"] = time.perf_counter() - start
                    laps.append(lap)
        parts = [ENGINE, RANKING, SNAPSHOT, DIRECTORY, OPERATION, "total"]
        return alias, kind, {part: statistics.median(lap.get(part, 0.0) for lap in laps) for part in parts}

    def served(self, port, directory, kind, requests, rounds, host):
        """Each request of ``kind`` through a real gunicorn (one sync worker, loopback): the whole
        request as the client waited for it, and the parts the worker measured in it."""
        laps = []
        for params in requests * 3:  # warm up: the snapshot, connections, first imports
            self.served_get(port, params, directory, host)
        for _ in range(rounds):
            for params in requests:
                laps.append(self.served_get(port, params, directory, host))
        return kind, laps

    def served_get(self, port, params, directory, host):
        elapsed, status, body, parts = bench_gunicorn.timed_get(
            port, "/api/v1/coaches/", {"directory": directory.pk, **params}, host
        )
        if status != 200:
            raise CommandError(f"gunicorn: /api/v1/coaches/ {params} answered {status}: {body[:300]!r}")
        if APP not in parts:
            raise CommandError("gunicorn: no Server-Timing header (is it serving cascading_site.bench_wsgi?)")
        return {**parts, "total": elapsed}

    def report_breakdown(self, breakdowns):
        write = self.stdout.write
        write("")
        write(
            "Where a coaches API request spends its time (medians, ms; Django's test client, no web server):"
        )
        write(
            "engine: the search engine's call (the client's round trip); ranking: the directory's text "
            "search around it (query built, fallback); snapshot: reading the directory's snapshot; "
            "directory: the whole search (engine and snapshot included, cards' SQL); serialisation: the "
            "rest of ninja's operation (parameters, directory lookup, cards, output validation, JSON); "
            "middleware: the rest of the request."
        )
        header = (
            f"{'backend':<9} {'queries':<13} {'engine':>7} {'ranking':>7} {'snapshot':>8} {'directory':>9} "
            f"{'serialisation':>13} {'middleware':>10} {'total':>7}  {'total/engine':>12} {'target':>7}"
        )
        write(header)
        write("-" * len(header))
        for alias, kind, median in breakdowns:
            ms = {part: seconds * 1000 for part, seconds in median.items()}
            ratio = f"{ms['total'] / ms[ENGINE]:.2f}" if ms[ENGINE] else "-"
            target = f"<= {bench.API_RATIO_TARGET:g}" if ms[ENGINE] else "-"
            write(
                f"{alias:<9} {kind:<13} {ms[ENGINE]:>7.1f} {ms[RANKING]:>7.1f} {ms[SNAPSHOT]:>8.1f} "
                f"{ms[DIRECTORY]:>9.1f} {ms[OPERATION] - ms[DIRECTORY]:>13.1f} "
                f"{ms['total'] - ms[OPERATION]:>10.1f} {ms['total']:>7.1f}  {ratio:>12} {target:>7}"
            )

    def report_remembered(self, directory):
        """The memory the coaches a process remembers between two changes take at most (the
        directory's pages of coaches, ``pagecache.store.remember_rows``), each with the plain text
        of its profile and as many matches as it keeps (``matches.MOST_EXPLAINED`` searches)."""
        store.forget_rows()
        search = directory.get_directory()
        base = search.get_queryset()
        pks = list(base.values_list("pk", flat=True)[: store.REMEMBERED_ROWS])
        fetch = search.fetch_coaches(base)
        size = get_page_size()
        tracemalloc.start()
        try:
            for start in range(0, len(pks), size):
                coaches = list(fetch(pks[start : start + size]).values())
                for words in BUSY_WORDS[:MOST_EXPLAINED]:
                    explain_matches(coaches, words)
            held = tracemalloc.get_traced_memory()[0]
        finally:
            tracemalloc.stop()
            store.forget_rows()
        self.stdout.write("")
        self.stdout.write(
            f"Coaches remembered between two changes (per process, at most {store.REMEMBERED_ROWS}): "
            f"{len(pks)} held in {held / 1e6:.1f} MB ({held / max(1, len(pks)) / 1e3:.1f} kB a coach)."
        )

    def report_served(self, alias, total, served):
        write = self.stdout.write
        write("")
        write(
            f"The coaches API under gunicorn (one sync worker on 127.0.0.1, a new connection per request), "
            f"{total} coaches, directory search backend {alias!r}:"
        )
        write(
            "whole: the request as the client waited for it (connect to last byte); engine: the search "
            "engine's calls in that request, timed in the worker (took: the engine's own figure); "
            "ratio: whole / engine, request by request. Breakdown (medians, ms): ranking, snapshot, "
            "serialisation and middleware as above; server: gunicorn and the network (whole - Django)."
        )
        header = (
            f"{'queries':<13} {'requests':>8}  {'engine':>7} {'took':>5}  {'whole p50':>9} {'whole p95':>9}  "
            f"{'ratio p50':>9} {'ratio p95':>9} {'target':>7}  {'ranking':>7} {'snapshot':>8} "
            f"{'directory':>9} {'serialisation':>13} {'middleware':>10} {'server':>6}"
        )
        write(header)
        write("-" * len(header))
        for kind, laps in served:
            whole = bench.Timing(alias, OURS, kind, [lap["total"] for lap in laps], [0])
            med = {
                part: statistics.median(lap.get(part, 0.0) for lap in laps) * 1000
                for part in (ENGINE, TOOK, RANKING, SNAPSHOT, DIRECTORY, OPERATION, APP, "total")
            }
            ratios = [lap["total"] / lap[ENGINE] for lap in laps if lap.get(ENGINE)]
            if ratios and len(ratios) == len(laps):
                ratio_p50, ratio_p95 = f"{statistics.median(ratios):.2f}", f"{bench.p95(ratios):.2f}"
                target = f"<= {bench.API_RATIO_TARGET:g}"
            else:
                ratio_p50 = ratio_p95 = target = "-"
            write(
                f"{kind:<13} {len(laps):>8}  {med[ENGINE]:>7.1f} {med[TOOK]:>5.0f}  {whole.median_ms:>9.1f} "
                f"{whole.p95_ms:>9.1f}  {ratio_p50:>9} {ratio_p95:>9} {target:>7}  {med[RANKING]:>7.1f} "
                f"{med[SNAPSHOT]:>8.1f} {med[DIRECTORY]:>9.1f} {med[OPERATION] - med[DIRECTORY]:>13.1f} "
                f"{med[APP] - med[OPERATION]:>10.1f} {med['total'] - med[APP]:>6.1f}"
            )

    def get(self, client, url, params):
        response = client.get(url, params)
        if response.status_code != 200:
            raise CommandError(f"{url} {params} answered {response.status_code}: {response.content[:300]!r}")
        data = response.json()
        if data.get("notice"):
            raise CommandError(f"{url} {params}: {data['notice']}")
        return data.get("count", data.get("meta", {}).get("total_count")), data

    # -- output ------------------------------------------------------------------------------------

    def report(self, total, rounds, rows):
        write = self.stdout.write
        write("")
        write(
            f"{total} coaches, {rounds} rounds of each request. Ours: /api/v1/coaches/ (cards, facets, count)."
        )
        write(
            "v2: Wagtail's pages API, type=cascading_pages.CoachPage&child_of=<directory>&search=<words>"
            "&search_operator=and&fields=<card fields>, with the filters it can express."
        )
        write("ratio = ours / v2: below 1, ours is faster.")
        header = (
            f"{'backend':<9} {'queries':<13} {'requests':>8}  {'ours median':>11} {'ours p95':>8}  "
            f"{'v2 median':>9} {'v2 p95':>8}  {'ratio med':>9} {'ratio p95':>9}  {'SQL ours/v2':>11}  "
            f"{'same count':>10}  v2 cannot express"
        )
        write(header)
        write("-" * len(header))
        for row in rows:
            ours, v2 = row.timing(OURS), row.timing(V2)
            write(
                f"{row.alias:<9} {row.kind:<13} {len(ours.latencies):>8}  {ours.median_ms:>11.1f} "
                f"{ours.p95_ms:>8.1f}  {v2.median_ms:>9.1f} {v2.p95_ms:>8.1f}  "
                f"{ours.median_ms / v2.median_ms:>9.2f} {ours.p95_ms / v2.p95_ms:>9.2f}  "
                f"{ours.query_range + '/' + v2.query_range:>11}  {row.same_counts:>10}  "
                f"{', '.join(row.unexpressed) or '-'}"
            )
        for alias in dict.fromkeys(row.alias for row in rows):
            mine = [row for row in rows if row.alias == alias]
            ours = bench.Timing(alias, OURS, "all", [t for r in mine for t in r.latencies[OURS]], [0])
            v2 = bench.Timing(alias, V2, "all", [t for r in mine for t in r.latencies[V2]], [0])
            write(
                f"{alias:<9} {'all':<13} {len(ours.latencies):>8}  {ours.median_ms:>11.1f} {ours.p95_ms:>8.1f}  "
                f"{v2.median_ms:>9.1f} {v2.p95_ms:>8.1f}  {ours.median_ms / v2.median_ms:>9.2f} "
                f"{ours.p95_ms / v2.p95_ms:>9.2f}"
            )


#: Searches whose matches the memory figure counts (as many as a coach keeps).
BUSY_WORDS = [
    "community",
    "fundraising",
    "mental health",
    "strategy",
    "governance",
    "volunteers",
    "housing advice",
    "leadership",
]


class Comparison:
    def __init__(self, alias, kind, latencies, queries, counts, unexpressed):
        self.alias, self.kind = alias, kind
        self.latencies, self.queries, self.counts = latencies, queries, counts
        self.unexpressed = unexpressed

    def timing(self, name):
        return bench.Timing(self.alias, name, self.kind, self.latencies[name], self.queries[name])

    @property
    def same_counts(self):
        """For how many requests both endpoints counted the same coaches."""
        pairs = list(zip(self.counts[OURS], self.counts[V2], strict=True))
        return f"{sum(a == b for a, b in pairs)}/{len(pairs)}"


def searching_with(alias):
    """Settings under which both endpoints search with backend ``alias``: the pages API always asks
    Wagtail's ``default`` backend, the directory the one its setting names."""
    backends = dict(settings.WAGTAILSEARCH_BACKENDS)
    backends["default"] = settings.WAGTAILSEARCH_BACKENDS[alias]
    return override_settings(WAGTAILSEARCH_BACKENDS=backends, CASCADING_DIRECTORY_SEARCH_BACKEND="default")


def v2_params(params, directory):
    """The same request as far as Wagtail's pages API can say it.

    It filters on model fields with one value each: a vocabulary filter (only without search
    words: the relation is not a search filter field) for its first term, and "accepting".
    """
    size = get_page_size()
    query = {
        "type": "cascading_pages.CoachPage",
        "child_of": directory.pk,
        "fields": COACH_CARD_FIELDS,
        "limit": size,
    }
    text = params.get("q")
    if text:
        query.update(search=text, search_operator="and")
    if params.get("sort") == "updated":
        query["order"] = "-last_published_at"
    elif not text:
        query["order"] = "title"
    page = int(params.get("page") or 1)
    if page > 1:
        query["offset"] = (page - 1) * size
    if params.get("accepting") == "1":
        query["accepting_new_leaders"] = "true"
    if not text:
        for name, (field, model) in VOCABULARIES.items():
            if params.get(name):
                query[field] = model.objects.get(slug=params[name]).pk
    return query


def v2_unexpressed(params):
    """What of ``params`` the pages API cannot ask for."""
    if not params.get("q"):
        return []
    return [name for name in VOCABULARIES if params.get(name)]
