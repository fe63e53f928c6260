"""The bulk import writes new coaches a batch at a time (``cascading_pages.coaches.bulk``), and what
it leaves is what ``add_child``, ``save_revision`` and ``publish`` leave, row for row.

Each story imports the same rows twice: once through the bulk path, once row by row (``bulk=False``:
``create_coach``, the way an editor's "Publish" makes a page), into two directories, and compares
every table the two paths write, leaving out only what differs between any two pages by nature
(IDs, timestamps, the directory's part of the path, translation keys).
"""

import csv
import tempfile
from pathlib import Path
from unittest import mock

from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.test.utils.form_data import nested_form_data, rich_text

from cascading_pages.coaches import bulk
from cascading_pages.coaches.importing import COLUMNS, CoachImport, read_coaches_csv
from cascading_pages.coaches.models import CoachAvailability, CoachPage
from cascading_pages.coaches.records import SlugAllocator, VocabularyCache, create_coach
from cascading_pages.vocabularies.models import Region
from tests.cascading_pages.coaches.test_import_coaches import row
from tests.factories import make_directory, make_home

VOCABULARIES = ("regions", "expertise", "sectors", "communities", "languages")
# Differ between any two pages, however they were made.
NATURAL = {"id", "page_ptr", "translation_key", "contact_email", "pk", "path", "url_path"}
TIMES = {"first_published_at", "last_published_at", "latest_revision_created_at"}
REVISION_LINKS = {"latest_revision", "live_revision"}


def rows_of_a_first_import(prefix):
    """Coaches as a first import brings them: shared names, every availability, unicode, empty cells."""
    return [
        row(n=1, name="Sam Jones", email=f"{prefix}1@example.org", availability="full"),
        row(n=2, name="Sam Jones", email=f"{prefix}2@example.org", availability="limited"),
        row(n=3, name="Zoë Ōkubo", email=f"{prefix}3@example.org", availability="", communities="Women"),
        row(n=4, email=f"{prefix}4@example.org", languages="English; Welsh", organisation_url=""),
        row(n=5, email=f"{prefix}5@example.org", regions="", biography="One.\n\nTwo & <three>."),
        row(n=6, name="Sam Jones", email=f"{prefix}6@example.org"),
        row(n=7, email=f"{prefix}7@example.org", expertise="Orkney ferries"),
    ]


def described(page):
    """Everything the two paths write for ``page``, made comparable."""
    parent = page.get_parent()
    fields = {}
    for field in CoachPage._meta.concrete_fields:
        value = getattr(page, field.attname)
        if field.name in NATURAL - {"path", "url_path"}:
            continue
        if field.name == "path":
            value = (value.startswith(parent.path), len(value) - len(parent.path))
        elif field.name == "url_path":
            value = value.removeprefix(parent.url_path)
        elif field.name in TIMES:
            value = value is not None
        elif field.name in REVISION_LINKS:
            value = (
                None if value is None else page.revisions.filter(pk=value).values_list("pk", flat=True).get()
            )
            value = (
                "none"
                if value is None
                else ("latest" if value == page.revisions.order_by("-pk")[0].pk else "older")
            )
        fields[field.name] = value
    fields["terms"] = {name: sorted(t.name for t in getattr(page, name).all()) for name in VOCABULARIES}
    fields["revisions"] = [
        {
            "content": {
                key: value
                for key, value in revision.content.items()
                if key not in NATURAL | TIMES | REVISION_LINKS
            }
            | {"content path": revision.content["path"][len(parent.path) :]},
            "types": (revision.content_type.model, revision.base_content_type.model),
            "user": revision.user_id,
            "object_str": revision.object_str,
            "approved_go_live_at": revision.approved_go_live_at,
            "links": [key for key in ("latest_revision", "live_revision") if revision.content.get(key)],
        }
        for revision in Revision.page_revisions.filter(object_id=str(page.pk)).order_by("pk")
    ]
    fields["log"] = [
        {
            "action": entry.action,
            "label": entry.label,
            "data": entry.data,
            "user": entry.user_id,
            "uuid": entry.uuid,
            "content_changed": entry.content_changed,
            "deleted": entry.deleted,
            "type": entry.content_type.model,
            "revision": None if entry.revision_id is None else entry.revision_id == page.latest_revision_id,
        }
        for entry in PageLogEntry.objects.filter(page=page).order_by("pk")
    ]
    fields["availability"] = (
        CoachAvailability.objects.filter(coach=page)
        .values("declared", "capacity", "paused", "available_again_on", "prompted_at", "lapsed_at")
        .get()
    )
    fields["references"] = sorted(
        (
            ref.content_type.model,
            ref.base_content_type.model,
            ref.to_content_type.model,
            ref.model_path,
            ref.content_path,
        )
        for ref in ReferenceIndex.objects.filter(object_id=str(page.pk))
    )
    return fields


