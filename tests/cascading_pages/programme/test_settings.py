"""Each site's programme settings rule its own coaches and expressions of interest, and reading
them costs one query (once per site in a run of the scheduled work)."""

import datetime

from django.core import mail
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Site

from cascading_pages import scheduler
from cascading_pages.coaches.models import CoachAvailability
from cascading_pages.interest.models import Status
from cascading_pages.programme.models import ProgrammeSettings
from tests.factories import (
    make_coach,
    make_directory,
    make_home,
    make_interest_page,
    make_other_site,
    make_programme_settings,
    send_interest,
)

DAY = datetime.timedelta(days=1)


class TwoSitesTestCase(TestCase):
    """The default site, whose editors shortened every wait, and a northern site left as it came."""

    @classmethod
    def setUpTestData(cls):
        cls.home = make_home()
        cls.priya = make_coach(
            make_directory(cls.home), title="Priya Shah", contact_email="priya@example.org"
        )
        cls.form = make_interest_page(cls.home)
        make_programme_settings(remind_after_days=2, days_to_answer=4, profile_lapse_days=5)

        cls.north_home = make_other_site("north.example.org")
        cls.north_site = Site.objects.get(hostname="north.example.org")
        cls.nia = make_coach(
            make_directory(cls.north_home), title="Nia Reid", contact_email="nia@example.org"
        )
        cls.north_form = make_interest_page(cls.north_home)

    def send(self, form, coach, n):
        return send_interest(form, coach, f"192.0.2.{n}", email=f"leader{n}@example.org")

    def reload(self, obj):
        obj.refresh_from_db()
        return obj


class EachSiteItsOwnTests(TwoSitesTestCase):
    def test_a_coach_and_a_form_page_read_their_own_sites_settings(self):
        self.assertEqual(ProgrammeSettings.for_page(self.priya).days_to_answer, 4)
        self.assertEqual(ProgrammeSettings.for_page(self.form).inbox, "programme@example.org")
        north = ProgrammeSettings.for_page(self.nia)
        self.assertEqual((north.site_id, north.days_to_answer), (self.north_site.pk, 10))
        self.assertEqual(ProgrammeSettings.for_page(self.north_form).inbox, "programme@north.example.org")

    def test_each_expression_of_interest_waits_as_long_as_its_site_says(self):
        mail.outbox.clear()
        here = self.send(self.form, self.priya, 1)
        there = self.send(self.north_form, self.nia, 2)
        inboxes = sorted(m.to[0] for m in mail.outbox if m.to[0].startswith("programme@"))
        self.assertEqual(inboxes, ["programme@example.org", "programme@north.example.org"])

        scheduler.run(now=here.asked_at + 2 * DAY)
        self.assertIsNotNone(self.reload(here).reminded_at)
        self.assertIsNone(self.reload(there).reminded_at)

        scheduler.run(now=here.asked_at + 4 * DAY)
        self.assertEqual(self.reload(here).status, Status.NOT_MATCHED)
        self.assertEqual(self.reload(there).status, Status.NEW)
        self.assertIsNone(self.reload(there).reminded_at)

    def test_a_lapsed_profile_is_told_to_its_own_sites_inbox(self):
        prompted = datetime.datetime(2026, 3, 1, 9, tzinfo=datetime.UTC)
        CoachAvailability.objects.update(prompted_at=prompted)
        mail.outbox.clear()

        with self.captureOnCommitCallbacks(execute=True):
            scheduler.run(now=prompted + 6 * DAY)
        self.assertFalse(self.reload(self.priya).accepting_new_leaders)
        self.assertTrue(self.reload(self.nia).accepting_new_leaders)
        (told,) = mail.outbox
        self.assertEqual(told.to, ["programme@example.org"])
        self.assertIn("Priya Shah", told.body)

        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            scheduler.run(now=prompted + 31 * DAY)
        self.assertFalse(self.reload(self.nia).accepting_new_leaders)
        (told,) = mail.outbox
        self.assertEqual(told.to, ["programme@north.example.org"])
        self.assertIn("Nia Reid", told.body)
        self.assertNotIn("Priya Shah", told.body)


class ReadingTests(TwoSitesTestCase):
    def test_a_page_in_no_site_gets_the_defaults_and_reading_never_writes(self):
        rows = ProgrammeSettings.objects.count()
        outside = ProgrammeSettings.for_page(Page.get_first_root_node())
        self.assertIsNone(outside.pk)
        self.assertEqual((outside.days_to_answer, outside.inbox, outside.inbox_addresses), (10, "", []))
        ProgrammeSettings.objects.filter(site=self.north_site).delete()
        north = ProgrammeSettings.for_page(self.nia)
        self.assertEqual((north.pk, north.site_id, north.remind_after_days), (None, self.north_site.pk, 7))
        self.assertEqual(ProgrammeSettings.objects.count(), rows - 1)

    def test_one_query_for_a_page(self):
        ProgrammeSettings.for_page(self.priya)  # Wagtail caches the sites' root paths
        with self.assertNumQueries(1):
            self.assertEqual(ProgrammeSettings.for_page(self.priya).remind_after_days, 2)

    def test_the_scheduled_work_reads_each_sites_settings_once_per_run(self):
        for n, (form, coach) in enumerate([(self.form, self.priya)] * 2 + [(self.north_form, self.nia)]):
            self.send(form, coach, n + 10)
        make_coach(self.nia.get_parent(), title="Noor Ali")
        with CaptureQueriesContext(connection) as queries:
            report = scheduler.run()
        self.assertEqual(report.reminded, [])
        reads = [q["sql"] for q in queries.captured_queries if ProgrammeSettings._meta.db_table in q["sql"]]
        self.assertEqual(len(reads), 2)
