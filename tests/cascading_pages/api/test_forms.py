"""A decoupled front end describes the form and sends answers as JSON, under the same rules."""

import json

from django.core import mail
from django.test import TestCase, override_settings

from cascading_pages.eligibility import OVER_INCOME_LIMIT
from cascading_pages.models import ExpressionOfInterest
from tests.factories import make_coach, make_directory, make_home, make_interest_page, make_standard_page


def answers(coach, **overrides):
    body = {
        "leader_name": "Amara Okafor",
        "email": "amara@example.org",
        "role": "Chief executive",
        "organisation": "Riverside Wellbeing",
        "income_band": "50k-150k",
        "first_choice_coach": coach.pk,
        "hopes": "To think more strategically.",
        "payment": "organisation",
        "privacy_consent": True,
    }
    body.update(overrides)
    return body


class InterestApiTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_home()
        directory = make_directory(cls.home)
        cls.coach = make_coach(directory, title="Priya Shah", contact_email="priya.private@example.org")
        cls.full = make_coach(directory, title="Ruth Full", availability="full")
        cls.privacy = make_standard_page(cls.home, title="Privacy notice", slug="privacy-notice")
        cls.page = make_interest_page(
            cls.home,
            privacy_notice=cls.privacy,
            extra_questions=[
                {"label": "Sector", "field_type": "dropdown", "choices": "Health\nCare", "required": True},
            ],
        )
        cls.url = f"/api/v1/forms/{cls.page.pk}/"

    def post_json(self, body, **extra):
        payload = body if isinstance(body, (str, bytes)) else json.dumps(body)
        return self.client.post(
            self.url, payload, content_type=extra.pop("content_type", "application/json"), **extra
        )


