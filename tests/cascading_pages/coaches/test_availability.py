"""Availability leaders can trust: coaches answer, capacity and pauses show everywhere, profiles stay
fresh, and nothing is left hanging. Time moves only when a test passes ``now`` to the scheduler."""

import datetime
import json
import re
import time
from io import StringIO
from itertools import count

from django.core import mail, signing
from django.core.management import call_command
from django.test import Client, TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from cascading_pages import scheduler, signed_links
from cascading_pages.coaches import availability
from cascading_pages.coaches.models import CoachAvailability, CoachPage
from cascading_pages.interest import overview, responses
from cascading_pages.interest.models import Event, ExpressionOfInterest, InterestSender, Status
from cascading_pages.mail.models import OutboxEmail
from tests.cascading_pages.mail.test_outbox import REFUSING
from tests.factories import (
    committed,
    emails_to,
    interest_answers,
    make_coach,
    make_coach_login,
    make_directory,
    make_editor,
    make_home,
    make_interest_page,
    make_programme_settings,
    send_interest,
)

_leaders = count(1)
DAY = datetime.timedelta(days=1)


class AvailabilityTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_home()
        cls.directory = make_directory(cls.home)
        cls.priya = make_coach(cls.directory, title="Priya Shah", contact_email="priya.private@example.org")
        cls.sam = make_coach(cls.directory, title="Sam Jones", contact_email="sam.private@example.org")
        cls.page = make_interest_page(cls.home)
        cls.priya_login = make_coach_login(cls.priya, username="priya", email="priya@example.org")
        cls.sam_login = make_coach_login(cls.sam, username="sam", email="sam@example.org")

    def send(self, coach=None, second=None, **answers):
        """A leader sends the form; returns their stored expression of interest."""
        n = next(_leaders)
        answers = {"leader_name": f"Leader {n}", "email": f"leader{n}@example.org", **answers}
        if second is not None:
            answers["second_choice_coach"] = str(second.pk)
        return send_interest(self.page, coach or self.priya, f"198.51.100.{n % 250}", **answers)

    def run_scheduler(self, now):
        with committed():
            return scheduler.run(now=now)

    def set_capacity(self, coach, capacity):
        availability.update_state(coach, capacity=capacity, paused=False, available_again_on=None)
        coach.refresh_from_db()

    def events(self, submission):
        return list(submission.status_changes.values_list("event", "coach__title"))

    def reload(self, obj):
        obj.refresh_from_db()
        return obj


