"""What a leader sends is kept only as long as needed, can be handed back or erased, and never shows in public."""

import json
from datetime import timedelta
from io import StringIO

from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings
from django.utils import timezone
from wagtail.models import Page

from cascading_pages.interest.models import ExpressionOfInterest, ExpressionOfInterestStatusChange
from cascading_pages.mail.models import OutboxEmail
from tests.factories import interest_answers, make_coach, make_directory, make_home, make_interest_page


class PersonalDataTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_home()
        cls.directory = make_directory(cls.home)
        cls.coach = make_coach(cls.directory, title="Priya Shah", regions=["North East"])
        cls.page = make_interest_page(
            cls.home,
            extra_questions=[{"label": "Anything else?", "field_type": "multiline", "required": False}],
        )

    def send(self, **answers):
        answers.setdefault("anything_else", "My personal story")
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(self.page.url, interest_answers(self.coach, **answers))
        return ExpressionOfInterest.objects.order_by("pk").last()

    def age(self, submission, days):
        ExpressionOfInterest.objects.filter(pk=submission.pk).update(
            submit_time=timezone.now() - timedelta(days=days)
        )


class RetentionTests(PersonalDataTestCase):
    @override_settings(CASCADING_INTEREST_RETENTION_DAYS=365)
    def test_submissions_older_than_the_retention_period_are_anonymised_and_still_counted(self):
        old = self.send(
            leader_name="Old Leader",
            email="old@example.org",
            payment="bursary",
            bursary_no_previous_support="on",
        )
        old.set_status("coaching-started", note="Spoke to Old Leader")
        old.notes = "Old Leader's phone is 0123"
        old.save()
        recent = self.send(leader_name="Recent Leader", email="recent@example.org")
        self.age(old, 400)
        self.age(recent, 30)

        output = StringIO()
        call_command("anonymise_expressions_of_interest", stdout=output)
        self.assertIn("Anonymised 1 expression(s) of interest older than 365 days", output.getvalue())

        old.refresh_from_db()
        self.assertIsNotNone(old.anonymised_at)
        held = json.dumps(
            [old.form_data, old.leader_name, old.email, old.organisation, old.notes]
            + list(old.status_changes.values_list("note", flat=True))
        )
        for personal in (
            "Old Leader",
            "old@example.org",
            "Riverside",
            "0123",
            "My personal story",
            "020 7946",
        ):
            self.assertNotIn(personal, held)
        # The emails about it, whose text held her details, are gone with them.
        self.assertEqual(old.emails.count(), 0)
        self.assertFalse(OutboxEmail.objects.filter(body__contains="Old Leader").exists())
        self.assertTrue(OutboxEmail.objects.filter(body__contains="Recent Leader").exists())
        # What the overview counts is kept.
        self.assertEqual(
            (old.coach, old.status, old.bursary_requested), (self.coach, "coaching-started", True)
        )
        self.assertEqual(old.form_data["income_band"], "50k-150k")

        recent.refresh_from_db()
        self.assertEqual(recent.leader_name, "Recent Leader")
        self.assertIsNone(recent.anonymised_at)

        again = StringIO()
        call_command("anonymise_expressions_of_interest", stdout=again)
        self.assertIn("Anonymised 0", again.getvalue())

    def test_a_host_that_never_set_a_retention_period_keeps_submissions_for_two_years(self):
        two_years_old = self.send(leader_name="Two Years", email="two@example.org")
        nearly_two_years_old = self.send(leader_name="Nearly Two", email="nearly@example.org")
        self.age(two_years_old, 731)
        self.age(nearly_two_years_old, 700)
        output = StringIO()
        with override_settings():
            del settings.CASCADING_INTEREST_RETENTION_DAYS
            call_command("anonymise_expressions_of_interest", stdout=output)
        self.assertIn("Anonymised 1 expression(s) of interest older than 730 days", output.getvalue())
        kept = ExpressionOfInterest.objects.filter(anonymised_at__isnull=True)
        self.assertEqual([submission.leader_name for submission in kept], ["Nearly Two"])

    def test_a_dry_run_changes_nothing_and_a_nonsense_period_is_refused(self):
        self.age(self.send(), 10)
        output = StringIO()
        call_command("anonymise_expressions_of_interest", "--days", "5", "--dry-run", stdout=output)
        self.assertIn("1 expression(s) of interest older than 5 days would be anonymised", output.getvalue())
        self.assertEqual(ExpressionOfInterest.objects.filter(anonymised_at__isnull=True).count(), 1)
        with self.assertRaises(CommandError):
            call_command("anonymise_expressions_of_interest", "--days", "0")


