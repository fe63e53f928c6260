"""A programme team migrates its coach spreadsheet with `manage.py import_coaches`."""

import csv
import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase

from cascading_pages.coaches.importing import COLUMNS
from cascading_pages.coaches.models import CoachPage
from cascading_pages.vocabularies.models import ExpertiseArea, Region
from tests.factories import make_directory, make_home


def row(**cells):
    n = cells.pop("n", 1)
    values = {
        "name": f"Imported Coach {n}",
        "email": f"imported{n}@example.org",
        "role": "Director",
        "organisation": f"Charity {n}",
        "organisation_url": "https://example.org",
        "regions": "London; South East",
        "expertise": "Strategy and planning",
        "sectors": "Mental health",
        "communities": "",
        "languages": "English",
        "availability": "available",
        "summary": "A short summary.",
        "biography": "One paragraph.",
    }
    values.update(cells)
    return values


class ImportFiles:
    """Writing a CSV file of rows, and running ``import_coaches`` on it."""

    def write_csv(self, rows, columns=COLUMNS):
        path = self.tmp_dir / f"coaches-{len(list(self.tmp_dir.iterdir()))}.csv"
        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns)
            writer.writeheader()
            writer.writerows(rows)
        return path

    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.tmp_dir = Path(self._tmp.name)
        self.addCleanup(self._tmp.cleanup)

    def run_import(self, path, *args):
        out, err = StringIO(), StringIO()
        try:
            call_command("import_coaches", str(path), *args, stdout=out, stderr=err)
            error = None
        except CommandError as exc:
            error = exc
        return out.getvalue(), err.getvalue(), error