class CoachAnswersTests(AvailabilityTestCase):
    def test_a_coach_accepts_in_the_admin_and_the_leader_is_told(self):
        submission = self.send(leader_name="Amara Okafor", email="amara@example.org")
        self.client.force_login(self.priya_login)
        listing = self.client.get(reverse("cascading_pages_admin:my_leaders"))
        self.assertContains(listing, "Amara Okafor")
        url = reverse("cascading_pages_admin:respond", args=[submission.pk])
        self.assertContains(self.client.get(url), "amara@example.org")

        mail.outbox.clear()
        with committed():
            response = self.client.post(url, {"decision": "accept", "message": "Looking forward to it!"})
        self.assertRedirects(response, reverse("cascading_pages_admin:my_leaders"))

        submission = self.reload(submission)
        self.assertEqual(submission.status, Status.ACCEPTED)
        self.assertIsNotNone(submission.accepted_at)
        (told,) = emails_to("amara@example.org")
        self.assertIn("Priya Shah has accepted", told.body)
        self.assertIn("Looking forward to it!", told.body)
        self.assertEqual(
            self.events(submission), [(Event.RECEIVED, "Priya Shah"), (Event.ACCEPTED, "Priya Shah")]
        )
        self.assertEqual(submission.status_changes.last().changed_by, self.priya_login)

    def test_declining_passes_the_leader_to_their_second_choice(self):
        submission = self.send(second=self.sam, email="amara@example.org")
        mail.outbox.clear()
        with committed():
            responses.decline(submission, self.priya, message="I am full until spring, sorry.")

        submission = self.reload(submission)
        self.assertEqual((submission.status, submission.current_coach), (Status.NEW, self.sam))
        self.assertIsNotNone(submission.passed_on_at)
        (leader_mail,) = emails_to("amara@example.org")
        self.assertIn("Priya Shah is sorry they cannot take you on", leader_mail.body)
        self.assertIn("I am full until spring, sorry.", leader_mail.body)
        self.assertIn("your second choice, Sam Jones", leader_mail.body)
        (offer,) = emails_to("sam.private@example.org")
        self.assertIn("You were their second choice", offer.body)
        self.assertIn("/coach-response/", offer.body)
        self.assertEqual(
            self.events(submission),
            [(Event.RECEIVED, "Priya Shah"), (Event.DECLINED, "Priya Shah"), (Event.PASSED_ON, "Sam Jones")],
        )

    def test_a_decline_without_a_second_choice_closes_it_and_says_what_to_do_next(self):
        submission = self.send(email="amara@example.org")
        mail.outbox.clear()
        with committed():
            responses.decline(submission, self.priya)
        self.assertEqual(self.reload(submission).status, Status.NOT_MATCHED)
        (leader_mail,) = emails_to("amara@example.org")
        self.assertIn("Choose another coach from the directory", leader_mail.body)
        # The public address from the settings (test settings: the development server), not the Site.
        self.assertIn("http://127.0.0.1:8000" + self.directory.url, leader_mail.body)

    def test_a_second_choice_who_stopped_taking_leaders_is_not_asked(self):
        submission = self.send(second=self.sam, email="amara@example.org")
        availability.update_state(self.sam, capacity=2, paused=True, available_again_on=None)
        mail.outbox.clear()
        with committed():
            responses.decline(submission, self.priya)
        self.assertEqual(self.reload(submission).status, Status.NOT_MATCHED)
        self.assertEqual(emails_to("sam.private@example.org"), [])
        self.assertIn("second choice is not taking new leaders", emails_to("amara@example.org")[0].body)

    def test_a_coach_never_sees_another_coachs_leaders(self):
        mine = self.send(leader_name="Amara Okafor", email="amara@example.org")
        theirs = self.send(self.sam, leader_name="Ben Adeyemi", email="ben@example.org")
        self.client.force_login(self.priya_login)
        listing = self.client.get(reverse("cascading_pages_admin:my_leaders"))
        self.assertContains(listing, "Amara Okafor")
        self.assertNotContains(listing, "Ben Adeyemi")
        self.assertNotContains(listing, "ben@example.org")
        other = reverse("cascading_pages_admin:respond", args=[theirs.pk])
        self.assertEqual(self.client.get(other).status_code, 404)
        self.assertEqual(self.client.post(other, {"decision": "accept"}).status_code, 404)
        self.assertEqual(self.reload(theirs).status, Status.NEW)
        # Only what a coach needs to get in touch: not how the leader pays, nor their second choice.
        page = self.client.get(reverse("cascading_pages_admin:respond", args=[mine.pk])).content.decode()
        self.assertNotIn("organisation will pay", page)
        self.assertNotIn("50,000", page)

    def test_once_passed_on_the_first_coach_no_longer_sees_the_leader(self):
        submission = self.send(second=self.sam, leader_name="Amara Okafor")
        responses.decline(submission, self.priya)
        self.client.force_login(self.priya_login)
        self.assertNotContains(self.client.get(reverse("cascading_pages_admin:my_leaders")), "Amara Okafor")
        url = reverse("cascading_pages_admin:respond", args=[submission.pk])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_anonymising_forgets_the_coachs_message(self):
        from cascading_pages.interest.personal_data import anonymise

        submission = self.send()
        responses.decline(submission, self.priya, message="Dear Leader, I am so sorry")
        anonymise(ExpressionOfInterest.objects.all())
        self.assertEqual(self.reload(submission).coach_message, "")
        self.assertFalse(submission.status_changes.filter(note__contains="so sorry").exists())

    def test_the_coachs_dashboard_says_who_is_waiting(self):
        self.send(leader_name="Amara Okafor")
        self.client.force_login(self.priya_login)
        dashboard = self.client.get(reverse("wagtailadmin_home"))
        self.assertContains(dashboard, "1 leader waiting for your answer")
        self.assertContains(dashboard, reverse("cascading_pages_admin:my_leaders"))

    def test_an_answer_is_given_once(self):
        submission = self.send()
        responses.accept(submission, self.priya)
        with self.assertRaisesMessage(responses.ResponseError, "no longer waiting for your answer"):
            responses.decline(submission, self.priya)
        self.assertEqual(self.reload(submission).status, Status.ACCEPTED)


