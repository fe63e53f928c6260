"""Reading a programme team's spreadsheet export of coaches (UTF-8 CSV) into coach records."""

import csv
import html
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email

from cascading_pages.coaches.models import Availability

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
#: Columns a file may leave out. Without ``availability`` (or with the cell empty) a new coach is
#: available and an existing one keeps what they declared.
OPTIONAL_COLUMNS = ("availability",)
MULTI_VALUED = ("regions", "expertise", "sectors", "communities", "languages")
MAX_LENGTHS = {
    "name": 255,
    "email": 254,
    "role": 120,
    "organisation": 200,
    "organisation_url": 200,
    "summary": 300,
}


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
    if problems:
        raise ValueError("; ".join(problems))
    record = {
        "title": cells["name"],
        "contact_email": cells["email"].lower(),
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


def read_coaches_csv(path):
    """Parse every row of the file at ``path``; bad rows become errors with their line numbers."""
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
                if email in seen_emails:
                    parsed.errors.append(
                        RowError(line, f"email {email} already appears on line {seen_emails[email]}")
                    )
                    continue
                seen_emails[email] = line
                parsed.records.append((line, record))
            return parsed
    except UnicodeDecodeError as exc:
        raise CsvFormatError(f"The file is not UTF-8 text ({exc.reason} at byte {exc.start}).") from exc
    except csv.Error as exc:
        raise CsvFormatError(f"The file is not valid CSV: {exc}") from exc
