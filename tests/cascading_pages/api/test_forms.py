"""A decoupled front end describes the form and sends answers as JSON, under the same rules.

Every bad request is a 4xx with the API's JSON error body, stores nothing and sends no email.
"""

import json
import uuid

from django.core import mail
from django.test import Client, TestCase, override_settings

from cascading_pages.interest.eligibility import OVER_INCOME_LIMIT
from cascading_pages.interest.models import ExpressionOfInterest
from cascading_pages.mail.models import OutboxEmail
from tests.factories import make_coach, make_directory, make_home, make_interest_page, make_standard_page

FRONT_END = "https://app.example.org"
OTHER_SITE = "https://evil.example"


def answers(coach, **overrides):
    body = {
        "leader_name": "Amara Okafor",
        "email": "amara@example.org",
        "role": "Chief executive",
        "organisation": "Riverside Wellbeing",
        "income_band": "50k-150k",
        "first_choice_coach": str(coach.pk),
        "hopes": "To think more strategically.",
        "payment": "organisation",
        "sector": "Care",
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
            reply_within_working_days=7,
            thank_you_text="<p>We look forward to it.</p>",
            extra_questions=[
                {"label": "Sector", "field_type": "dropdown", "choices": "Health\nCare", "required": True},
                {
                    "label": "Topics",
                    "field_type": "checkboxes",
                    "choices": "Money\nPeople",
                    "required": False,
                },
            ],
        )
        cls.url = f"/api/v1/forms/{cls.page.pk}/"

    def post_json(self, body, client=None, **extra):
        payload = body if isinstance(body, (str, bytes)) else json.dumps(body)
        content_type = extra.pop("content_type", "application/json")
        # The emails go once the submission is committed.
        with self.captureOnCommitCallbacks(execute=True):
            return (client or self.client).post(self.url, payload, content_type=content_type, **extra)

    def assertProblem(self, response, status):
        """The API's JSON error body, never stored by a cache."""
        self.assertEqual(response.status_code, status, response.content)
        self.assertEqual(response["Content-Type"], "application/json")
        self.assertIn("no-store", response["Cache-Control"].split(", "))
        body = response.json()
        self.assertEqual(body["status"], status)
        self.assertTrue(body["title"])
        self.assertTrue(body["detail"])
        return body

    def errors_by_field(self, response):
        body = self.assertProblem(response, 400)
        by_field = {}
        for error in body["errors"]:
            self.assertEqual(set(error), {"type", "loc", "msg"})
            self.assertEqual(error["loc"][0], "body")
            name = error["loc"][1] if len(error["loc"]) > 1 else "__all__"
            by_field.setdefault(name, []).append(error["msg"])
        return by_field

    def assertNothingStored(self):
        self.assertEqual(ExpressionOfInterest.objects.count(), 0)
        self.assertEqual(OutboxEmail.objects.count(), 0)
        self.assertEqual(len(mail.outbox), 0)