class OneOpenExpressionOfInterestTests(AvailabilityTestCase):
    """One open expression of interest per leader, without the form telling anyone who has one."""

    def landing(self, client, email, **answers):
        with committed():
            response = client.post(self.page.url, interest_answers(self.sam, email=email, **answers))
        self.assertEqual(response.status_code, 200)
        return response.content.decode().replace(email, "EMAIL")

    def api(self, email):
        body = {**interest_answers(self.sam, email=email), "privacy_consent": True}
        with committed():
            response = self.client.post(
                f"/api/v1/forms/{self.page.pk}/", body, content_type="application/json"
            )
        return response.status_code, sorted(response.json())

    def test_a_second_attempt_gets_the_same_thank_you_and_the_mailbox_owner_learns_where_it_stands(self):
        self.send(email="amara@example.org", leader_name="Amara Okafor")
        mail.outbox.clear()

        already_open = self.landing(self.client, "AMARA@example.org", hopes="Keep my words")
        newcomer = self.landing(Client(REMOTE_ADDR="203.0.113.50"), "bea@example.org", hopes="Keep my words")
        self.assertEqual(already_open, newcomer, "the page must not say whether the address has one open")
        self.assertIn("Thank you, Amara Okafor", already_open)
        self.assertNotIn("still open", already_open)
        self.assertNotIn("Priya Shah", already_open)  # nothing about the first one on the page

        self.assertEqual(ExpressionOfInterest.objects.for_email("amara@example.org").count(), 1)
        (where,) = emails_to("amara@example.org")
        self.assertIn("we are waiting for Priya Shah to answer", where.body)
        self.assertIn("did not send it", where.body)

        self.landing(self.client, "amara@example.org")
        self.assertEqual(len(emails_to("amara@example.org")), 1, "told once, not at every attempt")

    def test_the_json_api_answers_alike_too(self):
        self.send(email="amara@example.org")
        self.assertEqual(self.api("amara@example.org"), self.api("bea@example.org"))
        self.assertEqual(self.api("amara@example.org")[0], 201)
        self.assertEqual(ExpressionOfInterest.objects.for_email("amara@example.org").count(), 1)
        self.assertEqual(ExpressionOfInterest.objects.for_email("bea@example.org").count(), 1)

    @override_settings(CASCADING_INTEREST_RATE_LIMIT=3, CASCADING_INTEREST_RATE_LIMIT_PERIOD=3600)
    def test_asking_about_addresses_counts_against_the_rate_limit_and_keeps_nothing_personal(self):
        leaders = [self.send(email=f"open{n}@example.org") for n in range(4)]
        prober = Client(REMOTE_ADDR="203.0.113.66")
        answers = [
            prober.post(self.page.url, interest_answers(self.sam, email=leader.email)).status_code
            for leader in leaders
        ]
        self.assertEqual(answers, [200, 200, 200, 429])
        self.assertEqual(ExpressionOfInterest.objects.count(), 4, "no attempt was stored")

        # What the limit keeps: keyed hashes and times, nothing to read an address or a leader from.
        kept = json.dumps(list(InterestSender.objects.values()), default=str)
        for personal in ("203.0.113.66", "198.51.100.", "open0@example.org", "Sam Jones"):
            self.assertNotIn(personal, kept)
        prober_row = max(InterestSender.objects.all(), key=lambda row: len(row.sent))
        self.assertRegex(prober_row.fingerprint, r"^[0-9a-f]{64}$")
        for form, at in prober_row.sent:
            self.assertRegex(form, r"^[0-9a-f]{64}$")
            self.assertIsNotNone(datetime.datetime.fromisoformat(at).tzinfo)
        self.assertEqual(len(prober_row.sent), 3)

    def test_once_the_first_is_closed_or_the_rule_is_off_a_leader_can_send_again(self):
        first = self.send(email="amara@example.org")
        first.set_status(Status.COMPLETED)
        self.send(email="amara@example.org")
        make_programme_settings(one_open_per_leader=False)
        self.send(email="amara@example.org")
        self.assertEqual(ExpressionOfInterest.objects.for_email("amara@example.org").count(), 3)


