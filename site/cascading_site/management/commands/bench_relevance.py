import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from wagtail.search.backends import get_search_backend

from cascading_site import relevance


class Command(BaseCommand):
    help = (
        "Measure how well the coach directory ranks: load N generated coaches whose texts cover known "
        "topics (with the demo content), rebuild each search backend's index, ask judged queries (short, "
        "long, misspelt, filtered) of each backend and print precision@10, nDCG@10 and recall side by "
        "side, against the targets. Run it against a database of its own (make bench-relevance does)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--coaches", type=int, default=400, help="How many generated coaches (default 400)."
        )
        parser.add_argument(
            "--backend",
            action="append",
            dest="aliases",
            help="Search backend alias to measure (repeatable; default: every configured one).",
        )

    def handle(self, *args, coaches, aliases, verbosity, **options):
        directory = relevance.load_directory()
        queries = relevance.judged_queries(relevance.region_slugs())
        start = time.perf_counter()
        if relevance.load_coaches(directory, coaches, queries, verbosity=max(0, verbosity - 1)):
            self.stdout.write(f"Imported {coaches} generated coaches in {time.perf_counter() - start:.1f} s")
        relevant = relevance.judgements(directory, queries)
        aliases = aliases or list(settings.WAGTAILSEARCH_BACKENDS)
        for alias in aliases:
            call_command("update_index", backend_name=alias, verbosity=0)

        kinds = list(dict.fromkeys(query.kind for query in queries))
        self.stdout.write("")
        self.stdout.write(
            f"Relevance: {len(queries)} judged queries over {coaches} generated coaches "
            f"({sum(len(r) for r in relevant.values()) / len(queries):.1f} relevant coaches a query on average)"
        )
        header = (
            f"{'backend':<10} {'kind':<9} {'queries':>7} {'precision@10':>12} {'nDCG@10':>8} {'recall':>7} "
            f"{'answered':>8} {'empty':>5}"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        results = {alias: relevance.score(alias, directory, queries, relevant) for alias in aliases}
        for kind in kinds:
            for alias in aliases:
                scores = results[alias][kind]
                figures = scores.figures()
                degraded = f"  ({scores.degraded} answered by the fallback)" if scores.degraded else ""
                self.stdout.write(
                    f"{alias:<10} {kind:<9} {scores.queries:>7} {figures['precision@10']:>12.2f} "
                    f"{figures['ndcg@10']:>8.2f} {figures['recall']:>7.2f} {figures['answered']:>8.2f} "
                    f"{figures['empty']:>5}{degraded}"
                )
        self.stdout.write("")
        self.stdout.write("Against the targets:")
        for alias in aliases:
            backend = get_search_backend(alias)
            kind_of_backend = relevance.kind_of_backend(backend)
            self.stdout.write(f"  {alias} ({type(backend).__module__}, as a {kind_of_backend}):")
            for kind, targets in relevance.TARGETS[kind_of_backend].items():
                if kind in results[alias]:
                    figures = results[alias][kind].figures()
                    self.stdout.write(f"    {kind:<9} {relevance.verdict(figures, targets)}")
