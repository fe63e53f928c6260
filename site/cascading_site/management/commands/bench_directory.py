import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from wagtail.search.backends import get_search_backend

from cascading_pages.coaches.models import CoachPage
from cascading_site import bench


class Command(BaseCommand):
    help = (
        "Time the coach directory: load N generated coaches (with the demo content), rebuild each "
        "search backend's index, then print the median and p95 latency and the SQL queries per "
        "request of the directory page and its JSON endpoint, per backend and kind of query. "
        "Run it against a database of its own (make bench does)."
    )

    def add_arguments(self, parser):
        bench.add_arguments(parser)

    def handle(self, *args, coaches, rounds, host, aliases, skip, verbosity, **options):
        directory, _ = bench.load_coaches(coaches, verbosity, self.stdout)
        total = CoachPage.objects.live().child_of(directory).count()
        self.stdout.write(f"Directory: {total} live coaches")

        aliases = aliases or list(settings.WAGTAILSEARCH_BACKENDS)
        skipped = {tuple(item.split(":", 1)) for item in skip}
        rebuilds = {}
        for alias in aliases:
            start = time.perf_counter()
            call_command("update_index", backend_name=alias, verbosity=0)
            rebuilds[alias] = time.perf_counter() - start

        rows = []
        after_change = {}
        for alias in aliases:
            kinds = [kind for kind in bench.query_mix(directory) if (alias, kind) not in skipped]
            rows.extend(bench.time_requests(alias, directory, rounds, host, kinds))
            after_change[alias] = bench.time_first_request_after_a_change(alias, directory, host)
        self.stdout.write("")
        for alias in aliases:
            self.stdout.write(f"backend {alias!r}: {type(get_search_backend(alias)).__module__}")

        self.stdout.write("")
        self.stdout.write(f"{total} coaches, {rounds} rounds of each request")
        header = (
            f"{'backend':<10} {'endpoint':<10} {'queries':<13} {'requests':>8} {'median ms':>10} {'p95 ms':>8} "
            f"{'SQL/request':>12}"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for row in rows:
            self.stdout.write(
                f"{row.backend:<10} {row.endpoint:<10} {row.kind:<13} {len(row.latencies):>8} {row.median_ms:>10.1f} "
                f"{row.p95_ms:>8.1f} {row.query_range:>12}"
            )
        verdicts = {}
        for alias in dict.fromkeys(r.backend for r in rows):
            for endpoint in ("HTML page", "JSON"):
                latencies = [
                    t for r in rows if r.backend == alias and r.endpoint == endpoint for t in r.latencies
                ]
                if not latencies:
                    continue
                summary = bench.Timing(alias, endpoint, "all", latencies, [0])
                self.stdout.write(
                    f"{alias:<10} {endpoint:<10} {'all':<13} {len(latencies):>8} {summary.median_ms:>10.1f} "
                    f"{summary.p95_ms:>8.1f}"
                )
                target = bench.TARGETS[endpoint]
                verdicts.setdefault(alias, []).append(
                    _verdict(
                        f"{endpoint} p95 {summary.p95_ms:.0f} ms", summary.p95_ms < target, f"< {target} ms"
                    )
                )
        self.stdout.write("")
        for alias, latencies in after_change.items():
            times = ", ".join(f"{t * 1000:.0f}" for t in latencies)
            self.stdout.write(
                f"{alias:<10} JSON, first request after a change (snapshot built again): {times} ms"
            )
        self.stdout.write("")
        for alias, seconds in rebuilds.items():
            backend = settings.WAGTAILSEARCH_BACKENDS[alias]["BACKEND"]
            self.stdout.write(f"update_index --backend {alias} ({backend}): {seconds:.1f} s")
            verdicts.setdefault(alias, []).append(
                _verdict(
                    f"rebuild {seconds:.0f} s", seconds < bench.REBUILD_TARGET, f"< {bench.REBUILD_TARGET} s"
                )
            )
        for alias in aliases:
            queries = [q for r in rows if r.backend == alias for q in r.queries]
            if queries:
                verdicts.setdefault(alias, []).append(f"SQL/request {min(queries)}-{max(queries)}")
        self.stdout.write("")
        self.stdout.write(
            f"Against the targets (set for 20,000 coaches with Elasticsearch), with {total} coaches:"
        )
        for alias, parts in verdicts.items():
            engine = type(get_search_backend(alias)).__module__
            self.stdout.write(f"  {alias} ({engine}): " + "; ".join(parts))


def _verdict(figure, met, target):
    return f"{figure} {'met' if met else 'NOT met'} ({target})"
