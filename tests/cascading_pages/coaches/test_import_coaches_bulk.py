"""A programme team imports thousands of coaches at once: batches, and nothing different in the tree.

The import writes ``--batch-size`` rows per transaction and leaves the search index and snapshot
work to the end. New coaches are written a batch at a time (``coaches/bulk.py``), yet an imported
coach is field for field what ``add_child``, ``save_revision`` and ``publish`` make (compared table
by table in ``test_import_coaches_bulk_tree.py``).
"""

import csv
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageLogEntry, ReferenceIndex

from cascading_pages.coaches.importing import COLUMNS
from cascading_pages.coaches.models import CoachAvailability, CoachPage
from cascading_pages.coaches.records import VocabularyCache, apply_record
from cascading_pages.vocabularies.models import Region
from tests.cascading_pages.coaches.test_import_coaches import ImportFiles, row
from tests.factories import make_directory, make_home

# Fields that differ between any two pages whatever made them: compared by what they mean instead.
IDENTITY = {"id", "page_ptr", "translation_key", "contact_email"}
TIMES = {"first_published_at", "last_published_at", "latest_revision_created_at"}
REVISIONS = {"latest_revision", "live_revision"}


def described(page):
    """Every stored field of ``page``, with what differs between two pages by nature made comparable."""
    parent = page.get_parent()
    fields = {}
    for field in CoachPage._meta.concrete_fields:
        value = getattr(page, field.attname)
        if field.name in IDENTITY:
            continue
        if field.name == "path":
            value = (value.startswith(parent.path), len(value) - len(parent.path))
        elif field.name == "url_path":
            value = value.removeprefix(parent.url_path)
        elif field.name in TIMES:
            value = value is not None
        elif field.name in REVISIONS:
            value = value == page.revisions.order_by("-pk").values_list("pk", flat=True).first()
        fields[field.name] = value
    fields["terms"] = {f: sorted(t.name for t in getattr(page, f).all()) for f in ("regions", "languages")}
    fields["revisions"] = page.revisions.count()
    content = page.latest_revision.content
    fields["revision content"] = {
        key: value
        for key, value in content.items()
        if key not in IDENTITY | TIMES | REVISIONS | {"pk", "path", "url_path", "latest_revision"}
    }
    fields["log"] = list(
        PageLogEntry.objects.filter(page=page).order_by("pk").values_list("action", flat=True)
    )
    fields["references"] = ReferenceIndex.objects.filter(object_id=str(page.pk)).count()
    fields["availability"] = CoachAvailability.objects.filter(coach=page).values("capacity", "paused").get()
    return fields