class CapacityTests(AvailabilityTestCase):
    def test_a_coach_at_capacity_shows_as_full_everywhere_until_a_place_frees(self):
        self.set_capacity(self.priya, 1)
        submission = self.send()
        responses.accept(submission, self.priya)
        self.priya.refresh_from_db()

        self.assertFalse(self.priya.is_accepting_new_leaders)
        self.assertNotIn(self.priya, CoachPage.objects.accepting_new_leaders())
        self.assertContains(self.client.get(self.priya.url), "is not taking new leaders at the moment")
        self.assertContains(self.client.get(self.directory.url), "Full: not taking new leaders")
        form = self.client.get(self.page.url).content.decode()
        self.assertNotIn(f'value="{self.priya.pk}"', form)
        self.assertIn(f'value="{self.sam.pk}"', form)
        api = self.client.get(f"/api/v1/pages/{self.priya.pk}/").json()
        self.assertEqual(api["availability"]["value"], "full")
        self.assertFalse(api["accepting_new_leaders"])

        # The programme team marks the coaching completed: the place is free again.
        editor = make_editor()
        self.client.force_login(editor)
        edit = reverse("cascading_pages_expressionofinterest_modeladmin_edit", args=[submission.pk])
        self.client.post(edit, {"status": Status.COMPLETED, "bursary_decision": "", "notes": ""})
        self.assertEqual(self.reload(submission).status, Status.COMPLETED)
        self.assertTrue(self.reload(self.priya).is_accepting_new_leaders)
        self.assertIn(self.priya, CoachPage.objects.accepting_new_leaders())

    def test_the_directory_search_can_filter_on_accepting_new_leaders(self):
        def accepting_named(name):
            return list(CoachPage.objects.live().accepting_new_leaders().search(name))

        self.assertEqual(accepting_named("Priya"), [self.priya])
        self.set_capacity(self.priya, 1)
        responses.accept(self.send(), self.priya)
        self.assertEqual(accepting_named("Priya"), [])
        self.assertEqual(
            list(CoachPage.objects.live().not_accepting_new_leaders().search("Priya")), [self.priya]
        )

    def test_a_coach_cannot_accept_beyond_capacity(self):
        self.set_capacity(self.priya, 1)
        first, second = self.send(), self.send()
        responses.accept(first, self.priya)
        self.client.force_login(self.priya_login)
        url = reverse("cascading_pages_admin:respond", args=[second.pk])
        response = self.client.post(url, {"decision": "accept", "message": ""})
        self.assertContains(response, "as many leaders as your capacity (1)")
        self.assertEqual(self.reload(second).status, Status.NEW)

    def test_raising_capacity_takes_new_leaders_again(self):
        self.set_capacity(self.priya, 1)
        responses.accept(self.send(), self.priya)
        self.assertFalse(self.reload(self.priya).accepting_new_leaders)
        self.client.force_login(self.priya_login)
        response = self.client.post(
            reverse("cascading_pages_admin:my_availability"),
            {"declared": "available", "capacity": "2", "available_again_on": ""},
        )
        self.assertEqual(response.status_code, 302)
        self.assertTrue(self.reload(self.priya).accepting_new_leaders)

    def test_a_coach_who_says_full_leaves_the_directory_at_once_without_waiting_for_approval(self):
        self.client.force_login(self.priya_login)
        screen = self.client.get(reverse("cascading_pages_admin:my_availability"))
        self.assertContains(screen, "Limited availability")
        response = self.client.post(
            reverse("cascading_pages_admin:my_availability"),
            {"declared": "full", "capacity": "2", "available_again_on": ""},
        )
        self.assertRedirects(response, reverse("cascading_pages_admin:my_availability"))
        # No revision waits for an editor: the directory, the form and the API follow now.
        self.assertFalse(self.reload(self.priya).is_accepting_new_leaders)
        self.assertFalse(self.reload(self.priya).has_unpublished_changes)
        self.assertContains(
            self.client.get(reverse("cascading_pages_admin:my_availability")),
            "because you have said you are full",
        )
        self.client.logout()
        self.assertNotIn(self.priya, CoachPage.objects.live().accepting_new_leaders())
        accepting = self.client.get(self.directory.url, {"accepting": "1"}).content.decode()
        self.assertNotIn("Priya Shah", accepting)
        self.assertIn("Sam", accepting)
        self.assertNotIn(f'value="{self.priya.pk}"', self.client.get(self.page.url).content.decode())
        api = self.client.get(f"/api/v1/pages/{self.priya.pk}/").json()
        self.assertEqual(api["availability"]["value"], "full")

        # Back to "limited": taking leaders again, and the card says so.
        self.client.force_login(self.priya_login)
        self.client.post(
            reverse("cascading_pages_admin:my_availability"),
            {"declared": "limited", "capacity": "2", "available_again_on": ""},
        )
        self.client.logout()
        self.assertTrue(self.reload(self.priya).is_accepting_new_leaders)
        self.assertContains(self.client.get(self.directory.url, {"accepting": "1"}), "Limited availability")

    def test_an_unknown_declaration_is_explained_and_nothing_changes(self):
        self.client.force_login(self.priya_login)
        response = self.client.post(
            reverse("cascading_pages_admin:my_availability"),
            {"declared": "sometimes", "capacity": "2", "available_again_on": ""},
        )
        self.assertContains(response, "Select a valid choice.")
        self.assertEqual(CoachAvailability.objects.get(pk=self.priya.pk).declared, "available")

    def test_publishing_or_reverting_a_profile_never_changes_what_the_coach_declared(self):
        # A revision saved while availability was a page field still says "full".
        revision = self.priya.save_revision()
        revision.content["availability"] = "full"
        revision.save(update_fields=["content"])
        availability.update_state(self.priya, declared="limited")
        revision.publish()
        self.assertEqual(CoachAvailability.objects.get(pk=self.priya.pk).declared, "limited")
        self.assertTrue(self.reload(self.priya).is_accepting_new_leaders)

    def test_publishing_an_old_revision_does_not_bring_back_an_old_answer(self):
        self.set_capacity(self.priya, 1)
        responses.accept(self.send(), self.priya)
        self.priya.get_latest_revision().publish()
        self.assertFalse(self.reload(self.priya).accepting_new_leaders)


