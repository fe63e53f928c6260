"""Reading a programme team's spreadsheet export of coaches (UTF-8 CSV) into coach records."""

import csv
import html
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email

from cascading_pages.coaches.models import Availability, CoachPage
from cascading_pages.coaches.records import email_key
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


@dataclass
class ParsedFile:
    records: list = field(default_factory=list)  # (line number, record)
    errors: list = field(default_factory=list)  # RowError


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
    if not cells["email"]:
        problems.append("email is missing")
    else:
        try:
            validate_email(cells["email"])
        except ValidationError:
            problems.append(f"email {cells['email']!r} is not a valid email address")
    availability = cells["availability"].lower() or Availability.AVAILABLE
    if availability not in Availability.values:
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
        "availability": availability,
        "summary": cells["summary"],
        "biography": biography_html(row.get("biography") or ""),
    }
    for column in MULTI_VALUED:
        record[column] = split_terms(cells[column])
    return record


def read_coaches_csv(path):
    """Parse every row of the file at ``path``; bad rows become errors with their line numbers."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = [name.strip() for name in (reader.fieldnames or [])]
            missing = [column for column in COLUMNS if column not in header]
            unknown = [column for column in header if column not in COLUMNS]
            if missing or unknown:
                detail = []
                if missing:
                    detail.append(f"missing columns: {', '.join(missing)}")
                if unknown:
                    detail.append(f"unexpected columns: {', '.join(unknown)}")
                raise CsvFormatError(
                    f"The header row must have exactly these columns: {', '.join(COLUMNS)} "
                    f"({'; '.join(detail)})."
                )
            reader.fieldnames = header
            parsed = ParsedFile()
            seen_emails = {}
            end_of_previous_row = reader.line_num
            for row in reader:
                # The file line the row starts on (the header is line 1); a cell with line breaks
                # in it makes a row span several lines.
                line, end_of_previous_row = end_of_previous_row + 1, reader.line_num
                if None in row:
                    parsed.errors.append(RowError(line, "the row has more cells than the header"))
                    continue
                if not any((value or "").strip() for value in row.values()):
                    continue
                try:
                    record = parse_row(row)
                except ValueError as exc:
                    parsed.errors.append(RowError(line, str(exc)))
                    continue
                email = record["contact_email"]
                if email_key(email) in seen_emails:
                    first = seen_emails[email_key(email)]
                    parsed.errors.append(
                        RowError(
                            line,
                            f"email {email} already appears on line {first} (emails match "
                            f"whatever their capitals): only line {first} is imported",
                        )
                    )
                    continue
                seen_emails[email_key(email)] = line
                parsed.records.append((line, record))
            return parsed
    except UnicodeDecodeError as exc:
        raise CsvFormatError(f"The file is not UTF-8 text ({exc.reason} at byte {exc.start}).") from exc
    except csv.Error as exc:
        raise CsvFormatError(f"The file is not valid CSV: {exc}") from exc
