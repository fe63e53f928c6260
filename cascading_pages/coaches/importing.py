"""Importing a programme team's spreadsheet export of coaches (UTF-8 CSV): reading it into coach
records as it goes, then writing them in batches (``CoachImport``)."""

import csv
import html
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.text import slugify
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from cascading_pages.coaches.bulk import create_coaches
from cascading_pages.coaches.models import Availability, CoachPage
from cascading_pages.coaches.records import (
    DRAFTED,
    PUBLISHED,
    UNCHANGED,
    VOCABULARY_FIELDS,
    SlugAllocator,
    VocabularyCache,
    awaits_review,
    create_coach,
    email_key,
    update_coach,
)
from cascading_pages.search.indexing import bulk_indexing
from cascading_pages.search.snapshot import one_change
from cascading_pages.vocabularies.models import Vocabulary

COLUMNS = (
    "name",
    "email",
    "role",
    "organisation",
    "organisation_url",
    "regions",
    "expertise",
    "sectors",
    "communities",
    "languages",
    "availability",
    "summary",
    "biography",
)
# Cells the profile cannot be published without (besides the name and email).
REQUIRED = ("role", "organisation", "summary", "biography")
#: Columns a file may leave out. Without ``availability`` (or with the cell empty) a new coach is
#: available and an existing one keeps what they declared.
OPTIONAL_COLUMNS = ("availability",)
MULTI_VALUED = ("regions", "expertise", "sectors", "communities", "languages")
# The longest value each column's model field takes: a longer cell is a row error, never a
# database error (SQLite would even store it whole).
MAX_LENGTHS = {
    column: CoachPage._meta.get_field(field).max_length
    for column, field in {
        "name": "title",
        "email": "contact_email",
        "role": "role",
        "organisation": "organisation",
        "organisation_url": "organisation_url",
        "summary": "summary",
    }.items()
}
TERM_MAX_LENGTH = Vocabulary._meta.get_field("name").max_length


class CsvFormatError(Exception):
    """The file as a whole cannot be read: not UTF-8, or the wrong columns."""


@dataclass
class RowError:
    line: int
    message: str

    def __str__(self):
        return f"line {self.line}: {self.message}"


def split_terms(cell):
    seen = {}
    for term in (part.strip() for part in cell.split(";")):
        if term and term.casefold() not in seen:
            seen[term.casefold()] = term
    return list(seen.values())


def biography_html(text):
    paragraphs = [" ".join(p.split()) for p in text.replace("\r\n", "\n").split("\n\n")]
    return "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs if p)


def parse_row(row):
    """A record for one CSV row, or raise ValueError with what is wrong."""
    cells = {column: (row.get(column) or "").strip() for column in COLUMNS}
    problems = []
    if not cells["name"]:
        problems.append("name is missing")
    elif not slugify(cells["name"], allow_unicode=getattr(settings, "WAGTAIL_ALLOW_UNICODE_SLUGS", True)):
        problems.append(f"name {cells['name']!r} has no letters or digits to make the profile's address from")
    if not cells["email"]:
        problems.append("email is missing")
    else:
        try:
            validate_email(cells["email"])
        except ValidationError:
            problems.append(f"email {cells['email']!r} is not a valid email address")
    for column in REQUIRED:
        if not cells[column]:
            problems.append(f"{column} is missing")
    availability = cells["availability"].lower()
    if availability and availability not in Availability.values:
        problems.append(
            f"availability {cells['availability']!r} is not one of {', '.join(Availability.values)}"
        )
    if cells["organisation_url"]:
        try:
            URLValidator(schemes=["http", "https"])(cells["organisation_url"])
        except ValidationError:
            problems.append(f"organisation_url {cells['organisation_url']!r} is not a web address")
    for column, limit in MAX_LENGTHS.items():
        if len(cells[column]) > limit:
            problems.append(f"{column} is longer than {limit} characters")
    for column in MULTI_VALUED:
        for term in split_terms(cells[column]):
            if len(term) > TERM_MAX_LENGTH:
                problems.append(
                    f"{column} term {term[:30] + '…'!r} is longer than {TERM_MAX_LENGTH} characters"
                )
    if problems:
        raise ValueError("; ".join(problems))
    record = {
        "title": cells["name"],
        "contact_email": cells["email"],
        "role": cells["role"],
        "organisation": cells["organisation"],
        "organisation_url": cells["organisation_url"],
        "summary": cells["summary"],
        "biography": biography_html(row.get("biography") or ""),
    }
    if availability:
        record["availability"] = availability
    for column in MULTI_VALUED:
        record[column] = split_terms(cells[column])
    return record