class PauseTests(AvailabilityTestCase):
    def test_a_paused_coach_shows_when_they_are_back_and_the_pause_lifts_by_itself(self):
        back = timezone.localdate() + datetime.timedelta(days=14)
        self.client.force_login(self.priya_login)
        response = self.client.post(
            reverse("cascading_pages_admin:my_availability"),
            {
                "declared": "available",
                "capacity": "2",
                "paused": "on",
                "available_again_on": back.isoformat(),
            },
        )
        self.assertEqual(response.status_code, 302)
        self.assertFalse(self.reload(self.priya).accepting_new_leaders)
        self.client.logout()
        shown = f'Available again from <time datetime="{back:%Y-%m-%d}">'
        self.assertContains(self.client.get(self.directory.url), shown)
        self.assertContains(self.client.get(self.priya.url), "expects to be again from")

        self.run_scheduler(now=timezone.now() + datetime.timedelta(days=13))
        self.assertFalse(self.reload(self.priya).accepting_new_leaders)
        self.run_scheduler(now=timezone.now() + datetime.timedelta(days=14, hours=1))
        self.assertTrue(self.reload(self.priya).accepting_new_leaders)
        self.assertFalse(CoachAvailability.objects.get(pk=self.priya.pk).paused)

    def test_a_coach_who_comes_back_finds_their_return_date_and_a_resave_keeps_it(self):
        back = timezone.localdate() + datetime.timedelta(days=21)
        url = reverse("cascading_pages_admin:my_availability")
        self.client.force_login(self.priya_login)
        self.client.post(
            url,
            {
                "declared": "available",
                "capacity": "2",
                "paused": "on",
                "available_again_on": back.isoformat(),
            },
        )

        # An <input type="date"> shows only an ISO date; any other format leaves it looking empty.
        shown = date_input_value(self.client.get(url).content.decode(), "available_again_on")
        self.assertEqual(shown, back.isoformat())

        # The coach raises their capacity and saves; the browser sends the date the input holds.
        self.client.post(
            url,
            {
                "declared": "available",
                "capacity": "3",
                "paused": "on",
                "available_again_on": as_a_date_input_sends(shown),
            },
        )
        state = CoachAvailability.objects.get(pk=self.priya.pk)
        self.assertEqual((state.capacity, state.paused, state.available_again_on), (3, True, back))
        self.assertEqual(
            date_input_value(self.client.get(url).content.decode(), "available_again_on"), back.isoformat()
        )

    def test_a_pause_date_must_be_in_the_future(self):
        self.client.force_login(self.priya_login)
        response = self.client.post(
            reverse("cascading_pages_admin:my_availability"),
            {"capacity": "2", "paused": "on", "available_again_on": "2001-01-01"},
        )
        self.assertContains(response, "Choose a date in the future")


def date_input_value(html, name):
    """The value of the date input called ``name`` as the browser is given it ("" when it has none)."""
    (tag,) = re.findall(rf'<input type="date" name="{name}"[^>]*>', html)
    found = re.search(r' value="([^"]*)"', tag)
    return found.group(1) if found else ""


def as_a_date_input_sends(value):
    """What a browser's <input type="date"> sends for ``value``: the value if it is an ISO date, else ""."""
    return value if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else ""


