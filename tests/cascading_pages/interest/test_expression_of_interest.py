"""A leader registers interest in working with a coach, and nothing they send is ever lost."""

import io
import re
import socket

from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.test import Client, TestCase, override_settings
from wagtail.models import PageViewRestriction

from cascading_pages.coaches import availability
from cascading_pages.interest.eligibility import NO_BURSARY_CRITERION_MET, OVER_INCOME_LIMIT
from cascading_pages.interest.models import ExpressionOfInterest
from cascading_pages.mail.models import OutboxEmail
from tests.factories import (
    emails_to,
    interest_answers,
    make_coach,
    make_directory,
    make_home,
    make_interest_page,
)


def closed_port():
    """A local port nothing listens on: an SMTP server there refuses every connection."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def token_from(response):
    match = re.search(r'name="submission_token" value="([0-9a-f-]+)"', response.content.decode())
    return match.group(1)


class InterestFormTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_home()
        cls.directory = make_directory(cls.home)
        cls.coach = make_coach(cls.directory, title="Priya Shah", contact_email="priya.private@example.org")
        cls.other_coach = make_coach(cls.directory, title="Tom Evans", availability="limited")
        cls.full_coach = make_coach(cls.directory, title="Ruth Full", availability="full")
        cls.draft_coach = make_coach(cls.directory, title="Dana Draft", live=False)
        cls.page = make_interest_page(
            cls.home,
            extra_questions=[
                {"label": "How did you hear about us?", "field_type": "multiline", "required": False},
            ],
        )

    def post(self, client=None, **overrides):
        """A leader sends the form; its emails go once the submission is committed."""
        with self.captureOnCommitCallbacks(execute=True):
            return (client or self.client).post(self.page.url, interest_answers(self.coach, **overrides))


class ChoosingACoachTests(InterestFormTestCase):
    def test_a_coach_profile_links_to_the_form_with_that_coach_chosen(self):
        profile = self.client.get(self.coach.url)
        link = f'href="{self.page.url}?coach={self.coach.pk}"'
        self.assertContains(profile, link)
        self.assertContains(profile, "Register your interest in working with Priya Shah")

        form = self.client.get(f"{self.page.url}?coach={self.coach.pk}")
        self.assertContains(form, f'<option value="{self.coach.pk}" selected>Priya Shah</option>', html=True)

    def test_a_full_coach_says_they_are_not_taking_new_leaders_instead_of_linking(self):
        profile = self.client.get(self.full_coach.url)
        self.assertContains(profile, "Ruth Full is not taking new leaders at the moment")
        self.assertNotContains(profile, "Register your interest in working with")

    def test_only_live_public_coaches_who_are_not_full_are_offered(self):
        private = make_coach(self.directory, title="Pat Private")
        PageViewRestriction.objects.create(page=private, restriction_type="login")
        form = self.client.get(self.page.url)
        self.assertContains(form, "Priya Shah")
        self.assertContains(form, "Tom Evans")
        for hidden in ("Ruth Full", "Dana Draft", "Pat Private"):
            self.assertNotContains(form, hidden)

    def test_a_preselection_that_is_not_offered_is_ignored_not_an_error(self):
        for value in (str(self.full_coach.pk), str(self.draft_coach.pk), "999999", "abc", "9" * 40):
            with self.subTest(coach=value):
                response = self.client.get(self.page.url, {"coach": value})
                self.assertEqual(response.status_code, 200)
                self.assertNotRegex(response.content.decode(), r'value="\d+" selected')


class SendingTheFormTests(InterestFormTestCase):
    def test_a_leader_sends_the_form_and_is_told_what_happens_next_and_when(self):
        response = self.post(hopes="Confidence with my board.")
        self.assertContains(response, "Thank you, Amara Okafor")
        self.assertContains(response, "What happens next")
        self.assertContains(response, "within 10 working days")

        submission = ExpressionOfInterest.objects.get()
        self.assertEqual(submission.page_id, self.page.pk)
        self.assertEqual(submission.coach, self.coach)
        self.assertEqual(submission.coach_name, "Priya Shah")
        self.assertEqual(submission.email, "amara@example.org")
        self.assertEqual(submission.status, "new")
        self.assertFalse(submission.bursary_requested)
        self.assertEqual(submission.form_data["hopes"], "Confidence with my board.")
        self.assertEqual([change.status for change in submission.status_changes.all()], ["new"])

    def test_the_programme_inbox_the_coach_and_the_leader_each_get_one_email(self):
        self.post()
        recipients = sorted(address for message in mail.outbox for address in message.to)
        self.assertEqual(
            recipients, ["amara@example.org", "priya.private@example.org", "programme@example.org"]
        )
        by_recipient = {message.to[0]: message for message in mail.outbox}
        self.assertIn(
            "Amara Okafor would like to work with you", by_recipient["priya.private@example.org"].body
        )
        self.assertIn("within 10 working days", by_recipient["amara@example.org"].body)
        self.assertIn("Riverside Wellbeing", by_recipient["programme@example.org"].body)
        self.assertEqual(by_recipient["priya.private@example.org"].reply_to, ["amara@example.org"])
        self.assertEqual(set(OutboxEmail.objects.values_list("state", flat=True)), {"sent"})

    def test_an_editors_extra_question_is_asked_and_its_answer_kept(self):
        form = self.client.get(self.page.url)
        self.assertContains(form, "How did you hear about us?")
        self.post(how_did_you_hear_about_us="A funder told me.")
        submission = ExpressionOfInterest.objects.get()
        self.assertEqual(submission.form_data["how_did_you_hear_about_us"], "A funder told me.")

    def test_a_host_that_never_said_where_its_admin_is_still_takes_the_form_and_leaves_admin_links_out(self):
        with override_settings():
            del settings.WAGTAILADMIN_BASE_URL
            del settings.CASCADING_PUBLIC_URL
            response = self.post()
        self.assertContains(response, "Thank you, Amara Okafor")
        self.assertEqual(ExpressionOfInterest.objects.count(), 1)
        by_recipient = {message.to[0]: message.body for message in mail.outbox}
        self.assertEqual(len(by_recipient), 3)
        self.assertIn("Riverside Wellbeing", by_recipient["programme@example.org"])
        self.assertNotIn(
            "See and follow up this expression of interest", by_recipient["programme@example.org"]
        )
        for body in by_recipient.values():
            self.assertNotIn("/admin/", body)

        self.post(email="second@example.org")
        programme = emails_to("programme@example.org")[-1].body
        self.assertIn(
            "See and follow up this expression of interest: http://127.0.0.1:8000/admin/", programme
        )

    def test_a_second_choice_is_kept_and_must_differ_from_the_first(self):
        response = self.post(second_choice_coach=str(self.coach.pk))
        self.assertContains(response, "Choose a different coach for your second choice")
        self.post(second_choice_coach=str(self.other_coach.pk))
        self.assertEqual(ExpressionOfInterest.objects.get().second_choice_coach, self.other_coach)


class MistakesTests(InterestFormTestCase):
    def test_errors_are_summarised_at_the_top_linked_to_fields_and_keep_what_was_typed(self):
        response = self.post(email="not-an-email", income_band=None, hopes="My own words")
        self.assertEqual(ExpressionOfInterest.objects.count(), 0)
        html = response.content.decode()
        self.assertIn("There is a problem", html)
        self.assertIn('<a href="#id_email">Enter an email address like name@example.org.</a>', html)
        self.assertIn('<a href="#id_income_band_0">Choose your organisation’s annual income.</a>', html)
        self.assertRegex(
            html, r'<input type="email" name="email" value="not-an-email"[^>]*aria-invalid="true"'
        )
        self.assertRegex(html, r'aria-describedby="id_email_helptext id_email_error"')
        self.assertIn('id="id_email_error"', html)
        self.assertRegex(
            html, r'<fieldset[^>]*id="id_income_band"[^>]*aria-describedby="id_income_band_error"'
        )
        self.assertIn("My own words</textarea>", html)
        self.assertIn('value="Amara Okafor"', html)
        self.assertIn("<title>Error: ", html)

    def test_an_organisation_with_500k_or_more_gets_a_kind_explanation(self):
        response = self.post(income_band="500k-plus")
        self.assertContains(response, OVER_INCOME_LIMIT)
        self.assertEqual(ExpressionOfInterest.objects.count(), 0)

    def test_a_bursary_request_meeting_no_criterion_is_told_so_and_can_go_on_self_funded(self):
        response = self.post(payment="bursary")
        self.assertContains(response, NO_BURSARY_CRITERION_MET)
        self.assertEqual(ExpressionOfInterest.objects.count(), 0)
        token = token_from(response)
        self.post(payment="organisation", submission_token=token)
        self.assertFalse(ExpressionOfInterest.objects.get().bursary_requested)

    def test_a_bursary_request_meeting_a_criterion_is_stored_as_one(self):
        self.post(payment="bursary", bursary_no_previous_support="on")
        submission = ExpressionOfInterest.objects.get()
        self.assertTrue(submission.bursary_requested)
        self.assertTrue(submission.form_data["bursary_no_previous_support"])
        self.assertIn("You asked for a bursary", mail.outbox[-1].body)

    def test_a_coach_who_is_full_unpublished_or_unknown_is_refused_clearly(self):
        cases = {
            str(self.full_coach.pk): "Ruth Full is not taking new leaders at the moment",
            str(self.draft_coach.pk): "That coach is not in the directory at the moment",
            "999999": "That coach is not in the directory at the moment",
            "1; DROP TABLE": "That coach is not in the directory at the moment",
            "9" * 40: "That coach is not in the directory at the moment",
        }
        for value, message in cases.items():
            with self.subTest(coach=value):
                response = self.post(first_choice_coach=value)
                self.assertContains(response, message)
        self.assertEqual(ExpressionOfInterest.objects.count(), 0)

    def test_a_coach_who_becomes_full_after_the_form_was_opened_is_refused(self):
        response = self.client.get(self.page.url)
        availability.update_state(self.coach, declared="full")
        response = self.post(submission_token=token_from(response))
        self.assertContains(response, "Priya Shah is not taking new leaders at the moment")
        self.assertEqual(ExpressionOfInterest.objects.count(), 0)

    def test_every_field_has_a_length_limit(self):
        too_long = {
            "leader_name": "x" * 121,
            "role": "x" * 121,
            "organisation": "x" * 201,
            "phone": "1" * 31,
            "hopes": "x" * 2001,
            "how_did_you_hear_about_us": "x" * 2001,
        }
        for field, value in too_long.items():
            with self.subTest(field=field):
                response = self.post(**{field: value})
                self.assertContains(response, "Ensure this value has at most")
        self.assertContains(self.post(email="a" * 250 + "@example.org"), "Ensure this value has at most")
        self.assertEqual(ExpressionOfInterest.objects.count(), 0)

    def test_consent_to_the_privacy_notice_is_required(self):
        response = self.post(privacy_consent=None)
        self.assertContains(response, "Tick the box to agree to the privacy notice")
        self.assertEqual(ExpressionOfInterest.objects.count(), 0)


class AbuseTests(InterestFormTestCase):
    def test_the_form_needs_a_csrf_token(self):
        client = Client(enforce_csrf_checks=True)
        self.assertEqual(self.post(client).status_code, 403)
        form = client.get(self.page.url)
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.content.decode()).group(1)
        response = client.post(self.page.url, {**interest_answers(self.coach), "csrfmiddlewaretoken": csrf})
        self.assertContains(response, "Thank you")
        self.assertEqual(ExpressionOfInterest.objects.count(), 1)

    def test_a_bot_filling_the_honeypot_is_thanked_but_nothing_is_stored_or_sent(self):
        form = self.client.get(self.page.url)
        self.assertContains(form, '<div class="honeypot" aria-hidden="true">')
        response = self.post(website="http://spam.example")
        self.assertContains(response, "Thank you")
        self.assertEqual(ExpressionOfInterest.objects.count(), 0)
        self.assertEqual(mail.outbox, [])

    def test_the_same_form_sent_twice_is_stored_once_and_emailed_once(self):
        token = token_from(self.client.get(self.page.url))
        first = self.post(submission_token=token)
        second = self.post(submission_token=token)
        self.assertContains(first, "Thank you, Amara Okafor")
        self.assertContains(second, "Thank you, Amara Okafor")
        self.assertEqual(ExpressionOfInterest.objects.count(), 1)
        self.assertEqual(len(mail.outbox), 3)

    def test_one_token_sent_by_two_leaders_keeps_both_and_shows_each_only_their_own(self):
        # A shared cache could serve one copy of the form, with its token, to two leaders.
        token = token_from(self.client.get(self.page.url))
        self.post(submission_token=token)
        second = self.post(submission_token=token, leader_name="Bea Jones", email="bea@example.org")
        self.assertContains(second, "Thank you, Bea Jones")
        self.assertNotContains(second, "Amara")
        self.assertNotContains(second, "amara@example.org")
        self.assertEqual(ExpressionOfInterest.objects.count(), 2)

    @override_settings(CASCADING_INTEREST_RATE_LIMIT=2, CASCADING_INTEREST_RATE_LIMIT_PERIOD=3600)
    def test_one_address_sending_too_many_is_told_clearly_and_keeps_its_answers(self):
        self.post(email="one@example.org")
        self.post(email="two@example.org")
        response = self.post(email="three@example.org", hopes="Please keep this")
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "cannot accept another one just now", status_code=429)
        self.assertContains(response, "Your answers are still here", status_code=429)
        self.assertContains(response, 'value="three@example.org"', status_code=429)
        self.assertContains(response, "Please keep this</textarea>", status_code=429)
        self.assertEqual(ExpressionOfInterest.objects.count(), 2)

        elsewhere = Client(REMOTE_ADDR="203.0.113.9")
        self.assertContains(self.post(elsewhere, email="four@example.org"), "Thank you")
        self.assertEqual(ExpressionOfInterest.objects.count(), 3)


class MailFailureTests(InterestFormTestCase):
    def test_when_mail_cannot_be_sent_the_submission_is_kept_and_the_failure_recorded(self):
        smtp = {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": closed_port(),
            "EMAIL_TIMEOUT": 5,
        }
        with override_settings(**smtp), self.assertLogs("cascading_pages.mail", "ERROR") as logs:
            response = self.post()
        self.assertContains(response, "Thank you, Amara Okafor")
        submission = ExpressionOfInterest.objects.get()
        self.assertEqual(submission.status_changes.count(), 1)
        emails = submission.emails.all()
        self.assertEqual(len(emails), 3)
        for email in emails:
            self.assertEqual(email.state, "failed")
            self.assertEqual(email.attempts, 1)
            self.assertIn("ConnectionRefusedError", email.last_error)
        self.assertTrue(submission.has_email_problems)
        self.assertEqual(len(logs.records), 3)
        for record in logs.records:
            self.assertNotIn("/coach-response/", record.getMessage())

        # Mail works again: re-sending delivers each email once.
        call_command("resend_interest_emails", stdout=io.StringIO())
        self.assertEqual(len(mail.outbox), 3)
        self.assertEqual(set(submission.emails.values_list("state", flat=True)), {"sent"})
        self.assertFalse(submission.has_email_problems)
        call_command("resend_interest_emails", stdout=io.StringIO())
        self.assertEqual(len(mail.outbox), 3)


class BeforeAndWhileFillingInTests(TestCase):
    """What a leader reads before the questions, and how optional and bursary questions behave."""

    @classmethod
    def setUpTestData(cls):
        home = make_home()
        cls.coach = make_coach(make_directory(home), title="Priya Shah")
        cls.page = make_interest_page(
            home,
            extra_questions=[
                {
                    "label": "How did you hear about Cascading Leadership?",
                    "field_type": "dropdown",
                    "choices": "A funder\nA colleague\nSocial media",
                    "required": False,
                },
                {
                    "label": "Which region are you in?",
                    "field_type": "dropdown",
                    "choices": "North\nSouth",
                    "required": True,
                },
            ],
        )

    def post(self, **overrides):
        answers = interest_answers(self.coach, which_region_are_you_in="North", **overrides)
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(self.page.url, answers)

    def test_the_income_limit_and_who_can_apply_are_stated_before_the_first_question(self):
        html = self.client.get(self.page.url).content.decode()
        self.assertIn("Who can apply", html)
        self.assertIn("annual income of less than £500,000", html)
        self.assertIn(
            "bursaries are available to organisations with an annual turnover of less than £150,000", html
        )
        self.assertLess(html.index("less than £500,000"), html.index('name="leader_name"'))

    def test_an_editor_rewords_who_can_apply_and_the_form_says_it_their_way(self):
        self.page.who_can_apply = "<p>Open to leaders of small charities in Kent.</p>"
        self.page.save_revision().publish()
        response = self.client.get(self.page.url)
        self.assertContains(response, "Open to leaders of small charities in Kent.")
        self.assertNotContains(response, "less than £500,000")

    def test_an_optional_drop_down_starts_blank_and_a_skipped_one_is_stored_blank(self):
        html = self.client.get(self.page.url).content.decode()
        select = re.search(
            r'<select name="how_did_you_hear_about_cascading_leadership".*?</select>', html, re.S
        )
        options = re.findall(r'<option value="([^"]*)"', select.group(0))
        self.assertEqual(options, ["", "A funder", "A colleague", "Social media"])
        self.post(how_did_you_hear_about_cascading_leadership="")
        submission = ExpressionOfInterest.objects.get()
        self.assertEqual(submission.form_data["how_did_you_hear_about_cascading_leadership"], "")

    def test_an_optional_drop_down_answered_is_kept(self):
        self.post(how_did_you_hear_about_cascading_leadership="Social media")
        submission = ExpressionOfInterest.objects.get()
        self.assertEqual(submission.form_data["how_did_you_hear_about_cascading_leadership"], "Social media")

    def test_a_required_drop_down_keeps_no_blank_choice(self):
        html = self.client.get(self.page.url).content.decode()
        select = re.search(r'<select name="which_region_are_you_in".*?</select>', html, re.S)
        self.assertEqual(re.findall(r'<option value="([^"]*)"', select.group(0)), ["North", "South"])

    def test_bursary_answers_sent_without_asking_for_a_bursary_are_not_kept(self):
        self.post(payment="organisation", bursary_under_represented="on", bursary_no_previous_support="on")
        submission = ExpressionOfInterest.objects.get()
        self.assertFalse(submission.bursary_requested)
        self.assertFalse(submission.form_data["bursary_under_represented"])
        self.assertFalse(submission.form_data["bursary_no_previous_support"])

    def test_asking_for_a_bursary_needs_an_answer_to_the_bursary_questions(self):
        response = self.post(payment="bursary")
        self.assertContains(response, NO_BURSARY_CRITERION_MET)
        self.assertFalse(ExpressionOfInterest.objects.exists())