class DescribingTheFormTests(InterestApiTestCase):
    def test_it_describes_every_question_with_type_choices_and_rules(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        description = response.json()
        fields = {field["name"]: field for field in description["fields"]}
        self.assertEqual(description["privacy_notice_url"], self.privacy.url)
        self.assertEqual(description["reply_within_working_days"], 7)
        self.assertEqual(description["thank_you_text"], "<p>We look forward to it.</p>")
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
        self.assertEqual(fields["topics"]["type"], "checkboxes")
        self.assertEqual(list(fields)[-1], "privacy_consent")

    def test_the_description_is_the_same_for_everyone_so_caches_may_share_it(self):
        # No per-visitor token in it: a shared cache (or a front end's build) can hand it to anyone.
        first = self.client.get(self.url)
        second = Client().get(self.url)
        self.assertEqual(first.content, second.content)
        self.assertNotIn("token", first.content.decode())
        self.assertEqual(first["Cache-Control"], "public, max-age=300")
        again = self.client.get(self.url, headers={"If-None-Match": first["ETag"]})
        self.assertEqual(again.status_code, 304)

    def test_no_private_coach_details_or_unpublished_pages_are_described(self):
        text = self.client.get(self.url).content.decode()
        self.assertNotIn("priya.private@example.org", text)
        self.assertNotIn("Ruth Full", text)
        self.privacy.unpublish()
        self.assertIsNone(self.client.get(self.url).json()["privacy_notice_url"])

    def test_a_page_that_is_not_a_live_form_is_a_json_404(self):
        for page_id in (self.privacy.pk, self.coach.pk, 999999):
            with self.subTest(page_id=page_id):
                self.assertProblem(self.client.get(f"/api/v1/forms/{page_id}/"), 404)

    def test_an_id_that_is_not_a_page_id_is_a_400_not_a_500(self):
        # SQLite cannot even bind an integer past 64 bits; PostgreSQL page ids stop at 2**31 - 1.
        for page_id in (0, -1, 2**31, 2**64, 5842158197673091240296448, "abc", "1.5"):
            url = f"/api/v1/forms/{page_id}/"
            with self.subTest(page_id=page_id):
                self.assertProblem(self.client.get(url), 400)
                self.assertProblem(
                    self.client.post(url, json.dumps(answers(self.coach)), content_type="application/json"),
                    400,
                )

    def test_an_unknown_query_parameter_is_named(self):
        body = self.assertProblem(self.client.get(self.url, {"coach": self.coach.pk}), 400)
        self.assertIn("coach", body["detail"])


class SendingAnswersTests(InterestApiTestCase):
    def test_valid_answers_are_stored_and_emailed_and_only_a_reference_comes_back(self):
        token = str(uuid.uuid4())
        response = self.post_json(answers(self.coach, submission_token=token, topics=["Money"]))
        self.assertEqual(response.status_code, 201)
        self.assertEqual(response.json(), {"received": True, "reference": token})
        self.assertIn("no-store", response["Cache-Control"])
        for sent in (
            "Amara Okafor",
            "amara@example.org",
            "Riverside Wellbeing",
            "Priya Shah",
            "strategically",
        ):
            self.assertNotIn(sent, response.content.decode())

        submission = ExpressionOfInterest.objects.get()
        self.assertEqual(str(submission.submission_token), token)
        self.assertEqual(submission.coach, self.coach)
        self.assertEqual(submission.form_data["sector"], "Care")
        self.assertEqual(submission.form_data["topics"], ["Money"])
        self.assertEqual(submission.status_changes.count(), 1)
        self.assertEqual(len(mail.outbox), 3)

    def test_a_coach_id_may_be_sent_as_a_number_and_null_is_no_answer(self):
        response = self.post_json(answers(self.coach, first_choice_coach=self.coach.pk, phone=None))
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(ExpressionOfInterest.objects.get().form_data["phone"], "")

    def test_the_same_rules_give_per_field_errors_in_the_forms_order(self):
        response = self.post_json(answers(self.full, income_band="500k-plus", email="nope", sector="Space"))
        errors = self.errors_by_field(response)
        self.assertEqual(errors["income_band"], [OVER_INCOME_LIMIT])
        self.assertEqual(errors["email"], ["Enter an email address like name@example.org."])
        self.assertIn("Ruth Full is not taking new leaders", errors["first_choice_coach"][0])
        self.assertIn("sector", errors)
        self.assertEqual(list(errors), ["email", "income_band", "first_choice_coach", "sector"])
        self.assertNothingStored()

    def test_missing_answers_are_named_with_the_reason(self):
        response = self.post_json({})
        body = self.assertProblem(response, 400)
        missing = {error["loc"][1] for error in body["errors"] if error["type"] == "required"}
        self.assertLessEqual(
            {
                "leader_name",
                "email",
                "income_band",
                "first_choice_coach",
                "payment",
                "privacy_consent",
                "sector",
            },
            missing,
        )

    def test_a_send_repeated_with_its_token_stores_one_submission(self):
        token = str(uuid.uuid4())
        first = self.post_json(answers(self.coach, submission_token=token))
        second = self.post_json(answers(self.coach, submission_token=token))
        self.assertEqual((first.status_code, second.status_code), (201, 201))
        self.assertEqual(first.json(), second.json())
        self.assertEqual(ExpressionOfInterest.objects.count(), 1)
        self.assertEqual(len(mail.outbox), 3)

    def test_a_token_reused_for_another_leaders_answers_loses_nothing(self):
        # A careless client, or a cached page, sends one token for two different leaders.
        token = str(uuid.uuid4())
        first = self.post_json(answers(self.coach, submission_token=token))
        second = self.post_json(answers(self.coach, submission_token=token, email="bea@example.org"))
        self.assertEqual((first.status_code, second.status_code), (201, 201))
        self.assertNotEqual(first.json()["reference"], second.json()["reference"])
        self.assertEqual(
            sorted(ExpressionOfInterest.objects.values_list("email", flat=True)),
            ["amara@example.org", "bea@example.org"],
        )

    def test_the_honeypot_is_thanked_and_dropped(self):
        response = self.post_json(answers(self.coach, website="http://spam.example"))
        self.assertEqual(response.status_code, 201)
        self.assertEqual(set(response.json()), {"received", "reference"})
        self.assertNothingStored()

    @override_settings(CASCADING_INTEREST_RATE_LIMIT=1, CASCADING_INTEREST_RATE_LIMIT_PERIOD=600)
    def test_a_rate_limited_sender_gets_a_429_saying_when_to_try_again(self):
        self.assertEqual(self.post_json(answers(self.coach)).status_code, 201)
        limited = self.post_json(answers(self.coach, email="again@example.org"))
        body = self.assertProblem(limited, 429)
        self.assertIn("cannot accept another one just now", body["detail"])
        self.assertIn("10 minutes", body["detail"])
        self.assertEqual(limited["Retry-After"], "600")
        self.assertEqual(ExpressionOfInterest.objects.count(), 1)


class BadInputTests(InterestApiTestCase):
    """Nothing a sender can put in a request makes a 500, stores anything or sends an email."""

    def test_a_body_that_is_not_json_is_a_400(self):
        cases = {
            "malformed": "{not json",
            "only spaces": "   ",
            "not utf-8": b"\xff\xfe\x00",
            "NaN is not JSON": '{"leader_name": NaN}',
            "Infinity is not JSON": '{"hopes": -Infinity}',
            "nested thousands deep": "[" * 100_000 + "]" * 100_000,
            "an object nested thousands deep": '{"a":' * 50_000 + "1" + "}" * 50_000,
            "a number too long to read": '{"first_choice_coach": ' + "9" * 5000 + "}",
        }
        for name, body in cases.items():
            with self.subTest(name):
                problem = self.assertProblem(self.post_json(body), 400)
                self.assertEqual(
                    problem["errors"], [{"type": "invalid_body", "loc": ["body"], "msg": problem["detail"]}]
                )
        # The test client drops the content type of an empty body unless it is given outright.
        empty = self.client.post(
            self.url, "", content_type="application/json", CONTENT_TYPE="application/json"
        )
        self.assertProblem(empty, 400)
        self.assertNothingStored()

    def test_json_that_is_not_an_object_is_a_400(self):
        for body in ("[1, 2]", '"text"', "42", "null", "true"):
            with self.subTest(body=body):
                problem = self.assertProblem(self.post_json(body), 400)
                self.assertIn("one JSON object", problem["detail"])
        self.assertNothingStored()

    def test_text_no_database_can_store_is_a_400(self):
        # "\udc00" is half of a UTF-16 pair: valid JSON, but not Unicode text.
        for body in (
            json.dumps(answers(self.coach, leader_name="Amara \udc00")),
            json.dumps({**answers(self.coach), "\ud800": "x"}),
        ):
            with self.subTest(body=body[:40]):
                problem = self.assertProblem(self.post_json(body), 400)
                self.assertIn("not valid Unicode", problem["detail"])
        self.assertEqual(
            self.errors_by_field(self.post_json(answers(self.coach, role="Chair\x00"))),
            {"role": ["Null characters are not allowed."]},
        )
        self.assertNothingStored()

    def test_a_wrong_content_type_is_a_415_so_no_cross_site_form_can_post(self):
        valid = json.dumps(answers(self.coach))
        for content_type in (
            "text/plain",  # what a cross-site fetch without a preflight may send
            "application/x-www-form-urlencoded",  # a cross-site HTML form
            "multipart/form-data; boundary=x",
            "application/xml",
            "",
        ):
            with self.subTest(content_type=content_type):
                problem = self.assertProblem(self.post_json(valid, content_type=content_type), 415)
                self.assertIn("Content-Type: application/json", problem["detail"])
        self.assertNothingStored()

    def test_json_with_a_charset_parameter_is_accepted(self):
        response = self.post_json(answers(self.coach), content_type="application/json; charset=utf-8")
        self.assertEqual(response.status_code, 201)

    @override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=10_000)
    def test_a_body_larger_than_the_upload_limit_is_a_413(self):
        problem = self.assertProblem(self.post_json(answers(self.coach, hopes="x" * 20_000)), 413)
        self.assertIn("larger", problem["detail"])
        self.assertNothingStored()

    def test_huge_values_within_the_upload_limit_are_per_field_400s(self):
        response = self.post_json(
            answers(self.coach, leader_name="A" * 10_000, hopes="x" * 100_000, first_choice_coach="9" * 400)
        )
        errors = self.errors_by_field(response)
        self.assertEqual(
            errors["leader_name"], ["Ensure this value has at most 120 characters (it has 10000)."]
        )
        self.assertIn("at most 2000 characters", errors["hopes"][0])
        self.assertIn("not in the directory", errors["first_choice_coach"][0])
        self.assertNothingStored()

    def test_unknown_fields_and_wrong_types_are_named(self):
        wrong = answers(
            self.coach,
            leader_name={"a": 1},
            privacy_consent="yes",
            hopes=["x"],
            topics="Money",
            first_choice_coach=1.5,
            second_choice_coach=True,
            unknown=1,
        )
        errors = self.errors_by_field(self.post_json(wrong))
        self.assertEqual(
            errors,
            {
                "leader_name": ["Expected a string."],
                "privacy_consent": ["Expected true or false."],
                "hopes": ["Expected a string."],
                "topics": ["Expected a list of strings."],
                "first_choice_coach": ["Expected a coach's id, as a string or a whole number."],
                "second_choice_coach": ["Expected a coach's id, as a string or a whole number."],
                "unknown": ["This form has no such field."],
            },
        )
        self.assertNothingStored()

    def test_the_honeypot_field_must_be_text_too(self):
        self.assertEqual(
            self.errors_by_field(self.post_json(answers(self.coach, website=1))),
            {"website": ["Expected a string."]},
        )

    def test_other_methods_are_a_405_naming_the_allowed_ones(self):
        for method in ("put", "patch", "delete"):
            with self.subTest(method=method):
                response = getattr(self.client, method)(
                    self.url, json.dumps(answers(self.coach)), content_type="application/json"
                )
                self.assertProblem(response, 405)
                self.assertEqual(set(response["Allow"].split(", ")), {"GET", "POST"})
        self.assertNothingStored()

    def test_an_unknown_query_parameter_on_a_send_is_a_400(self):
        response = self.client.post(
            f"{self.url}?preview=1", json.dumps(answers(self.coach)), content_type="application/json"
        )
        self.assertIn("preview", self.assertProblem(response, 400)["detail"])
        self.assertNothingStored()