class TwoImports:
    """The same rows imported by each path into a directory of its own."""

    def write_csv(self, rows):
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        path = Path(folder.name) / "coaches.csv"
        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=COLUMNS)
            writer.writeheader()
            writer.writerows(rows)
        return path

    def import_rows(self, directory, rows, **options):
        importer = CoachImport(directory, **options)
        return importer.run(read_coaches_csv(self.write_csv(rows)))

    def coaches_of(self, directory):
        return [page.specific for page in directory.get_children().order_by("path")]


class BulkPathWritesWhatAddChildAndPublishWrite(TwoImports, TestCase):
    maxDiff = None

    @classmethod
    def setUpTestData(cls):
        home = make_home()
        cls.by_row = make_directory(home, title="Row by row", slug="row-by-row")
        cls.in_bulk = make_directory(home, title="In bulk", slug="in-bulk")
        make_directory(home, title="Elsewhere", slug="elsewhere")
        Region.objects.create(name="London")

    def import_both_ways(self, **options):
        # As if committed: the reference index is updated by a task after the row-by-row save commits.
        with self.captureOnCommitCallbacks(execute=True):
            by_row = self.import_rows(self.by_row, rows_of_a_first_import("by-row"), bulk=False, **options)
        with self.captureOnCommitCallbacks(execute=True):
            in_bulk = self.import_rows(
                self.in_bulk, rows_of_a_first_import("in-bulk"), batch_size=3, **options
            )
        self.assertEqual((by_row.created, by_row.errors), (7, []))
        self.assertEqual((in_bulk.created, in_bulk.errors), (7, []))
        return self.coaches_of(self.by_row), self.coaches_of(self.in_bulk)

    def test_published_coaches_are_the_same_in_every_table(self):
        by_row, in_bulk = self.import_both_ways()
        self.assertEqual([described(page) for page in in_bulk], [described(page) for page in by_row])
        # What the comparison rests on, said outright.
        full, limited = in_bulk[0], in_bulk[1]
        self.assertEqual(
            [page.slug for page in in_bulk[:2]] + [in_bulk[5].slug],
            ["sam-jones", "sam-jones-2", "sam-jones-3"],
        )
        self.assertTrue(full.live and not full.has_unpublished_changes)
        self.assertEqual(full.live_revision_id, full.latest_revision_id)
        self.assertFalse(full.accepting_new_leaders)
        self.assertTrue(limited.accepting_new_leaders)
        self.assertEqual(limited.url_path, f"{self.in_bulk.url_path}sam-jones-2/")
        self.assertEqual(
            list(PageLogEntry.objects.filter(page=full).order_by("pk").values_list("action", flat=True)),
            ["wagtail.create", "wagtail.publish"],
        )
        self.assertEqual(len({page.translation_key for page in in_bulk + by_row}), 14)

    def test_a_link_in_a_profile_is_in_the_reference_index_as_a_save_would_put_it(self):
        # (A CSV cell is escaped, so no file makes a link: a record from elsewhere, such as the demo's.)
        def record(email):
            return {
                "title": "Linked Coach",
                "contact_email": email,
                "role": "Director",
                "organisation": "Charity",
                "summary": "A short summary.",
                "biography": "<p>One paragraph.</p>",
                "coaching_approach": f'<p>See <a linktype="page" id="{self.in_bulk.pk}">the directory</a>.</p>',
                "regions": ["London"],
            }

        with self.captureOnCommitCallbacks(execute=True):
            by_hand = create_coach(self.by_row, record("by-row@example.org"), VocabularyCache())
        with transaction.atomic():
            [in_bulk] = bulk.create_coaches(
                self.in_bulk, [record("in-bulk@example.org")], VocabularyCache(), SlugAllocator(self.in_bulk)
            )
        by_hand = CoachPage.objects.get(pk=by_hand.pk)
        in_bulk = CoachPage.objects.get(pk=in_bulk.pk)
        self.assertEqual(described(in_bulk), described(by_hand))
        self.assertEqual(
            described(in_bulk)["references"],
            [("coachpage", "page", "page", "coaching_approach.", "coaching_approach.")],
        )

    def test_coaches_imported_as_drafts_are_the_same_in_every_table(self):
        by_row, in_bulk = self.import_both_ways(publish=False)
        self.assertEqual([described(page) for page in in_bulk], [described(page) for page in by_row])
        draft = in_bulk[0]
        self.assertFalse(draft.live)
        self.assertTrue(draft.has_unpublished_changes)
        self.assertIsNone(draft.live_revision_id)
        self.assertIsNone(draft.first_published_at)

    def test_the_tree_is_sound_and_the_directory_counts_its_coaches(self):
        self.import_both_ways()
        self.assertEqual(Page.find_problems(), ([], [], [], [], []))
        self.in_bulk.refresh_from_db()
        self.assertEqual(self.in_bulk.numchild, 7)
        # A second import adds after the last coach, as add_child would.
        more = [row(n=n, email=f"more{n}@example.org") for n in (8, 9)]
        self.import_rows(self.in_bulk, more, batch_size=3)
        self.assertEqual(Page.find_problems(), ([], [], [], [], []))
        self.assertEqual(self.in_bulk.get_children().count(), 9)
        self.assertEqual(self.in_bulk.get_children().order_by("path").last().title, "Imported Coach 9")

    def test_imported_coaches_are_in_the_directory_on_their_addresses_and_found_by_search(self):
        self.import_both_ways()
        directory = self.client.get(self.in_bulk.url)
        self.assertContains(directory, "Zoë Ōkubo")
        self.assertContains(directory, "Imported Coach 7")
        zoe = CoachPage.objects.get(contact_email="in-bulk3@example.org")
        profile = self.client.get(zoe.url)
        self.assertContains(profile, "Zoë Ōkubo")
        self.assertEqual(zoe.url_path, f"{self.in_bulk.url_path}{zoe.slug}/")
        found = CoachPage.objects.live().search("Orkney")
        self.assertEqual(
            sorted(page.contact_email for page in found), ["by-row7@example.org", "in-bulk7@example.org"]
        )

    def test_an_imported_coach_is_edited_published_moved_and_deleted_in_the_admin(self):
        self.import_both_ways()
        editor = get_user_model().objects.create_superuser("editor", "editor@example.org", "password")
        self.client.force_login(editor)
        coach = CoachPage.objects.get(contact_email="in-bulk4@example.org")
        first_revision = coach.latest_revision_id
        edit = f"/admin/pages/{coach.pk}/edit/"
        self.assertEqual(self.client.get(edit).status_code, 200)
        form = nested_form_data(
            {
                "title": "Imported Coach 4",
                "slug": coach.slug,
                "role": "Chair",
                "organisation": coach.organisation,
                "summary": coach.summary,
                "biography": rich_text(coach.biography),
                "coaching_approach": rich_text(""),
                "contact_email": coach.contact_email,
                "regions": [r.pk for r in coach.regions.all()],
                "languages": [term.pk for term in coach.languages.all()],
            }
        )
        response = self.client.post(edit, {**form, "action-publish": "publish"})
        self.assertEqual(response.status_code, 302, response.content.decode()[:3000])
        coach.refresh_from_db()
        self.assertEqual(coach.role, "Chair")
        self.assertEqual(coach.revisions.count(), 2)
        self.assertNotEqual(coach.latest_revision_id, first_revision)
        self.assertEqual(coach.live_revision_id, coach.latest_revision_id)
        self.assertEqual(coach.latest_revision.get_previous().pk, first_revision)
        self.assertContains(self.client.get(coach.url), "Chair")

        elsewhere = Page.objects.get(slug="elsewhere")
        response = self.client.post(f"/admin/pages/{coach.pk}/move/{elsewhere.pk}/confirm/")
        self.assertEqual(response.status_code, 302)
        coach.refresh_from_db()
        self.assertEqual(coach.url_path, f"{elsewhere.url_path}{coach.slug}/")
        self.assertEqual(Page.find_problems(), ([], [], [], [], []))

        other = CoachPage.objects.get(contact_email="in-bulk6@example.org")
        self.assertEqual(self.client.post(f"/admin/pages/{other.pk}/delete/").status_code, 302)
        self.assertFalse(CoachPage.objects.filter(pk=other.pk).exists())
        self.assertEqual(Page.find_problems(), ([], [], [], [], []))
        self.in_bulk.refresh_from_db()
        self.assertEqual(self.in_bulk.numchild, 5)

    def test_queries_per_new_coach_stay_a_handful_whatever_the_batch(self):
        def queries_for(rows):
            # (The one index update at the end is the search backend's: not counted here.)
            with (
                mock.patch("cascading_pages.search.indexing.index_objects_task"),
                CaptureQueriesContext(connection) as queries,
            ):
                report = self.import_rows(self.in_bulk, rows, batch_size=500)
            self.assertEqual((report.created, report.errors), (len(rows), []))
            return len(queries)

        ten = queries_for([row(n=n, email=f"q{n}@example.org") for n in range(1, 11)])
        hundred = queries_for([row(n=n, email=f"q{n}@example.org") for n in range(11, 111)])
        # Row by row, each new coach costs about a hundred queries; in bulk, a few per batch.
        self.assertLess(hundred - ten, 10, (ten, hundred))