class EditorSetsAvailabilityTests(AvailabilityTestCase):
    """Some coaches never log in: an editor sets their availability, capacity or pause for them."""

    def test_an_editor_pauses_a_coach_and_raises_their_capacity_from_the_profile(self):
        editor = make_editor()
        self.client.force_login(editor)
        edit = self.client.get(reverse("wagtailadmin_pages:edit", args=[self.priya.pk]))
        url = reverse("cascading_pages_admin:coach_availability", args=[self.priya.pk])
        self.assertContains(edit, url)
        screen = self.client.get(url)
        self.assertContains(
            screen, "Priya Shah shows in the directory as <strong>taking new leaders</strong>"
        )
        self.assertContains(screen, "Leaders they can coach at once")

        back = timezone.localdate() + datetime.timedelta(days=30)
        response = self.client.post(
            url,
            {"declared": "limited", "capacity": "4", "paused": "on", "available_again_on": back.isoformat()},
        )
        self.assertRedirects(response, reverse("wagtailadmin_pages:edit", args=[self.priya.pk]))
        state = CoachAvailability.objects.get(pk=self.priya.pk)
        self.assertEqual(
            (state.declared, state.capacity, state.paused, state.available_again_on),
            ("limited", 4, True, back),
        )
        self.assertFalse(self.reload(self.priya).accepting_new_leaders)
        self.client.logout()
        self.assertContains(self.client.get(self.directory.url), f'<time datetime="{back:%Y-%m-%d}">')

        # The coach sees what the editor set.
        self.client.force_login(self.priya_login)
        mine = self.client.get(reverse("cascading_pages_admin:my_availability"))
        self.assertContains(mine, "while you are paused")
        self.assertContains(mine, 'value="4"')
        self.assertContains(mine, 'value="limited" required id="id_declared_1" checked')

    def test_an_editor_finds_the_return_date_they_set_when_they_come_back(self):
        self.client.force_login(make_editor())
        url = reverse("cascading_pages_admin:coach_availability", args=[self.priya.pk])
        back = timezone.localdate() + datetime.timedelta(days=40)
        self.client.post(
            url,
            {
                "declared": "available",
                "capacity": "2",
                "paused": "on",
                "available_again_on": back.isoformat(),
            },
        )
        self.assertEqual(
            date_input_value(self.client.get(url).content.decode(), "available_again_on"), back.isoformat()
        )

    def test_an_editor_marks_a_coach_full_and_they_leave_the_directory_at_once(self):
        self.client.force_login(make_editor())
        url = reverse("cascading_pages_admin:coach_availability", args=[self.priya.pk])
        self.assertContains(self.client.get(url), "Their availability")
        self.client.post(url, {"declared": "full", "capacity": "2", "available_again_on": ""})
        self.assertContains(self.client.get(url), "because they are marked as full")
        self.client.logout()
        self.assertFalse(self.reload(self.priya).is_accepting_new_leaders)
        self.assertNotIn(
            "Priya Shah", self.client.get(self.directory.url, {"accepting": "1"}).content.decode()
        )

    def test_a_bad_capacity_is_explained_and_nothing_changes(self):
        self.client.force_login(make_editor())
        url = reverse("cascading_pages_admin:coach_availability", args=[self.priya.pk])
        response = self.client.post(url, {"capacity": "many", "available_again_on": ""})
        self.assertContains(response, "Enter a whole number.")
        self.assertEqual(CoachAvailability.objects.get(pk=self.priya.pk).capacity, 2)

    def test_a_coach_cannot_set_another_coachs_availability(self):
        self.client.force_login(self.sam_login)
        url = reverse("cascading_pages_admin:coach_availability", args=[self.priya.pk])
        self.client.post(url, {"capacity": "0", "paused": "on", "available_again_on": ""})
        self.assertEqual(CoachAvailability.objects.get(pk=self.priya.pk).capacity, 2)
        self.assertTrue(self.reload(self.priya).accepting_new_leaders)


class EmailLinkTests(AvailabilityTestCase):
    def response_link(self, address="priya.private@example.org"):
        (message,) = [m for m in emails_to(address) if "/coach-response/" in m.body]
        return re.search(r"https?://[^/\s]+(/coach-response/\S+/)", message.body).group(1)

    def test_the_link_in_the_coachs_email_answers_once(self):
        submission = self.send(leader_name="Amara Okafor")
        link = self.response_link()
        # Opening it (or an email scanner fetching it) does nothing by itself.
        self.assertContains(self.client.get(link), "Amara Okafor")
        self.assertContains(self.client.get(link), "Send my answer")
        self.assertEqual(self.reload(submission).status, Status.NEW)

        response = self.client.post(link, {"decision": "accept", "message": "Happy to"})
        self.assertContains(response, "You have accepted Amara Okafor")
        self.assertEqual(self.reload(submission).status, Status.ACCEPTED)

        again = self.client.post(link, {"decision": "decline", "message": ""})
        self.assertContains(again, "This link has already been used.", status_code=400)
        self.assertEqual(self.reload(submission).status, Status.ACCEPTED)

    def test_an_expired_link_is_refused(self):
        submission = self.send()

        class SignedLongAgo(signing.TimestampSigner):
            def timestamp(self):
                return signing.b62_encode(int(time.time()) - 22 * 24 * 60 * 60)

        payload = {"p": signed_links.COACH_RESPONSE, "o": submission.pk, "n": "old-nonce", "x": self.priya.pk}
        token = SignedLongAgo(salt=signed_links.SALT).sign_object(payload, compress=True)
        response = self.client.post(reverse("cascading_coach_response", args=[token]), {"decision": "accept"})
        self.assertContains(response, "This link has expired.", status_code=400)
        self.assertEqual(self.reload(submission).status, Status.NEW)

    def test_a_tampered_link_is_refused(self):
        submission = self.send()
        token = self.response_link().split("/")[2]
        tampered = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
        response = self.client.get(reverse("cascading_coach_response", args=[tampered]))
        self.assertContains(response, "This link is not valid", status_code=400)
        # Another coach's link for the same leader, forged by changing the coach: the signature breaks.
        forged = signing.dumps(
            {"p": signed_links.COACH_RESPONSE, "o": submission.pk, "n": "x", "x": self.sam.pk},
            salt="some other salt",
        )
        response = self.client.post(
            reverse("cascading_coach_response", args=[forged]), {"decision": "accept"}
        )
        self.assertEqual(response.status_code, 400)
        # A profile-check link cannot answer a leader.
        other_purpose = signed_links.make_token(signed_links.PROFILE_CHECK, submission.pk)
        response = self.client.get(reverse("cascading_coach_response", args=[other_purpose]))
        self.assertContains(response, "This link is not valid", status_code=400)
        self.assertEqual(self.reload(submission).status, Status.NEW)

    def test_a_link_at_capacity_is_not_used_up(self):
        self.set_capacity(self.priya, 1)
        first = self.send()
        mail.outbox.clear()
        self.send(leader_name="Amara Okafor")
        link = self.response_link()
        responses.accept(first, self.priya)
        response = self.client.post(link, {"decision": "accept", "message": ""})
        self.assertContains(response, "as many leaders as your capacity")
        response = self.client.post(link, {"decision": "decline", "message": ""})
        self.assertContains(response, "You have declined Amara Okafor")


