import time
from io import StringIO

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from wagtail.models import Page

from cascading_pages.coaches.pages import CoachIndexPage
from cascading_site import bench


class Command(BaseCommand):
    help = (
        "Time import_coaches: rows per second of its bulk path for each --rows size, and, on a "
        "small size (--compare), the old row-by-row path beside the bulk one, so the speedup shows "
        "in one run, then Wagtail's fixtree check of the tree they left. Each size imports new coaches into the demo content's directory: run it "
        "against a database of its own (make bench-import does)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--rows",
            type=int,
            action="append",
            help="Rows to import through the bulk path (repeatable; default 2,000 and 20,000).",
        )
        parser.add_argument(
            "--compare",
            type=int,
            default=500,
            help="Rows imported both ways for the side-by-side comparison (default 500; 0 leaves it out).",
        )

    def handle(self, *args, rows, compare, verbosity, **options):
        call_command("load_demo_content", verbosity=0, stdout=StringIO())
        directory = CoachIndexPage.objects.live().order_by("path").first()
        if directory is None:
            raise CommandError("The demo content has no coach directory.")
        runs = []
        if compare:
            runs += [("row by row (before)", compare, True), ("bulk", compare, False)]
        runs += [("bulk", n, False) for n in rows or [2000, 20000]]

        self.stdout.write(f"import_coaches on {connection.vendor}")
        self.stdout.write(f"{'path':<20} {'rows':>7} {'seconds':>9} {'rows/s':>8}")
        rates = {}
        for name, count, row_by_row in runs:
            seconds = bench.time_import(directory, count, row_by_row=row_by_row)
            rates[(name, count)] = count / seconds
            self.stdout.write(f"{name:<20} {count:>7} {seconds:>9.1f} {count / seconds:>8.1f}")
        if compare:
            speedup = rates[("bulk", compare)] / rates[("row by row (before)", compare)]
            self.stdout.write(f"Speedup of the bulk path at {compare} rows: {speedup:.1f}x")
        self.check_tree()

    def check_tree(self):
        """Wagtail's ``fixtree`` over the whole tree the imports left (it also loads every page's
        specific record, so it takes a few seconds on 20,000 coaches): its findings, or that it
        found none."""
        out = StringIO()
        start = time.perf_counter()
        call_command("fixtree", interactive=False, stdout=out)
        seconds = time.perf_counter() - start
        pages = Page.objects.count()
        report = out.getvalue()
        if report.count("No problems found.") == 2:
            self.stdout.write(f"fixtree on {pages} pages: no problems found ({seconds:.1f} s)")
        else:
            self.stdout.write(f"fixtree on {pages} pages found problems ({seconds:.1f} s):\n{report}")
            raise CommandError("The page tree has problems after the imports.")