class AFailingBatchLeavesNothing(TwoImports, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.directory = make_directory(make_home())

    def nothing_of_lines(self, report, lines, kept):
        self.assertEqual(sorted(error.line for error in report.errors), lines)
        for error in report.errors:
            self.assertIn("rolled back together, on an error", error.message)
        self.assertEqual(sorted(CoachPage.objects.values_list("title", flat=True)), kept)
        pks = [str(pk) for pk in Page.objects.values_list("pk", flat=True)]
        self.assertFalse(Revision.objects.exclude(object_id__in=pks).exists())
        self.assertFalse(PageLogEntry.objects.exclude(page_id__in=[int(pk) for pk in pks]).exists())
        self.assertEqual(CoachAvailability.objects.count(), len(kept))
        self.assertFalse(Region.objects.filter(name="Only in batch two").exists())
        self.directory.refresh_from_db()
        self.assertEqual(self.directory.numchild, len(kept))
        self.assertEqual(Page.find_problems(), ([], [], [], [], []))

    def test_a_database_constraint_broken_mid_batch_rolls_the_batch_back_and_reports_each_line(self):
        real = bulk.insert_availability

        def twice(pages, records, now):  # The same coach's record twice: a primary key clash.
            real(pages, records, now)
            if any(page.title == "Imported Coach 3" for page in pages):
                real(pages[:1], records[:1], now)

        rows = [row(n=n, regions="Only in batch two" if n == 3 else "London") for n in range(1, 6)]
        with mock.patch("cascading_pages.coaches.bulk.insert_availability", twice):
            report = self.import_rows(self.directory, rows, batch_size=2)
        self.assertTrue(any("UNIQUE" in e.message.upper() or "duplicate" in e.message for e in report.errors))
        self.nothing_of_lines(report, [4, 5], ["Imported Coach 1", "Imported Coach 2", "Imported Coach 5"])

    def test_an_error_in_the_middle_of_writing_a_batch_rolls_it_back(self):
        real = bulk.insert_log_entries

        def failing(pages, *args):
            if any(page.title == "Imported Coach 3" for page in pages):
                raise IntegrityError("the disk is full")
            real(pages, *args)

        rows = [row(n=n, regions="Only in batch two" if n == 3 else "London") for n in range(1, 6)]
        with mock.patch("cascading_pages.coaches.bulk.insert_log_entries", failing):
            report = self.import_rows(self.directory, rows, batch_size=2)
        self.assertIn("the disk is full", report.errors[0].message)
        self.nothing_of_lines(report, [4, 5], ["Imported Coach 1", "Imported Coach 2", "Imported Coach 5"])
        # Importing the file again brings in what was rolled back, after the coaches already in.
        report = self.import_rows(self.directory, rows, batch_size=2)
        self.assertEqual((report.created, report.unchanged + report.updated, report.errors), (2, 3, []))
        self.assertEqual(Page.find_problems(), ([], [], [], [], []))
        self.assertEqual(
            [page.title for page in self.directory.get_children().order_by("path")],
            [f"Imported Coach {n}" for n in (1, 2, 5, 3, 4)],
        )