class BulkImportTests(ImportFiles, TestCase):
    maxDiff = None

    @classmethod
    def setUpTestData(cls):
        home = make_home()
        cls.by_hand = make_directory(home, title="By hand", slug="by-hand")
        cls.directory = make_directory(home, title="Imported", slug="imported")

    def test_an_imported_coach_is_field_for_field_what_add_child_and_publishing_make(self):
        cells = row(n=1, name="Jane Doe", regions="London", languages="English; Welsh")
        record = {
            "title": "Jane Doe",
            "contact_email": "by-hand@example.org",
            "role": cells["role"],
            "organisation": cells["organisation"],
            "organisation_url": cells["organisation_url"],
            "availability": "available",
            "summary": cells["summary"],
            "biography": "<p>One paragraph.</p>",
            "regions": ["London"],
            "expertise": ["Strategy and planning"],
            "sectors": ["Mental health"],
            "communities": [],
            "languages": ["English", "Welsh"],
        }
        # The way the admin's "Publish" makes a page.
        made = CoachPage()
        apply_record(made, record, VocabularyCache())
        self.by_hand.add_child(instance=made)
        made.save_revision().publish()

        _, err, error = self.run_import(self.write_csv([cells]), "--directory", str(self.directory.pk))
        self.assertIsNone(error, err)
        imported = CoachPage.objects.get(contact_email=cells["email"])
        made = CoachPage.objects.get(pk=made.pk)
        self.assertEqual(described(imported), described(made))
        self.assertTrue(imported.url_path.endswith("/imported/jane-doe/"), imported.url_path)

    def test_the_page_tree_is_sound_after_an_import_in_several_batches(self):
        path = self.write_csv([row(n=n) for n in range(1, 8)])
        _, err, error = self.run_import(path, "--batch-size", "3", "--directory", str(self.directory.pk))
        self.assertIsNone(error, err)
        self.directory.refresh_from_db()
        self.assertEqual(self.directory.numchild, 7)
        out = StringIO()
        call_command("fixtree", "--noinput", stdout=out)
        self.assertEqual(out.getvalue().count("No problems found."), 2, out.getvalue())

    def test_coaches_sharing_a_name_get_the_addresses_wagtail_would_give_them(self):
        path = self.write_csv([row(n=n, name="Sam Jones") for n in range(1, 5)])
        _, err, error = self.run_import(path, "--batch-size", "2", "--directory", str(self.directory.pk))
        self.assertIsNone(error, err)
        self.directory.refresh_from_db()
        self.assertEqual(
            list(self.directory.get_children().order_by("path").values_list("slug", flat=True)),
            ["sam-jones", "sam-jones-2", "sam-jones-3", "sam-jones-4"],
        )

    def test_queries_per_coach_do_not_grow_with_coaches_of_the_same_name(self):
        def queries_for(rows):
            with CaptureQueriesContext(connection) as queries:
                self.run_import(self.write_csv(rows), "--directory", str(self.directory.pk))
            return len(queries)

        first = queries_for([row(n=n, name="Sam Jones") for n in range(1, 11)])
        second = queries_for([row(n=n, name="Sam Jones") for n in range(11, 21)])
        # Wagtail alone would ask once for each of sam-jones, sam-jones-2, ... sam-jones-11 and on.
        self.assertLessEqual(second, first + 5)

    def test_a_failing_batch_is_rolled_back_whole_and_reported_earlier_batches_stay(self):
        # "North Wales" would be a new region whose address clashes with "North-Wales"'s.
        Region.objects.create(name="North-Wales")
        directory = self.directory.pk
        first = [row(n=1), row(n=2, regions="North Wales"), row(n=3), row(n=4), row(n=5)]
        out, err, error = self.run_import(
            self.write_csv(first), "--batch-size", "2", "--directory", str(directory)
        )
        self.assertIn("2 rows could not be imported", str(error), err)
        self.assertIn("line 2: not imported: lines 2 to 3 were rolled back together, on an error", err)
        self.assertIn("line 3: not imported: lines 2 to 3 were rolled back together", err)
        # A failing batch in the middle: the batches before it stay.
        later = [row(n=6), row(n=7), row(n=8, regions="North Wales"), row(n=9), row(n=10)]
        _, err, error = self.run_import(
            self.write_csv(later), "--batch-size", "2", "--directory", str(directory)
        )
        self.assertIn("2 rows could not be imported", str(error), err)
        self.assertIn("line 4: not imported: lines 4 to 5 were rolled back together", err)
        self.assertEqual(
            sorted(CoachPage.objects.values_list("title", flat=True), key=lambda t: int(t.split()[-1])),
            [f"Imported Coach {n}" for n in (3, 4, 5, 6, 7, 10)],
        )
        self.assertFalse(Region.objects.filter(name="North Wales").exists())
        self.assertNotIn("North Wales", out)
        self.directory.refresh_from_db()
        self.assertEqual(self.directory.numchild, 6)
        fixtree = StringIO()
        call_command("fixtree", "--noinput", stdout=fixtree)
        self.assertEqual(fixtree.getvalue().count("No problems found."), 2, fixtree.getvalue())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_search_index_and_the_snapshots_are_updated_once_for_the_whole_import(tmp_path):
    """Batches really commit here (no test transaction around them): after each commit, coaches made
    "full" ask to be indexed again, and each batch changes what the directory shows."""
    make_directory(make_home())
    path = tmp_path / "coaches.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(row(n=n, availability="full" if n % 2 else "available") for n in range(1, 6))
    with (
        mock.patch("cascading_pages.search.indexing.index_objects_task") as index_task,
        mock.patch("cascading_pages.search.snapshot.new_generation") as new_generation,
    ):
        call_command("import_coaches", str(path), "--batch-size", "2", stdout=StringIO())
    coach_updates = [
        c.args for c in index_task.enqueue.call_args_list if c.args[0] == "cascading_pages.coachpage"
    ]
    pks = [str(pk) for pk in sorted(CoachPage.objects.values_list("pk", flat=True))]
    assert coach_updates == [("cascading_pages.coachpage", pks)]
    assert new_generation.call_count == 1