class DataRequestTests(PersonalDataTestCase):
    def test_a_leader_can_have_everything_held_about_them_exported(self):
        self.send(leader_name="Amara Okafor", email="Amara@Example.org")
        self.send(leader_name="Someone Else", email="else@example.org")
        output = StringIO()
        call_command("leader_personal_data", "export", "amara@example.org", stdout=output)
        exported = json.loads(output.getvalue())
        self.assertEqual(len(exported["expressions_of_interest"]), 1)
        entry = exported["expressions_of_interest"][0]
        self.assertEqual(entry["answers"]["leader_name"], "Amara Okafor")
        self.assertEqual(entry["answers"]["anything_else"], "My personal story")
        self.assertEqual(entry["status_history"][0]["status"], "New")
        self.assertEqual(
            sorted((email["about"], email["state"]) for email in entry["emails"]),
            [
                ("Coach: Received", "Sent"),
                ("Leader (confirmation): Received", "Sent"),
                ("Programme inbox: Received", "Sent"),
            ],
        )
        self.assertNotIn("Someone Else", output.getvalue())

    def test_a_leader_can_have_everything_held_about_them_erased(self):
        self.send(email="amara@example.org")
        # Her first coaching finished; she came back for more.
        ExpressionOfInterest.objects.update(status="completed")
        self.send(email="amara@example.org", leader_name="Amara again")
        self.send(email="else@example.org")
        with self.assertRaises(CommandError):
            call_command("leader_personal_data", "erase", "amara@example.org")
        self.assertEqual(ExpressionOfInterest.objects.count(), 3)

        output = StringIO()
        call_command("leader_personal_data", "erase", "AMARA@example.org", "--yes", stdout=output)
        self.assertIn("Erased 2", output.getvalue())
        self.assertFalse(ExpressionOfInterest.objects.for_email("amara@example.org").exists())
        self.assertFalse(OutboxEmail.objects.filter(to="amara@example.org").exists())
        self.assertFalse(OutboxEmail.objects.filter(body__contains="amara@example.org").exists())
        self.assertTrue(OutboxEmail.objects.filter(to="else@example.org").exists())
        self.assertEqual(ExpressionOfInterestStatusChange.objects.count(), 1)
        self.assertEqual(ExpressionOfInterest.objects.get().email, "else@example.org")

    def test_a_request_needs_a_real_email_address(self):
        with self.assertRaises(CommandError):
            call_command("leader_personal_data", "export", "not an address")


class NeverPublicTests(PersonalDataTestCase):
    def test_a_leaders_answers_never_appear_on_a_public_page_or_in_the_api(self):
        self.send(
            leader_name="Zebedee Quarrington",
            email="zebedee.q@example.org",
            organisation="Quarrington Trust",
            hopes="Secret hopes of Zebedee",
            anything_else="Private aside",
            phone="07700 900123",
        )
        self.assertEqual(ExpressionOfInterest.objects.count(), 1)
        self.client.logout()
        urls = [page.url for page in Page.objects.live().exclude(depth=1).specific()]
        urls += [
            f"{self.page.url}?coach={self.coach.pk}",
            "/api/v1/openapi.json",
            f"/api/v1/forms/{self.page.pk}/",
        ]
        urls += ["/search/?q=Zebedee"]
        secrets = (
            "Zebedee",
            "zebedee.q@example.org",
            "Quarrington",
            "Secret hopes",
            "Private aside",
            "07700 900123",
        )
        for url in urls:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertLess(response.status_code, 500)
                text = response.content.decode()
                for secret in secrets:
                    self.assertNotIn(secret, text)

        # Searching the directory for the leader's organisation finds no one (the page repeats
        # the words searched for, and nothing else of the leader's).
        response = self.client.get("/coaches/", {"q": "Quarrington"})
        self.assertEqual(response.context["results"].count, 0)
        text = response.content.decode()
        for secret in secrets:
            if secret != "Quarrington":
                self.assertNotIn(secret, text)


class ResendCommandTests(PersonalDataTestCase):
    def test_the_command_sends_what_failed_and_leaves_what_was_sent(self):
        from django.core import mail

        submission = self.send()
        submission.emails.filter(kind="interest.received.coach").update(state="failed", last_error="boom")
        mail.outbox.clear()
        output = StringIO()
        call_command("resend_interest_emails", stdout=output)
        self.assertIn("Tried 1 email(s) not sent yet; 0 still failed.", output.getvalue())
        self.assertEqual([message.to for message in mail.outbox], [[self.coach.contact_email]])
        self.assertEqual(set(submission.emails.values_list("state", flat=True)), {"sent"})