class SchedulerTests(AvailabilityTestCase):
    def test_one_reminder_then_passed_to_the_second_choice_and_nothing_twice(self):
        submission = self.send(second=self.sam, email="amara@example.org")
        asked = submission.asked_at
        mail.outbox.clear()

        self.run_scheduler(now=asked + 6 * DAY)
        self.assertEqual(mail.outbox, [])

        self.run_scheduler(now=asked + 7 * DAY)
        self.run_scheduler(now=asked + 7 * DAY)
        (reminder,) = mail.outbox
        self.assertEqual(reminder.to, ["priya.private@example.org"])
        self.assertIn("A reminder", reminder.body)
        self.assertIn("/coach-response/", reminder.body)

        mail.outbox.clear()
        self.run_scheduler(now=asked + 10 * DAY)
        self.run_scheduler(now=asked + 10 * DAY)
        submission = self.reload(submission)
        self.assertEqual(submission.current_coach, self.sam)
        self.assertEqual(
            sorted(m.to[0] for m in mail.outbox), ["amara@example.org", "sam.private@example.org"]
        )
        self.assertIn("did not hear back from Priya Shah", emails_to("amara@example.org")[0].body)
        self.assertEqual(
            self.events(submission),
            [
                (Event.RECEIVED, "Priya Shah"),
                (Event.REMINDED, "Priya Shah"),
                (Event.EXPIRED, "Priya Shah"),
                (Event.PASSED_ON, "Sam Jones"),
            ],
        )

        # Sam does not answer either: reminded, then it closes and the leader is told what next.
        mail.outbox.clear()
        for day in (17, 17, 20, 20, 30):
            self.run_scheduler(now=asked + day * DAY)
        self.assertEqual(self.reload(submission).status, Status.NOT_MATCHED)
        self.assertEqual(
            [(m.to[0], "reminder" if "A reminder" in m.body else "closed") for m in mail.outbox],
            [("sam.private@example.org", "reminder"), ("amara@example.org", "closed")],
        )

    def test_a_late_scheduler_still_sends_the_reminder_before_passing_on(self):
        submission = self.send(email="amara@example.org")
        mail.outbox.clear()
        late = submission.asked_at + 12 * DAY
        self.run_scheduler(now=late)
        self.assertEqual(self.reload(submission).status, Status.NEW)
        self.assertEqual([m.to for m in mail.outbox], [["priya.private@example.org"]])
        self.run_scheduler(now=late + DAY)
        self.assertEqual(self.reload(submission).status, Status.NEW)
        self.run_scheduler(now=late + 2 * DAY)
        self.assertEqual(self.reload(submission).status, Status.NOT_MATCHED)

    def test_the_editors_settings_set_the_days(self):
        make_programme_settings(remind_after_days=2, days_to_answer=4)
        submission = self.send()
        self.run_scheduler(now=submission.asked_at + 2 * DAY)
        self.assertIsNotNone(self.reload(submission).reminded_at)
        self.run_scheduler(now=submission.asked_at + 4 * DAY)
        self.assertEqual(self.reload(submission).status, Status.NOT_MATCHED)

    def test_profiles_are_checked_for_freshness_and_lapse_without_a_confirmation(self):
        confirmed = CoachAvailability.objects.get(pk=self.priya.pk).confirmed_at
        self.assertContains(self.client.get(self.priya.url), f'on <time datetime="{confirmed:%Y-%m-%d}">')
        availability.confirm_profile(self.sam, now=confirmed + 200 * DAY)  # Sam is up to date
        mail.outbox.clear()

        with committed():
            call_command(
                "run_scheduled_work", now=(confirmed + 183 * DAY).isoformat(), stdout=open("/dev/null", "w")
            )
            call_command(
                "run_scheduled_work", now=(confirmed + 184 * DAY).isoformat(), stdout=open("/dev/null", "w")
            )
        (prompt,) = mail.outbox
        self.assertEqual(prompt.to, ["priya.private@example.org"])
        self.assertIn("Is it still accurate?", prompt.body)

        mail.outbox.clear()
        self.run_scheduler(now=confirmed + 213 * DAY)
        self.run_scheduler(now=confirmed + 214 * DAY)
        self.assertFalse(self.reload(self.priya).accepting_new_leaders)
        self.assertTrue(self.reload(self.sam).accepting_new_leaders)
        (told,) = mail.outbox
        self.assertEqual(told.to, ["programme@example.org"])
        self.assertIn("Priya Shah", told.body)
        self.assertNotIn("Sam Jones", told.body)

        # The one-click confirm from the email puts her back.
        link = re.search(r"https?://[^/\s]+(/profile-check/\S+/)", prompt.body).group(1)
        self.assertContains(self.client.get(link), "Yes, my profile is still accurate")
        self.assertTrue(
            self.client.get(link).status_code == 200 and not self.reload(self.priya).accepting_new_leaders
        )
        self.assertContains(self.client.post(link), "confirmed as up to date")
        self.assertTrue(self.reload(self.priya).accepting_new_leaders)
        self.assertContains(self.client.post(link), "already been used", status_code=400)

    def test_a_profile_check_the_mail_server_refuses_is_kept_and_never_queued_twice(self):
        confirmed = CoachAvailability.objects.get(pk=self.priya.pk).confirmed_at
        availability.confirm_profile(self.sam, now=confirmed + 200 * DAY)
        mail.outbox.clear()
        with REFUSING, self.assertLogs("cascading_pages.mail", "ERROR"):
            report = self.run_scheduler(now=confirmed + 184 * DAY)
        self.assertEqual(report.profile_checks_sent, [self.priya])
        email = OutboxEmail.objects.get(kind="coaches.profile-check")
        self.assertEqual(
            (email.state, email.about, email.to), ("failed", self.priya, "priya.private@example.org")
        )

        self.run_scheduler(now=confirmed + 185 * DAY)
        self.assertEqual(OutboxEmail.objects.filter(kind="coaches.profile-check").count(), 1)
        call_command("resend_interest_emails", stdout=StringIO())
        (prompt,) = mail.outbox
        self.assertEqual(prompt.to, ["priya.private@example.org"])
        self.assertIn("Is it still accurate?", prompt.body)

    def test_the_command_reports_what_it_did(self):
        submission = self.send()
        output = StringIO()
        call_command("run_scheduled_work", now=(submission.asked_at + 8 * DAY).isoformat(), stdout=output)
        self.assertIn("Coaches reminded: 1", output.getvalue())