class CrossSiteTests(InterestApiTestCase):
    def test_a_front_end_posts_json_without_a_csrf_cookie(self):
        # The API is for front ends on other origins, which cannot read this site's CSRF cookie.
        client = Client(enforce_csrf_checks=True)
        response = self.post_json(answers(self.coach), client=client, headers={"Origin": FRONT_END})
        self.assertEqual(response.status_code, 201)

    def test_a_cross_site_html_form_cannot_submit(self):
        client = Client(enforce_csrf_checks=True)
        response = client.post(
            self.url,
            {key: str(value) for key, value in answers(self.coach).items()},
            headers={"Origin": OTHER_SITE},
        )
        self.assertProblem(response, 415)
        self.assertNotIn("Access-Control-Allow-Origin", response)
        self.assertNothingStored()

    def test_a_json_post_from_another_site_is_stopped_at_the_preflight(self):
        # Browsers ask first before sending JSON across origins; no origin is allowed by default.
        preflight = self.client.options(
            self.url,
            headers={
                "Origin": OTHER_SITE,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type",
            },
        )
        self.assertNotIn("Access-Control-Allow-Origin", preflight)

    @override_settings(CORS_ALLOWED_ORIGINS=[FRONT_END])
    def test_a_configured_front_end_may_post_json_across_origins(self):
        preflight = self.client.options(
            self.url,
            headers={
                "Origin": FRONT_END,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type",
            },
        )
        self.assertEqual(preflight.status_code, 204)
        self.assertEqual(preflight["Access-Control-Allow-Origin"], FRONT_END)
        self.assertIn("POST", preflight["Access-Control-Allow-Methods"])
        self.assertIn("Content-Type", preflight["Access-Control-Allow-Headers"])
        response = self.post_json(answers(self.coach), headers={"Origin": FRONT_END})
        self.assertEqual(response.status_code, 201)
        self.assertEqual(response["Access-Control-Allow-Origin"], FRONT_END)
