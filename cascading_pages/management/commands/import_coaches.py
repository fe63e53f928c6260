from django.core.management.base import BaseCommand, CommandError
from django.db.models.functions import Lower

from cascading_pages.coaches.importing import CsvFormatError, RowError, read_coaches_csv
from cascading_pages.coaches.models import CoachPage
from cascading_pages.coaches.pages import CoachIndexPage
from cascading_pages.coaches.records import (
    DRAFTED,
    UNCHANGED,
    VOCABULARY_FIELDS,
    VocabularyCache,
    awaits_review,
    create_coach,
    email_key,
    update_coach,
)
from cascading_pages.management.commands._progress import Progress
from cascading_pages.search.indexing import bulk_indexing


class Command(BaseCommand):
    help = (
        "Import coaches from a UTF-8 CSV spreadsheet export. Rows are matched on email, so a "
        "re-import updates coaches and never duplicates them (emails match whatever their "
        "capitals). A coach with a draft waiting for review, or one an editor unpublished, is never "
        "published by an import: their changes are saved as a draft for review. Bad rows are "
        "reported with their line numbers and skipped; blank rows are skipped silently."
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

    def handle(self, *args, csv_file, dry_run, draft, directory, verbosity, **options):
        try:
            parsed = read_coaches_csv(csv_file)
        except FileNotFoundError as exc:
            raise CommandError(f"No such file: {csv_file}") from exc
        except CsvFormatError as exc:
            raise CommandError(str(exc)) from exc

        directory_page = self.get_directory(directory)
        existing = self.existing_coaches(parsed)
        vocabularies = VocabularyCache(create=not dry_run)
        counts = {"created": 0, "updated": 0, "drafted": 0, "unchanged": 0}
        self.drafted = []
        progress = Progress(self.stdout, len(parsed.records), enabled=verbosity > 0)

        # Each coach is indexed once, in bulk requests, when the import is done.
        with bulk_indexing(CoachPage):
            self.import_records(
                parsed, directory_page, existing, vocabularies, counts, progress, dry_run, draft
            )
        progress.finish()

        self.report(counts, vocabularies, parsed.errors, dry_run, draft)
        if parsed.errors:
            raise CommandError(
                f"{len(parsed.errors)} row{'s' if len(parsed.errors) != 1 else ''} could not be imported."
            )

    def existing_coaches(self, parsed):
        """The IDs of the coaches each email of the file names, whatever the capitals."""
        existing = {}
        keys = [email_key(record["contact_email"]) for _, record in parsed.records]
        for pk, email in (
            CoachPage.objects.annotate(email_key=Lower("contact_email"))
            .filter(email_key__in=keys)
            .order_by("pk")
            .values_list("pk", "contact_email")
        ):
            existing.setdefault(email_key(email), []).append(pk)
        return existing

    def import_records(
        self, parsed, directory_page, existing, vocabularies, counts, progress, dry_run, draft
    ):
        for line, record in parsed.records:
            page_ids = existing.get(email_key(record["contact_email"]), [])
            if len(page_ids) > 1:
                parsed.errors.append(
                    RowError(
                        line,
                        f"email {record['contact_email']} belongs to {len(page_ids)} coaches (pages "
                        f"{', '.join(map(str, page_ids))}): merge them in the admin, then import again",
                    )
                )
            elif dry_run:
                for field in VOCABULARY_FIELDS:
                    vocabularies.terms(field, record[field])
                if not page_ids:
                    counts["created"] += 1
                elif not draft and awaits_review(CoachPage.objects.get(pk=page_ids[0])):
                    counts["drafted"] += 1
                else:
                    counts["updated"] += 1
            elif not page_ids:
                page = create_coach(directory_page, record, vocabularies, publish=not draft)
                existing[email_key(record["contact_email"])] = [page.pk]
                counts["created"] += 1
            else:
                page = CoachPage.objects.get(pk=page_ids[0])
                outcome = update_coach(page, record, vocabularies, publish=not draft)
                if outcome == DRAFTED and not draft:
                    counts["drafted"] += 1
                    self.drafted.append((line, page))
                else:
                    counts["updated" if outcome != UNCHANGED else "unchanged"] += 1
            progress.step()

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

    def report(self, counts, vocabularies, errors, dry_run, draft):
        prefix = "Dry run, nothing written. Would have: " if dry_run else ""
        state = "as drafts" if draft else "and published"
        self.stdout.write(
            f"{prefix}created {counts['created']} coaches {state}, updated {counts['updated']}, "
            f"{counts['drafted']} saved as draft for review, {counts['unchanged']} unchanged."
        )
        for line, page in self.drafted:
            reason = "an editor unpublished it" if not page.live else "a draft of it waits for review"
            self.stdout.write(
                f"line {line}: {page.title} (page {page.pk}) saved as draft for review, not published: "
                f"{reason}."
            )
        for field, names in vocabularies.created.items():
            if names:
                verb = "Would create" if dry_run else "Created"
                self.stdout.write(f"{verb} {len(names)} new {field} terms: {', '.join(names)}")
        for error in sorted(errors, key=lambda error: error.line):
            self.stderr.write(f"Skipped {error}")
