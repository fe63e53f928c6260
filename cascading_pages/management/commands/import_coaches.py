from django.core.management.base import BaseCommand, CommandError

from cascading_pages.coaches.importing import (
    BATCH_SIZE,
    CoachImport,
    CsvFormatError,
    count_rows,
    read_coaches_csv,
)
from cascading_pages.coaches.pages import CoachIndexPage
from cascading_pages.management.commands._progress import Progress


class Command(BaseCommand):
    help = (
        "Import coaches from a UTF-8 CSV spreadsheet export. Rows are matched on email, so a "
        "re-import updates coaches and never duplicates them (emails match whatever their "
        "capitals). A coach with a draft waiting for review, or one an editor unpublished, is never "
        "published by an import: their changes are saved as a draft for review. Bad rows are "
        "reported with their line numbers and skipped; blank rows are skipped silently. Rows are "
        "written in batches (--batch-size), one transaction each: a batch that fails is rolled "
        "back whole and its rows reported, while the batches before it stay imported (importing "
        "the file again afterwards is safe)."
    )

    def add_arguments(self, parser):
        parser.add_argument("csv_file", help="Path to the CSV file (UTF-8, with a header row).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report, writing nothing."
        )
        parser.add_argument(
            "--draft",
            action="store_true",
            help="Save new coaches and changes as drafts for an editor to publish.",
        )
        parser.add_argument(
            "--directory",
            type=int,
            help="ID of the coach directory page to add new coaches under (default: the first one).",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=BATCH_SIZE,
            help=f"Rows written in one transaction (default {BATCH_SIZE}).",
        )
        parser.add_argument(
            "--row-by-row",
            action="store_true",
            help="Write each row in its own transaction, with all its per-row work, as imports did "
            "before batches (much slower; for comparison in benchmarks).",
        )

    def handle(
        self, *args, csv_file, dry_run, draft, directory, batch_size, row_by_row, verbosity, **options
    ):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        try:
            total = count_rows(csv_file)
        except FileNotFoundError as exc:
            raise CommandError(f"No such file: {csv_file}") from exc
        except CsvFormatError as exc:
            raise CommandError(str(exc)) from exc

        importer = CoachImport(
            self.get_directory(directory),
            publish=not draft,
            dry_run=dry_run,
            batch_size=batch_size,
            bulk=not row_by_row,
        )
        progress = Progress(self.stdout, total, enabled=verbosity > 0)
        try:
            report = importer.run(read_coaches_csv(csv_file), progress)
        except CsvFormatError as exc:  # The file changed since it was checked.
            raise CommandError(str(exc)) from exc
        progress.finish()

        self.write_report(report, dry_run, draft)
        if report.errors:
            raise CommandError(
                f"{len(report.errors)} row{'s' if len(report.errors) != 1 else ''} could not be imported."
            )

    def get_directory(self, directory_id):
        directories = CoachIndexPage.objects.all()
        if directory_id is not None:
            directories = directories.filter(pk=directory_id)
        page = directories.order_by("path").first()
        if page is None:
            if directory_id is not None:
                raise CommandError(f"There is no coach directory page with ID {directory_id}.")
            raise CommandError("There is no coach directory page to import coaches into. Create one first.")
        return page

    def write_report(self, report, dry_run, draft):
        prefix = "Dry run, nothing written. Would have: " if dry_run else ""
        state = "as drafts" if draft else "and published"
        self.stdout.write(
            f"{prefix}created {report.created} coaches {state}, updated {report.updated}, "
            f"{len(report.drafted)} saved as draft for review, {report.unchanged} unchanged."
        )
        for drafted in report.drafted:
            self.stdout.write(
                f"line {drafted.line}: {drafted.title} (page {drafted.pk}) saved as draft for review, "
                f"not published: {drafted.reason}."
            )
        for field, names in report.created_terms.items():
            if names:
                verb = "Would create" if dry_run else "Created"
                self.stdout.write(f"{verb} {len(names)} new {field} terms: {', '.join(names)}")
        for error in sorted(report.errors, key=lambda error: error.line):
            self.stderr.write(f"Skipped {error}")