class DescribingTheFormTests(InterestApiTestCase):
    def test_it_describes_every_question_with_type_choices_and_rules(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        description = response.json()
        fields = {field["name"]: field for field in description["fields"]}
        self.assertEqual(description["privacy_notice_url"], self.privacy.url)
        self.assertTrue(description["submission_token"])
        self.assertNotIn("website", fields)
        self.assertNotIn("submission_token", fields)

        self.assertEqual(fields["leader_name"]["label"], "Your name")
        self.assertEqual(fields["leader_name"]["max_length"], 120)
        self.assertTrue(fields["leader_name"]["required"])
        self.assertFalse(fields["phone"]["required"])
        self.assertEqual(fields["email"]["type"], "email")
        self.assertEqual(fields["hopes"]["type"], "multiline")
        self.assertEqual(fields["privacy_consent"]["type"], "checkbox")
        self.assertEqual(fields["income_band"]["type"], "radio")
        self.assertIn(
            {"value": "500k-plus", "label": "£500,000 or more", "url": None}, fields["income_band"]["choices"]
        )
        self.assertEqual(
            fields["first_choice_coach"]["choices"],
            [{"value": str(self.coach.pk), "label": "Priya Shah", "url": self.coach.url}],
        )
        self.assertEqual(
            fields["first_choice_coach"]["help_text"], "Only coaches who are taking new leaders are listed."
        )
        self.assertEqual(fields["sector"]["type"], "dropdown")
        self.assertEqual([c["value"] for c in fields["sector"]["choices"]], ["Health", "Care"])
        self.assertEqual(list(fields)[-1], "privacy_consent")

    def test_no_private_coach_details_are_described(self):
        text = self.client.get(self.url).content.decode()
        self.assertNotIn("priya.private@example.org", text)
        self.assertNotIn("Ruth Full", text)

    def test_a_page_that_is_not_a_live_form_is_a_json_404(self):
        for page_id in (self.privacy.pk, self.coach.pk, 999999):
            with self.subTest(page_id=page_id):
                response = self.client.get(f"/api/v1/forms/{page_id}/")
                self.assertEqual(response.status_code, 404)
                self.assertIn("errors", response.json())


    def test_an_id_too_big_for_the_database_is_a_400_not_a_500(self):
        # SQLite cannot even bind an integer past 64 bits; PostgreSQL page ids stop at 2**31 - 1.
        for page_id in (2**31, 2**64, 5842158197673091240296448):
            url = f"/api/v1/forms/{page_id}/"
            with self.subTest(page_id=page_id):
                self.assertEqual(self.client.get(url).status_code, 400)
                response = self.client.post(url, json.dumps(answers(self.coach)), content_type="application/json")
                self.assertEqual(response.status_code, 400)
                self.assertEqual(response.json()["status"], 400)


class SendingAnswersTests(InterestApiTestCase):
    def test_valid_answers_are_stored_and_emailed_like_the_web_form(self):
        response = self.post_json(answers(self.coach, sector="Care"))
        self.assertEqual(response.status_code, 201)
        submission = ExpressionOfInterest.objects.get()
        self.assertEqual(response.json(), {"received": True, "reference": str(submission.submission_token)})
        self.assertEqual(submission.coach, self.coach)
        self.assertEqual(submission.form_data["sector"], "Care")
        self.assertEqual(submission.status_changes.count(), 1)
        self.assertEqual(len(mail.outbox), 3)

    def test_the_same_rules_give_per_field_errors(self):
        response = self.post_json(answers(self.full, income_band="500k-plus", email="nope", sector="Space"))
        self.assertEqual(response.status_code, 400)
        errors = response.json()["errors"]
        self.assertEqual(errors["income_band"], [OVER_INCOME_LIMIT])
        self.assertEqual(errors["email"], ["Enter an email address like name@example.org."])
        self.assertIn("Ruth Full is not taking new leaders", errors["first_choice_coach"][0])
        self.assertIn("sector", errors)
        self.assertEqual(ExpressionOfInterest.objects.count(), 0)

    def test_missing_answers_are_named(self):
        response = self.post_json({})
        self.assertEqual(response.status_code, 400)
        errors = response.json()["errors"]
        for name in (
            "leader_name",
            "email",
            "income_band",
            "first_choice_coach",
            "payment",
            "privacy_consent",
        ):
            self.assertIn(name, errors)

    def test_bad_json_wrong_types_and_wrong_content_types_are_400s_not_500s(self):
        cases = [
            ("{not json", "application/json"),
            (b"\xff\xfe", "application/json"),
            ("[1, 2]", "application/json"),
            ('"text"', "application/json"),
            (json.dumps(answers(self.coach)), "text/plain"),
            ("leader_name=x", "application/x-www-form-urlencoded"),
        ]
        for body, content_type in cases:
            with self.subTest(body=body, content_type=content_type):
                response = self.post_json(body, content_type=content_type)
                self.assertEqual(response.status_code, 400)
                self.assertIn("__all__", response.json()["errors"])
        wrong_types = answers(self.coach, leader_name={"a": 1}, privacy_consent="yes", hopes=["x"], unknown=1)
        response = self.post_json(wrong_types)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(
            response.json()["errors"],
            {
                "leader_name": ["Expected a string."],
                "privacy_consent": ["Expected true or false."],
                "hopes": ["Expected a string."],
                "unknown": ["This form has no such field."],
            },
        )
        self.assertEqual(ExpressionOfInterest.objects.count(), 0)

    def test_a_token_sent_twice_stores_one_submission(self):
        token = self.client.get(self.url).json()["submission_token"]
        first = self.post_json(answers(self.coach, sector="Care", submission_token=token))
        second = self.post_json(answers(self.coach, sector="Care", submission_token=token))
        self.assertEqual((first.status_code, second.status_code), (201, 201))
        self.assertEqual(first.json(), second.json())
        self.assertEqual(ExpressionOfInterest.objects.count(), 1)
        self.assertEqual(len(mail.outbox), 3)

    def test_the_honeypot_and_rate_limit_apply_too(self):
        response = self.post_json(answers(self.coach, sector="Care", website="http://spam.example"))
        self.assertEqual(response.status_code, 201)
        self.assertEqual(ExpressionOfInterest.objects.count(), 0)
        with override_settings(CASCADING_INTEREST_RATE_LIMIT=1):
            self.assertEqual(self.post_json(answers(self.coach, sector="Care")).status_code, 201)
            limited = self.post_json(answers(self.coach, sector="Care", email="again@example.org"))
        self.assertEqual(limited.status_code, 429)
        self.assertIn("cannot accept another one just now", limited.json()["errors"]["__all__"][0])
        self.assertEqual(ExpressionOfInterest.objects.count(), 1)