@contextmanager
def _csv_rows(path):
    """The file's rows as dicts, its header checked; errors of the file as a whole become a
    CsvFormatError."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = [name.strip() for name in (reader.fieldnames or [])]
            missing = [
                column for column in COLUMNS if column not in header and column not in OPTIONAL_COLUMNS
            ]
            unknown = [column for column in header if column not in COLUMNS]
            if missing or unknown:
                detail = []
                if missing:
                    detail.append(f"missing columns: {', '.join(missing)}")
                if unknown:
                    detail.append(f"unexpected columns: {', '.join(unknown)}")
                raise CsvFormatError(
                    f"The header row must have exactly these columns: {', '.join(COLUMNS)} "
                    f"({', '.join(OPTIONAL_COLUMNS)} optional; {'; '.join(detail)})."
                )
            reader.fieldnames = header
            yield reader
    except UnicodeDecodeError as exc:
        raise CsvFormatError(f"The file is not UTF-8 text ({exc.reason} at byte {exc.start}).") from exc
    except csv.Error as exc:
        raise CsvFormatError(f"The file is not valid CSV: {exc}") from exc


def is_blank(row):
    return None not in row and not any((value or "").strip() for value in row.values())


def count_rows(path):
    """How many rows that are not blank follow the header. This reads the whole file, so a file
    that stops being UTF-8 or CSV further down is refused before anything is imported."""
    with _csv_rows(path) as reader:
        return sum(1 for row in reader if not is_blank(row))


def read_coaches_csv(path):
    """Each row of the file at ``path`` in turn, read as it goes (memory stays bounded whatever
    the file's size): ``(line, record)`` for a good row, a ``RowError`` with its line number for a
    bad one. Blank rows are skipped silently. The same email twice (whatever the capitals): the
    later row is an error naming the first one's line."""
    with _csv_rows(path) as reader:
        seen_emails = {}
        end_of_previous_row = reader.line_num
        for row in reader:
            # The file line the row starts on (the header is line 1); a cell with line breaks
            # in it makes a row span several lines.
            line, end_of_previous_row = end_of_previous_row + 1, reader.line_num
            if None in row:
                yield RowError(line, "the row has more cells than the header")
                continue
            if is_blank(row):
                continue
            try:
                record = parse_row(row)
            except ValueError as exc:
                yield RowError(line, str(exc))
                continue
            email = record["contact_email"]
            first = seen_emails.setdefault(email_key(email), line)
            if first != line:
                yield RowError(
                    line,
                    f"email {email} already appears on line {first} (emails match whatever "
                    f"their capitals): only line {first} is imported",
                )
                continue
            yield line, record


# --- importing the rows ---------------------------------------------------------------------------

#: Rows written in one transaction.
BATCH_SIZE = 500


@dataclass
class Drafted:
    """An existing coach whose changes were saved as a draft for review instead of published."""

    line: int
    title: str
    pk: int
    reason: str


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    drafted: list = field(default_factory=list)  # Drafted
    errors: list = field(default_factory=list)  # RowError
    created_terms: dict = field(default_factory=dict)  # vocabulary field: [names]


class CoachImport:
    """Imports a file's rows into a coach directory, ``batch_size`` rows per transaction.

    New coaches are written a batch at a time by ``bulk.create_coaches``: the same rows ``add_child``,
    ``save_revision`` and ``publish`` would leave (tree paths, revisions, live state, log entries,
    availability records, reference index), in a few queries per table. Existing coaches (matched on
    email) are updated one by one with ``update_coach``, so their revisions and signals are what an
    editor's work leaves. What an import does once, not once per row: commit (once per batch),
    update the reference index (at the end of each batch), index the coaches (one bulk update at the
    end of the import) and mark the directory snapshots and cached pages out of date (once, at the
    end).

    A batch that fails is rolled back whole and each of its rows reported; the batches before it stay
    imported (importing the same file again is safe: rows are matched on email). ``bulk=False`` runs
    each row in its own transaction with the per-row work as it was before (``create_coach``: ``add_child``,
    ``save_revision``, ``publish`` and their signals), for comparison.
    """

    def __init__(self, directory, *, publish=True, dry_run=False, batch_size=BATCH_SIZE, bulk=True):
        self.directory = directory
        self.publish = publish
        self.dry_run = dry_run
        self.bulk = bulk
        self.batch_size = batch_size if bulk else 1
        self.vocabularies = VocabularyCache(create=not dry_run)
        self.report = ImportReport(created_terms=self.vocabularies.created)
        self.slugs = SlugAllocator(directory) if bulk and not dry_run else None

    def run(self, rows, progress=None):
        """Import ``rows`` (what ``read_coaches_csv`` yields); return the ImportReport."""
        step = progress.step if progress is not None else lambda: None
        with bulk_indexing(CoachPage), one_change() if self.bulk else nullcontext():
            for batch in self.batches(rows, step):
                self.import_batch(batch, step)
        return self.report

    def batches(self, rows, step):
        batch = []
        for row in rows:
            if isinstance(row, RowError):
                self.report.errors.append(row)
                step()
                continue
            batch.append(row)
            if len(batch) == self.batch_size:
                yield batch
                batch = []
        if batch:
            yield batch

    def existing_coaches(self, records):
        """The coaches each email of ``records`` names, whatever the capitals, with their terms."""
        existing = {}
        pages = (
            CoachPage.objects.annotate(email_key=Lower("contact_email"))
            .filter(email_key__in=[email_key(record["contact_email"]) for record in records])
            .prefetch_related(*VOCABULARY_FIELDS)
            .order_by("pk")
        )
        for page in pages:
            existing.setdefault(email_key(page.contact_email), []).append(page)
        return existing

    def import_batch(self, batch, step):
        existing = self.existing_coaches(record for _, record in batch)
        if self.dry_run:
            for line, record in batch:
                self.count(self.check_row(line, record, existing))
                step()
            return
        outcomes = []
        try:
            with transaction.atomic(), disable_reference_index_auto_update() if self.bulk else nullcontext():
                new = []
                for line, record in batch:
                    if self.bulk and not existing.get(email_key(record["contact_email"])):
                        # Written together below; their new terms are made now, in the file's order.
                        for vocabulary in VOCABULARY_FIELDS:
                            self.vocabularies.terms(vocabulary, record[vocabulary])
                        new.append((line, record))
                        continue
                    outcomes.append(self.import_row(line, record, existing))
                    step()
                if self.bulk:
                    changed = [page.pk for kind, _, page in outcomes if kind in (PUBLISHED, DRAFTED)]
                    self.update_reference_index(changed)
                    create_coaches(
                        self.directory,
                        [record for _, record in new],
                        self.vocabularies,
                        self.slugs,
                        self.publish,
                    )
                    for line, _ in new:
                        outcomes.append(("created", line, None))
                        step()
        except Exception as exc:  # Anything at all: the batch is rolled back and reported, whole.
            # What the rolled-back rows left in memory: new terms, slugs, the directory's numchild.
            self.vocabularies.forget_unsaved()
            self.directory.refresh_from_db()
            if self.slugs is not None:
                self.slugs = SlugAllocator(self.directory)
            first, last = batch[0][0], batch[-1][0]
            where = f"lines {first} to {last} were rolled back together" if first != last else "rolled back"
            for line, _ in batch:
                self.report.errors.append(RowError(line, f"not imported: {where}, on an error: {exc}"))
            return
        for outcome in outcomes:
            self.count(outcome)

    def check_row(self, line, record, existing):
        """What importing the row would do (a dry run)."""
        for vocabulary in VOCABULARY_FIELDS:
            self.vocabularies.terms(vocabulary, record[vocabulary])
        pages = existing.get(email_key(record["contact_email"]), [])
        if len(pages) > 1:
            return self.ambiguous(line, record, pages)
        if not pages:
            return "created", line, None
        if self.publish and awaits_review(pages[0]):
            return DRAFTED, line, pages[0]
        return PUBLISHED, line, pages[0]

    def import_row(self, line, record, existing):
        pages = existing.get(email_key(record["contact_email"]), [])
        if len(pages) > 1:
            return self.ambiguous(line, record, pages)
        if not pages:  # (Only on the row-by-row path: the bulk path writes new coaches together.)
            return "created", line, create_coach(self.directory, record, self.vocabularies, self.publish)
        return update_coach(pages[0], record, self.vocabularies, publish=self.publish), line, pages[0]

    def ambiguous(self, line, record, pages):
        return (
            RowError(
                line,
                f"email {record['contact_email']} belongs to {len(pages)} coaches (pages "
                f"{', '.join(str(page.pk) for page in pages)}): merge them in the admin, then import again",
            ),
            line,
            None,
        )

    def count(self, outcome):
        kind, line, page = outcome
        if isinstance(kind, RowError):
            self.report.errors.append(kind)
        elif kind == "created":
            self.report.created += 1
        elif kind == UNCHANGED:
            self.report.unchanged += 1
        elif kind == DRAFTED and self.publish:
            reason = "an editor unpublished it" if not page.live else "a draft of it waits for review"
            self.report.drafted.append(Drafted(line, page.title, page.pk, reason))
        else:
            self.report.updated += 1

    def update_reference_index(self, pks):
        """What Wagtail's reference index task does after each save, once per page."""
        for page in CoachPage.objects.filter(pk__in=pks):
            ReferenceIndex.create_or_update_for_object(page)