class ImportCoachesTests(ImportFiles, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.directory = make_directory(make_home())
        Region.objects.create(name="London")

    def test_new_coaches_are_published_in_the_directory_with_their_details(self):
        out, err, error = self.run_import(
            self.write_csv([row(n=1, biography="First paragraph.\n\nSecond paragraph."), row(n=2)])
        )
        self.assertIsNone(error, err)
        self.assertIn("created 2 coaches", out)
        coach = CoachPage.objects.get(contact_email="imported1@example.org")
        self.assertTrue(coach.live)
        self.assertEqual(coach.get_parent().pk, self.directory.pk)
        self.assertEqual(sorted(r.name for r in coach.regions.all()), ["London", "South East"])
        self.assertEqual(coach.biography, "<p>First paragraph.</p><p>Second paragraph.</p>")
        self.assertContains(self.client.get(coach.url), "Second paragraph.")

    def test_reimport_updates_by_email_and_never_duplicates(self):
        self.run_import(self.write_csv([row(n=1)]))
        out, _, error = self.run_import(
            self.write_csv(
                [row(n=1, name="Renamed Coach", email="IMPORTED1@example.org", availability="full")]
            )
        )
        self.assertIsNone(error)
        self.assertIn("updated 1", out)
        self.assertEqual(CoachPage.objects.filter(contact_email="imported1@example.org").count(), 1)
        coach = CoachPage.objects.get(contact_email="imported1@example.org")
        self.assertEqual((coach.title, coach.declared_availability), ("Renamed Coach", "full"))
        self.assertFalse(coach.is_accepting_new_leaders)

        out, _, _ = self.run_import(
            self.write_csv(
                [row(n=1, name="Renamed Coach", email="imported1@example.org", availability="full")]
            )
        )
        self.assertIn("1 unchanged", out)

    def test_the_availability_column_sets_the_coaches_availability_record_at_once(self):
        self.run_import(self.write_csv([row(n=1), row(n=2)]))
        # Imported as drafts, the new declaration still applies now: it is not profile content.
        out, _, error = self.run_import(
            self.write_csv([row(n=1, availability="Full"), row(n=2, availability="limited")]), "--draft"
        )
        self.assertIsNone(error)
        self.assertIn("updated 2", out)
        first = CoachPage.objects.get(contact_email="imported1@example.org")
        second = CoachPage.objects.get(contact_email="imported2@example.org")
        self.assertEqual((first.declared_availability, first.is_accepting_new_leaders), ("full", False))
        self.assertEqual((second.declared_availability, second.is_accepting_new_leaders), ("limited", True))

    def test_without_the_availability_column_new_coaches_are_available_and_others_keep_theirs(self):
        self.run_import(self.write_csv([row(n=1, availability="full")]))
        columns = [column for column in COLUMNS if column != "availability"]
        rows = [{k: v for k, v in row(n=n).items() if k != "availability"} for n in (1, 2)]
        out, err, error = self.run_import(self.write_csv(rows, columns=columns))
        self.assertIsNone(error, err)
        self.assertIn("created 1 coaches", out)
        self.assertEqual(
            dict(
                (coach.contact_email, coach.declared_availability)
                for coach in CoachPage.objects.select_related("availability_state")
            ),
            {"imported1@example.org": "full", "imported2@example.org": "available"},
        )

    def test_new_vocabulary_terms_are_created_and_reported(self):
        out, _, _ = self.run_import(
            self.write_csv([row(regions="london; Wales", expertise="Board development")])
        )
        self.assertIn("Created 1 new regions terms: Wales", out)
        self.assertIn("Created 1 new expertise terms: Board development", out)
        self.assertEqual(Region.objects.filter(name__iexact="london").count(), 1)
        self.assertTrue(ExpertiseArea.objects.filter(name="Board development").exists())

    def test_bad_rows_are_reported_by_line_and_skipped_while_good_rows_go_in(self):
        path = self.write_csv(
            [
                row(n=1),
                row(n=2, name=""),
                row(n=3, email="not-an-email"),
                row(n=4, availability="sometimes"),
                row(n=5, biography="Line one.\n\nLine two."),
            ]
        )
        out, err, error = self.run_import(path)
        self.assertIsNotNone(error, "a file with bad rows must exit non-zero")
        self.assertIn("3 rows could not be imported", str(error))
        self.assertIn("line 3: name is missing", err)
        self.assertIn("line 4: email 'not-an-email' is not a valid email address", err)
        self.assertIn("line 5: availability 'sometimes' is not one of available, limited, full", err)
        self.assertEqual(
            sorted(CoachPage.objects.values_list("contact_email", flat=True)),
            ["imported1@example.org", "imported5@example.org"],
        )

    def test_line_numbers_count_multi_line_cells_as_a_spreadsheet_does(self):
        path = self.write_csv([row(n=1, biography="One.\n\nTwo.\n\nThree."), row(n=2, email="")])
        _, err, error = self.run_import(path)
        self.assertIsNotNone(error)
        self.assertIn("line 7: email is missing", err)

    def test_dry_run_reports_and_writes_nothing(self):
        out, _, error = self.run_import(self.write_csv([row(n=1, regions="Atlantis")]), "--dry-run")
        self.assertIsNone(error)
        self.assertIn("Dry run, nothing written. Would have: created 1 coaches", out)
        self.assertIn("Would create 1 new regions terms: Atlantis", out)
        self.assertFalse(CoachPage.objects.exists())
        self.assertFalse(Region.objects.filter(name="Atlantis").exists())

    def test_draft_imports_are_not_published(self):
        self.run_import(self.write_csv([row(n=1)]), "--draft")
        coach = CoachPage.objects.get(contact_email="imported1@example.org")
        self.assertFalse(coach.live)
        self.assertEqual(self.client.get(self.directory.url).context["coaches"].paginator.count, 0)

    def test_a_file_with_the_wrong_columns_is_refused_whole(self):
        path = self.write_csv([{"name": "A", "email": "a@example.org"}], columns=["name", "email"])
        _, _, error = self.run_import(path)
        self.assertIn("missing columns: role", str(error))
        self.assertFalse(CoachPage.objects.exists())

    def test_a_file_that_is_not_utf8_is_refused_with_a_message(self):
        path = self.tmp_dir / "latin1.csv"
        path.write_bytes((",".join(COLUMNS) + "\nJosé,jose@example.org\n").encode("latin-1"))
        _, _, error = self.run_import(path)
        self.assertIn("not UTF-8", str(error))
