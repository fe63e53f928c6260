"""A programme team's real spreadsheets, and an import that must never go round moderation.

Spreadsheets come with a byte-order mark, stray cells, blank rows, over-long cells and the same coach
twice; coaches in the site have drafts waiting for review or were unpublished by an editor. Re-importing
publishes nothing an editor has not approved.
"""

from django.test import TestCase

from cascading_pages.coaches.importing import COLUMNS
from cascading_pages.coaches.models import CoachPage
from cascading_pages.vocabularies.models import Region
from tests.cascading_pages.coaches.test_import_coaches import ImportFiles, row
from tests.factories import make_coach, make_directory, make_home


def csv_line(**cells):
    return ",".join(row(**cells)[column] for column in COLUMNS)


class SpreadsheetQuirksTests(ImportFiles, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.directory = make_directory(make_home())

    def write_text(self, text, encoding="utf-8"):
        path = self.tmp_dir / "coaches.csv"
        path.write_text(text, encoding=encoding)
        return path

    def test_a_file_saved_with_a_byte_order_mark_is_read_like_any_other(self):
        path = self.write_text(",".join(COLUMNS) + "\n" + csv_line(n=1) + "\n", encoding="utf-8-sig")
        self.assertTrue(path.read_bytes().startswith(b"\xef\xbb\xbfname,"))
        out, err, error = self.run_import(path)
        self.assertIsNone(error, err)
        self.assertEqual(CoachPage.objects.get().title, "Imported Coach 1")

    def test_a_row_with_more_cells_than_the_header_is_rejected_by_line(self):
        path = self.write_text("\n".join([",".join(COLUMNS), csv_line(n=1) + ",stray", csv_line(n=2)]) + "\n")
        _, err, error = self.run_import(path)
        self.assertIn("1 row could not be imported", str(error))
        self.assertIn("line 2: the row has more cells than the header", err)
        self.assertEqual(list(CoachPage.objects.values_list("title", flat=True)), ["Imported Coach 2"])

    def test_a_cell_longer_than_its_field_is_a_row_error_not_a_database_error(self):
        path = self.write_csv(
            [
                row(n=1, organisation="O" * 201),
                row(n=2, regions="London; " + "R" * 101),
                row(n=3, summary="S" * 301),
                row(n=4),
            ]
        )
        _, err, error = self.run_import(path)
        self.assertIn("3 rows could not be imported", str(error))
        self.assertIn("line 2: organisation is longer than 200 characters", err)
        self.assertIn(
            "line 3: regions term 'RRRRRRRRRRRRRRRRRRRRRRRRRRRRRR…' is longer than 100 characters", err
        )
        self.assertIn("line 4: summary is longer than 300 characters", err)
        self.assertEqual(list(CoachPage.objects.values_list("title", flat=True)), ["Imported Coach 4"])
        self.assertFalse(Region.objects.filter(name__startswith="RRR").exists())

    def test_a_row_without_what_a_profile_needs_is_a_row_error_not_a_crash(self):
        path = self.write_csv([row(n=1, role=""), row(n=2, name="!!!"), row(n=3, biography=" "), row(n=4)])
        _, err, error = self.run_import(path)
        self.assertIn("3 rows could not be imported", str(error))
        self.assertIn("line 2: role is missing", err)
        self.assertIn("line 3: name '!!!' has no letters or digits to make the profile's address from", err)
        self.assertIn("line 4: biography is missing", err)
        self.assertEqual(list(CoachPage.objects.values_list("title", flat=True)), ["Imported Coach 4"])

    def test_blank_rows_are_skipped_silently_and_later_lines_keep_their_numbers(self):
        path = self.write_text(
            "\n".join([",".join(COLUMNS), csv_line(n=1), "", ",,,,,,,,,,,,", csv_line(n=2, email="")]) + "\n"
        )
        out, err, error = self.run_import(path)
        self.assertIn("1 row could not be imported", str(error))
        self.assertEqual(err.strip(), "Skipped line 5: email is missing")
        self.assertIn("created 1 coaches", out)

    def test_the_same_email_twice_keeps_the_first_row_and_names_both_lines(self):
        path = self.write_csv(
            [
                row(n=1, email="Jane.Doe@Example.org", name="First Jane"),
                row(n=2),
                row(n=3, email="jane.doe@example.ORG", name="Second Jane"),
            ]
        )
        _, err, error = self.run_import(path)
        self.assertIn("1 row could not be imported", str(error))
        self.assertIn("line 4: email jane.doe@example.ORG already appears on line 2", err)
        jane = CoachPage.objects.get(title="First Jane")
        self.assertEqual(jane.contact_email, "Jane.Doe@Example.org", "stored as given")
        self.assertFalse(CoachPage.objects.filter(title="Second Jane").exists())


class ReimportOverExistingCoachesTests(ImportFiles, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.directory = make_directory(make_home())

    def coach(self, **fields):
        fields = {"title": "Jane Doe", "contact_email": "jane@example.org", "role": "Director", **fields}
        return make_coach(self.directory, **fields)

    def test_an_email_with_capitals_in_the_site_is_updated_not_duplicated(self):
        coach = self.coach(contact_email="Jane.Doe@Example.org")
        out, err, error = self.run_import(
            self.write_csv([row(name="Jane Doe", email="jane.doe@example.org")])
        )
        self.assertIsNone(error, err)
        self.assertIn("created 0 coaches and published, updated 1", out)
        self.assertEqual(CoachPage.objects.count(), 1)
        coach.refresh_from_db()
        self.assertEqual((coach.role, coach.contact_email), ("Director", "Jane.Doe@Example.org"))
        self.assertEqual(coach.organisation, "Charity 1")

    def test_a_pending_draft_is_never_published_the_changes_become_a_new_draft(self):
        coach = self.coach()
        live_revision, approved_summary = coach.live_revision_id, coach.summary
        draft = CoachPage.objects.get(pk=coach.pk)
        draft.summary = "Unapproved words."
        draft.save_revision()

        out, err, error = self.run_import(
            self.write_csv([row(name="Jane Doe", email="jane@example.org", role="Founder")])
        )
        self.assertIsNone(error, err)
        self.assertIn("updated 0, 1 saved as draft for review", out)
        self.assertIn(
            f"line 2: Jane Doe (page {coach.pk}) saved as draft for review, not published: "
            "a draft of it waits for review.",
            out,
        )
        coach.refresh_from_db()
        self.assertEqual(
            (coach.live_revision_id, coach.summary, coach.role), (live_revision, approved_summary, "Director")
        )
        self.assertTrue(coach.has_unpublished_changes)
        self.assertNotContains(self.client.get(coach.url), "Unapproved words.")
        # The editor finds the import's changes in the newest draft, over the pending one.
        newest = coach.get_latest_revision_as_object()
        self.assertEqual(newest.role, "Founder")

    def test_an_unpublished_coach_stays_unpublished_with_the_changes_as_a_draft(self):
        coach = self.coach()
        coach.unpublish()

        out, err, error = self.run_import(
            self.write_csv([row(name="Jane Doe", email="jane@example.org", role="Founder")])
        )
        self.assertIsNone(error, err)
        self.assertIn("an editor unpublished it", out)
        coach.refresh_from_db()
        self.assertFalse(coach.live)
        self.assertEqual(self.client.get(coach.url).status_code, 404)
        self.assertEqual(coach.get_latest_revision_as_object().role, "Founder")

    def test_a_published_coach_without_drafts_is_still_updated_and_published(self):
        coach = self.coach()
        out, _, _ = self.run_import(
            self.write_csv([row(name="Jane Doe", email="jane@example.org", role="Founder")])
        )
        self.assertIn("updated 1, 0 saved as draft for review", out)
        coach.refresh_from_db()
        self.assertEqual((coach.live, coach.role, coach.has_unpublished_changes), (True, "Founder", False))

    def test_a_dry_run_says_which_coaches_would_become_drafts(self):
        self.coach().unpublish()
        out, _, _ = self.run_import(
            self.write_csv([row(name="Jane Doe", email="jane@example.org")]), "--dry-run"
        )
        self.assertIn("updated 0, 1 saved as draft for review", out)

    def test_an_email_two_coaches_share_is_a_row_error_not_a_guess(self):
        first = self.coach(contact_email="jane@example.org")
        second = self.coach(contact_email="JANE@example.org")
        _, err, error = self.run_import(self.write_csv([row(name="Jane Doe", email="Jane@Example.org")]))
        self.assertIn("1 row could not be imported", str(error))
        self.assertIn(f"belongs to 2 coaches (pages {first.pk}, {second.pk})", err)