class ReportingTests(AvailabilityTestCase):
    def test_the_overview_shows_answers_capacity_and_bursaries(self):
        self.set_capacity(self.priya, 1)
        accepted = self.send(payment="bursary", bursary_turnover_under_150k="on")
        passed = self.send(self.sam, second=self.priya)
        responses.accept(accepted, self.priya)
        responses.decline(passed, self.sam)  # Priya is now full: closed, not passed on
        expired = self.send(self.sam)
        self.run_scheduler(now=expired.asked_at + 8 * DAY)
        self.run_scheduler(now=expired.asked_at + 11 * DAY)
        availability.update_state(self.sam, capacity=2, paused=True, available_again_on=None)

        tables = {table.slug: dict(table.rows) for table in overview.take_up()}
        self.assertEqual(tables["days"]["Median"], 0.0)
        self.assertEqual(tables["outcome"]["Accepted by a coach"], 1)
        self.assertEqual(tables["outcome"]["Declined by a coach"], 1)
        self.assertEqual(tables["outcome"]["Expired: no answer from the coach in time"], 1)
        self.assertEqual(tables["outcome"]["Closed: no chosen coach could take it on"], 2)
        self.assertEqual(tables["accepted"]["Priya Shah (asked 1)"], 100)
        self.assertEqual(tables["declined"]["Sam Jones (asked 2)"], 50)
        self.assertEqual(tables["capacity"], {"Priya Shah: at capacity (1)": 1, "Sam Jones: paused": 0})
        criterion = "My organisation’s annual turnover is less than £150,000: requested"
        self.assertEqual(tables["criterion"][criterion], 1)
        self.assertEqual(passed.emails.filter(kind="interest.not-matched.leader").count(), 1)
