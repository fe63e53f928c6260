"""Behind the site's reverse proxy, one sender gets one allowance of expressions of interest: making
up addresses does not buy more, leaving the address out does not escape the limit, and the leaders
behind the same proxy are not counted as one."""

from datetime import timedelta
from unittest import mock

from django.test import Client, TestCase, override_settings
from django.utils import timezone

from cascading_pages.interest.models import ExpressionOfInterest, InterestSender
from tests.factories import interest_answers, make_coach, make_directory, make_home, make_interest_page

PROXY = "10.0.0.5"


@override_settings(
    CASCADING_TRUSTED_PROXY_COUNT=1,
    CASCADING_INTEREST_RATE_LIMIT=3,
    CASCADING_INTEREST_RATE_LIMIT_PERIOD=3600,
)
class BehindAProxyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = make_home()
        cls.coach = make_coach(make_directory(home), title="Priya Shah")
        cls.page = make_interest_page(home)

    def send(self, forwarded_for=None, n=0, client=None, **answers):
        """One leader's form through the proxy, which appends the address it saw to X-Forwarded-For."""
        headers = {} if forwarded_for is None else {"HTTP_X_FORWARDED_FOR": forwarded_for}
        answers = {"email": f"leader{n}@example.org", **answers}
        client = client or Client(REMOTE_ADDR=PROXY, **headers)
        with self.captureOnCommitCallbacks(execute=True):
            return client.post(self.page.url, interest_answers(self.coach, **answers)).status_code

    def test_a_sender_making_up_a_new_address_each_time_is_still_limited(self):
        answers = [self.send(f"203.0.113.{n}, 198.51.100.7", n=n) for n in range(5)]
        self.assertEqual(answers, [200, 200, 200, 429, 429])
        self.assertEqual(ExpressionOfInterest.objects.count(), 3)

    def test_requests_without_an_address_share_one_allowance_rather_than_none(self):
        answers = [self.send(None, n=n) for n in range(2)] + [self.send("", n=n) for n in range(2, 5)]
        self.assertEqual(answers, [200, 200, 200, 429, 429])

    def test_leaders_behind_the_same_proxy_each_have_their_own_allowance(self):
        for n in range(3):
            self.assertEqual(self.send("198.51.100.7", n=n), 200)
        self.assertEqual(self.send("198.51.100.7", n=3), 429)
        self.assertEqual(self.send("198.51.100.8", n=4), 200, "another leader is not held up")

    def test_the_same_form_sent_again_is_one_turn_and_a_form_with_mistakes_none(self):
        token = "5b0c9d2e-4c8e-4a51-9a43-8e4b4f7c1a01"
        for _ in range(4):  # a double click, a retry after a lost connection...
            self.assertEqual(self.send("198.51.100.7", n=0, submission_token=token), 200)
        for _ in range(4):  # ...and corrections of a form with a mistake
            self.assertEqual(self.send("198.51.100.7", n=1, privacy_consent=""), 200)
        self.assertEqual(self.send("198.51.100.7", n=1), 200)
        self.assertEqual(self.send("198.51.100.7", n=2), 200)
        self.assertEqual(self.send("198.51.100.7", n=3), 429)

    def test_a_sender_may_send_again_once_the_period_has_passed_and_is_then_forgotten(self):
        for n in range(3):
            self.send("198.51.100.7", n=n)
        self.assertEqual(self.send("198.51.100.7", n=3), 429)
        later = timezone.now() + timedelta(seconds=3601)
        with mock.patch("django.utils.timezone.now", return_value=later):
            self.assertEqual(self.send("198.51.100.8", n=4), 200)
            # The first sender's row went when the second sent: quiet for a whole period.
            self.assertEqual(InterestSender.objects.count(), 1)
            self.assertEqual(self.send("198.51.100.7", n=5), 200)

    @override_settings(CASCADING_INTEREST_RATE_LIMIT=0)
    def test_a_limit_of_zero_turns_it_off_and_keeps_nothing(self):
        self.assertEqual([self.send("198.51.100.7", n=n) for n in range(5)], [200] * 5)
        self.assertFalse(InterestSender.objects.exists())

    def test_the_json_api_counts_against_the_same_allowance(self):
        for n in range(3):
            self.send("198.51.100.7", n=n)
        body = {**interest_answers(self.coach, email="api@example.org"), "privacy_consent": True}
        api = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.99, 198.51.100.7")
        response = api.post(f"/api/v1/forms/{self.page.pk}/", body, content_type="application/json")
        self.assertEqual(response.status_code, 429)
        self.assertEqual(response["Retry-After"], "3600")
