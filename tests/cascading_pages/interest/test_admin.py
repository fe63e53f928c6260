"""The programme team follows up expressions of interest and keeps an overview of take-up."""

import datetime
import io
import re
import socket

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core import mail
from django.test import TestCase, override_settings
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.test.utils.form_data import rich_text

from cascading_pages.interest import responses
from cascading_pages.interest.models import ExpressionOfInterest
from cascading_pages.vocabularies.models import Region
from tests.factories import interest_answers, make_coach, make_directory, make_home, make_interest_page

INDEX = "/admin/cascading_pages/expressionofinterest/"


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class InterestAdminTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_home()
        directory = make_directory(cls.home)
        cls.north = Region.objects.create(name="North East")
        cls.coach = make_coach(directory, title="Priya Shah", regions=["North East"])
        cls.other = make_coach(directory, title="Tom Evans", regions=["London"], availability="limited")
        cls.full = make_coach(directory, title="Ruth Full", availability="full")
        cls.page = make_interest_page(cls.home)
        cls.editor = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")

    def setUp(self):
        self.client.force_login(self.editor)

    def send(self, coach=None, **answers):
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(self.page.url, interest_answers(coach or self.coach, **answers))
        return ExpressionOfInterest.objects.order_by("pk").last()


class FollowingUpTests(InterestAdminTestCase):
    def test_the_team_lists_searches_and_filters_expressions_of_interest(self):
        self.send(leader_name="Amara Okafor", email="amara@example.org")
        self.send(
            self.other,
            leader_name="Ben Ward",
            email="ben@example.org",
            payment="bursary",
            bursary_under_represented="on",
        )
        listing = self.client.get(INDEX)
        self.assertContains(listing, "Amara Okafor")
        self.assertContains(listing, "Ben Ward")

        cases = {
            "q=amara": "Amara Okafor",
            "progress=coach-emailed&bursary_requested__exact=1": "Ben Ward",
            f"coach={self.other.pk}": "Ben Ward",
            f"region={self.north.pk}": "Amara Okafor",
        }
        for query, shown in cases.items():
            with self.subTest(query=query):
                response = self.client.get(f"{INDEX}?{query}")
                self.assertContains(response, shown)
                hidden = ({"Amara Okafor", "Ben Ward"} - {shown}).pop()
                self.assertNotContains(response, hidden)

        submission = ExpressionOfInterest.objects.first()
        month = submission.submit_time.astimezone().strftime("%Y-%m")
        self.assertContains(self.client.get(f"{INDEX}?month={month}"), "Amara Okafor")
        self.assertNotContains(self.client.get(f"{INDEX}?month=2001-01"), "Amara Okafor")
        self.assertEqual(self.client.get(f"{INDEX}?month=nonsense").status_code, 200)

    def test_changing_the_status_keeps_a_history_of_who_and_when(self):
        submission = self.send()
        edit = f"{INDEX}edit/{submission.pk}/"
        self.assertEqual(self.client.get(edit).status_code, 200)
        response = self.client.post(
            edit, {"status": "coach-contacted", "bursary_decision": "", "notes": "Called her."}
        )
        self.assertEqual(response.status_code, 302)
        submission.refresh_from_db()
        self.assertEqual(submission.status, "coach-contacted")
        self.assertEqual(submission.notes, "Called her.")
        history = list(submission.status_changes.values_list("status", "changed_by__username"))
        self.assertEqual(history, [("new", None), ("coach-contacted", "editor")])

        inspect = self.client.get(f"{INDEX}inspect/{submission.pk}/")
        self.assertContains(inspect, "Coach contacted")
        self.assertContains(inspect, "Riverside Wellbeing")

    def test_nobody_adds_an_expression_of_interest_by_hand(self):
        # Wagtail's admin answers a permission refusal by sending the user back to the dashboard.
        self.assertRedirects(self.client.get(f"{INDEX}create/"), "/admin/", fetch_redirect_response=False)
        self.assertNotContains(self.client.get(INDEX), f'href="{INDEX}create/"')

    def test_a_failed_email_shows_in_the_list_and_can_be_re_sent(self):
        with (
            override_settings(
                EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
                EMAIL_HOST="127.0.0.1",
                EMAIL_PORT=closed_port(),
            ),
            self.assertLogs("cascading_pages.mail", "ERROR"),
        ):
            submission = self.send()
        self.assertContains(self.client.get(INDEX), "3 not sent")
        self.assertContains(self.client.get(f"{INDEX}?emails=problems"), "Amara Okafor")
        inspect = self.client.get(f"{INDEX}inspect/{submission.pk}/")
        self.assertContains(inspect, "ConnectionRefusedError")
        self.assertContains(inspect, "Leader (confirmation) (received) &lt;amara@example.org&gt;")

        resend = f"{INDEX}resend/{submission.pk}/"
        self.assertContains(self.client.get(resend), "Re-send 3 emails")
        self.assertEqual(mail.outbox, [])
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(resend)
        self.assertEqual(len(mail.outbox), 3)
        self.assertNotContains(self.client.get(INDEX), "not sent")
        self.assertNotContains(self.client.get(f"{INDEX}?emails=problems"), "Amara Okafor")
        self.assertContains(self.client.get(f"{INDEX}?emails=sent"), "Amara Okafor")


class ListAndDecisionScreenTests(InterestAdminTestCase):
    def test_the_list_has_human_headings_and_each_coach_once_in_the_filter(self):
        self.send(leader_name="Amara Okafor")
        self.send(
            self.other,
            leader_name="Ben Ward",
            email="ben@example.org",
            second_choice_coach=str(self.coach.pk),
        )
        html = self.client.get(INDEX).content.decode()
        table = html.split('<table class="listing full-width">')[1].split("</thead>")[0]
        headings = [
            " ".join(text.split()) for text in re.findall(r'<th scope="col"[^>]*>(.*?)</th>', table, re.S)
        ]
        headings = [re.sub(r"<[^>]+>", "", text).strip() for text in headings]
        self.assertEqual(
            headings,
            [
                "Select",
                "Received",
                "Leader",
                "Organisation",
                "Coach asked now",
                "Status",
                "Bursary asked for",
                "Emails",
            ],
        )
        filters = html.split('class="interest-list__filters"')[1].split("</aside>")[0]
        self.assertIn("By coach", filters)
        self.assertEqual(filters.count(">Priya Shah</a>"), 1)
        self.assertEqual(filters.count(">Tom Evans</a>"), 1)
        self.assertNotIn(">Ruth Full</a>", filters, "a coach nobody chose is not offered")
        # Priya is Ben's second choice: filtering by her shows both.
        both = self.client.get(f"{INDEX}?coach={self.coach.pk}").content.decode()
        self.assertIn("Amara Okafor", both)
        self.assertIn("Ben Ward", both)
        self.assertEqual(self.client.get(f"{INDEX}?coach=nonsense").status_code, 200)

    def test_the_status_follows_what_happened(self):
        submission = self.send(second_choice_coach=str(self.other.pk))
        self.assertContains(self.client.get(INDEX), "Coach emailed")
        self.assertContains(self.client.get(f"{INDEX}?progress=coach-emailed"), "Amara Okafor")
        self.assertNotContains(self.client.get(f"{INDEX}?progress=not-emailed"), "Amara Okafor")

        with self.captureOnCommitCallbacks(execute=True):
            responses.decline(submission, self.coach, message="I am full this term.")
        listing = self.client.get(INDEX)
        self.assertContains(listing, "First choice declined: second choice emailed")
        self.assertContains(listing, "Tom Evans <small>(second choice)</small>", html=True)

        with self.captureOnCommitCallbacks(execute=True):
            responses.accept(submission, self.other)
        self.assertContains(self.client.get(f"{INDEX}?progress=accepted"), "Accepted by the coach")

    def test_a_coach_whose_email_did_not_go_shows_as_not_emailed_yet(self):
        with (
            override_settings(
                EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
                EMAIL_HOST="127.0.0.1",
                EMAIL_PORT=closed_port(),
            ),
            self.assertLogs("cascading_pages.mail", "ERROR"),
        ):
            self.send()
        self.assertContains(self.client.get(f"{INDEX}?progress=not-emailed"), "Amara Okafor")
        self.assertContains(self.client.get(INDEX), "New: coach not emailed yet")

    def test_the_decision_screen_shows_the_answers_beside_the_decision(self):
        submission = self.send(
            hopes="To think about our strategy.", payment="bursary", bursary_under_represented="on"
        )
        html = self.client.get(f"{INDEX}edit/{submission.pk}/").content.decode()
        self.assertIn("The leader&#x27;s answers", html)
        self.assertIn("To think about our strategy.", html)
        self.assertIn("Riverside Wellbeing", html)
        self.assertIn("Now:</strong> Coach emailed (Priya Shah)", html)
        self.assertIn("Your decision", html)
        for name in ("status", "bursary_decision", "notes"):
            self.assertIn(f'name="{name}"', html)
        self.assertNotIn('name="hopes"', html, "the answers are read-only")
        self.assertIn("Bursary decision", html)
        self.assertIn("Team notes", html)


class FilterDisclosureTests(InterestAdminTestCase):
    """The filters wait behind "Filter" on a narrow screen; it says how many are chosen."""

    def summary(self, **query):
        html = self.client.get(INDEX, query).content.decode()
        found = re.search(r'<summary class="interest-list__summary">(.*?)</summary>', html, re.S)
        return " ".join(re.sub(r"<[^>]+>", "", found.group(1)).split())

    def test_the_summary_counts_the_filters_chosen(self):
        self.send(leader_name="Amara Okafor")
        self.assertEqual(self.summary(), "Filter")
        self.assertEqual(self.summary(q="Amara"), "Filter", "a search is not a filter")
        self.assertEqual(self.summary(coach=str(self.coach.pk)), "Filter (1 chosen)")
        self.assertEqual(
            self.summary(coach=str(self.coach.pk), bursary_requested__exact="1"), "Filter (2 chosen)"
        )

    def test_the_list_loads_the_script_that_opens_the_filters_on_a_wide_screen(self):
        self.send(leader_name="Amara Okafor")
        self.assertContains(self.client.get(INDEX), "cascading_pages/js/admin/interest-filters.js")

    def test_the_list_carries_a_scroll_hint_that_shows_only_when_the_script_finds_it_too_wide(self):
        self.send(leader_name="Amara Okafor")
        page = self.client.get(INDEX)
        self.assertContains(page, "cascading_pages/js/admin/scroll-hint.js")
        hint = re.search(r"<p[^>]*data-scroll-hint[^>]*>(.*?)</p>", page.content.decode(), re.S)
        self.assertIn("Scroll sideways to see more columns", hint.group(1))
        self.assertIn(
            " hidden", hint.group(0), "hidden until the script finds the list wider than the screen"
        )
        self.assertIn('aria-hidden="true"', hint.group(0), "a screen reader reads the columns in turn")


class BulkStatusTests(InterestAdminTestCase):
    URL = f"{INDEX}bulk-status/"

    def test_the_team_selects_rows_chooses_a_status_confirms_and_each_change_is_recorded(self):
        first = self.send(leader_name="Amara Okafor")
        second = self.send(self.other, leader_name="Ben Ward", email="ben@example.org")
        untouched = self.send(leader_name="Cara Lee", email="cara@example.org")
        listing = self.client.get(INDEX)
        self.assertContains(
            listing, f'<input type="checkbox" name="id" value="{first.pk}" form="interest-bulk"'
        )
        self.assertContains(listing, 'action="/admin/cascading_pages/expressionofinterest/bulk-status/"')

        confirm = self.client.get(self.URL, {"id": [first.pk, second.pk]})
        self.assertContains(confirm, "You are changing the status of 2 expressions of interest")
        self.assertContains(confirm, "Amara Okafor")
        self.assertContains(confirm, "Ben Ward")
        self.assertNotContains(confirm, "Cara Lee")
        self.assertEqual(
            ExpressionOfInterest.objects.filter(status="withdrawn").count(), 0, "nothing changes yet"
        )

        response = self.client.post(
            self.URL, {"id": [first.pk, second.pk], "status": "withdrawn", "note": "Asked to stop."}
        )
        self.assertRedirects(response, INDEX, fetch_redirect_response=False)
        self.assertContains(self.client.get(INDEX), "2 expressions of interest set to “Withdrawn”.")
        for submission in (first, second):
            submission.refresh_from_db()
            self.assertEqual(submission.status, "withdrawn")
            last = submission.status_changes.last()
            self.assertEqual(
                (last.status, last.changed_by, last.note), ("withdrawn", self.editor, "Asked to stop.")
            )
        untouched.refresh_from_db()
        self.assertEqual(untouched.status, "new")

    def test_no_status_chosen_or_nothing_selected_changes_nothing_and_says_why(self):
        submission = self.send()
        response = self.client.post(self.URL, {"id": [submission.pk], "status": ""})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "This field is required")
        response = self.client.post(self.URL, {"id": [submission.pk], "status": "made-up"})
        self.assertContains(response, "Select a valid choice")
        self.assertEqual(submission.status_changes.count(), 1)
        for ids in ([], ["nonsense"], ["99999999"], ["1" * 40]):
            with self.subTest(ids=ids):
                response = self.client.get(self.URL, {"id": ids})
                self.assertRedirects(response, INDEX, fetch_redirect_response=False)

    def test_only_those_who_may_change_expressions_of_interest_can(self):
        submission = self.send()
        viewer = get_user_model().objects.create_user("viewer", "v@example.org", "pw")
        viewer.user_permissions.add(
            *Permission.objects.filter(codename__in=["access_admin", "view_expressionofinterest"])
        )
        self.client.force_login(viewer)
        self.assertNotContains(self.client.get(INDEX), "Change status of selected")
        for method in ("get", "post"):
            with self.subTest(method=method):
                response = getattr(self.client, method)(
                    self.URL, {"id": [submission.pk], "status": "withdrawn"}
                )
                self.assertRedirects(response, "/admin/", fetch_redirect_response=False)
        submission.refresh_from_db()
        self.assertEqual(submission.status, "new")
        self.client.logout()
        response = self.client.get(self.URL, {"id": [submission.pk]})
        self.assertEqual(response.status_code, 302)
        self.assertIn("/admin/login/", response["Location"])


class FormBuilderListingTests(InterestAdminTestCase):
    def test_the_form_builders_listing_exports_csv_and_xlsx(self):
        self.send(leader_name="Amara Okafor")
        listing = f"/admin/forms/submissions/{self.page.pk}/"
        self.assertContains(self.client.get(listing), "Amara Okafor")

        csv_response = self.client.get(listing, {"export": "csv"})
        self.assertEqual(csv_response.status_code, 200)
        csv_text = b"".join(csv_response.streaming_content).decode("utf-8")
        self.assertIn("Your name", csv_text)
        self.assertIn("Amara Okafor", csv_text)
        self.assertIn("Priya Shah", csv_text)
        self.assertIn("£50,000 to £149,999", csv_text)

        xlsx = self.client.get(listing, {"export": "xlsx"})
        self.assertEqual(xlsx.status_code, 200)
        workbook = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
        values = [cell.value for row in workbook.active.iter_rows() for cell in row]
        self.assertIn("Amara Okafor", values)
        self.assertIn("New", values)


class TakeUpOverviewTests(InterestAdminTestCase):
    def test_the_overview_counts_take_up_and_exports_it(self):
        self.send()
        self.send(self.other, email="b@example.org", payment="bursary", bursary_no_previous_support="on")
        response = self.client.get("/admin/take-up/")
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        for heading in (
            "Expressions of interest per month",
            "per first-choice coach",
            "per region of the chosen coach",
            "Bursary requests and outcomes",
            "Coaches at capacity or paused",
            "Bursary take-up by criterion",
            "Days from expression of interest to acceptance",
            "How coaches answered",
            "Acceptance rate per coach",
            "Decline rate per coach",
        ):
            self.assertIn(heading, html)
        self.assertIn("<svg", html)
        self.assertNotIn("<script", html.split("<main")[1] if "<main" in html else "")
        self.assertNotIn("Amara Okafor", html)

        csv_text = self.client.get("/admin/take-up/", {"export": "csv"}).content.decode()
        self.assertIn("section,label,count", csv_text)
        self.assertIn("Expressions of interest per first-choice coach,Priya Shah,1", csv_text)
        self.assertIn("Expressions of interest per region of the chosen coach,North East,1", csv_text)
        self.assertIn("Bursary requests and outcomes,Bursary requested: awaiting a decision,1", csv_text)
        capacity = "Coaches at capacity or paused (not taking new leaders)"
        self.assertIn(f"{capacity},Ruth Full: declared full,0", csv_text)
        self.assertNotIn("Tom Evans", csv_text.split(capacity)[1])  # limited, but still taking leaders
        self.assertIn(
            "Bursary take-up by criterion,I have not received leadership support before: requested,1",
            csv_text,
        )

    def test_the_overview_counts_a_chosen_period_and_links_to_the_same_list(self):
        old = self.send(leader_name="Old Leader", email="old@example.org")
        ExpressionOfInterest.objects.filter(pk=old.pk).update(
            submit_time=timezone.make_aware(datetime.datetime(2025, 3, 10, 12))
        )
        self.send(leader_name="New Leader", email="new@example.org")
        today = timezone.localdate()
        response = self.client.get(
            "/admin/take-up/", {"received_from": "2025-03-01", "received_to": "2025-03-31"}
        )
        html = response.content.decode()
        self.assertIn("received from 1 March 2025 to 31 March 2025", html)
        self.assertIn('<th scope="row">March 2025</th>', html)
        self.assertNotIn(today.strftime("%B %Y"), html.split("per month")[1].split("</table>")[0])
        link = (
            "/admin/cascading_pages/expressionofinterest/?submit_time__date__gte=2025-03-01"
            f"&amp;submit_time__date__lte=2025-03-31&amp;coach__id__exact={self.coach.pk}"
        )
        self.assertIn(f'<a href="{link}">1<', html)
        listing = self.client.get(link.replace("&amp;", "&")).content.decode()
        self.assertIn("Old Leader", listing)
        self.assertNotIn("New Leader", listing)

        csv_text = self.client.get(
            "/admin/take-up/", {"received_from": "2025-03-01", "received_to": "2025-03-31", "export": "csv"}
        ).content.decode()
        self.assertIn("Expressions of interest per first-choice coach,Priya Shah,1", csv_text)

    def test_the_overview_headings_say_what_each_column_holds_and_plurals_read_right(self):
        html = self.client.get("/admin/take-up/").content.decode()
        self.assertIn("No expression of interest has been accepted yet.", html)
        self.assertNotIn('<th scope="col">Count</th>', html)
        submission = self.send()
        with self.captureOnCommitCallbacks(execute=True):
            responses.accept(submission, self.coach)
        html = self.client.get("/admin/take-up/").content.decode()
        self.assertIn("Over 1 accepted expression of interest,", html)
        self.assertNotIn("expression(s)", html)
        rates = html.split('id="take-up-accepted"')[1].split("</section>")[0]
        self.assertIn('<th scope="col">% accepted</th>', rates)
        days = html.split('id="take-up-days"')[1].split("</section>")[0]
        self.assertIn('<th scope="col">Days</th>', days)
        status = html.split('id="take-up-status"')[1].split("</section>")[0]
        self.assertIn('href="/admin/cascading_pages/expressionofinterest/?progress=accepted"', status)
        listing = self.client.get("/admin/cascading_pages/expressionofinterest/?progress=accepted")
        self.assertContains(listing, "Amara Okafor")

    def test_a_period_that_makes_no_sense_is_explained_not_a_500(self):
        cases = {
            ("2026-05-01", "2026-04-01"): "The last date must be on or after the first.",
            ("2025-13-45", ""): "Enter the first date like 2026-01-31.",
            ("", "tomorrow"): "Enter the last date like 2026-12-31.",
            ("1900-01-01", ""): "Choose a date in 2000 or later.",
            ("2000-01-01", "2026-01-01"): "Choose a period of ten years or less.",
        }
        for (start, end), message in cases.items():
            with self.subTest(start=start, end=end):
                response = self.client.get("/admin/take-up/", {"received_from": start, "received_to": end})
                self.assertContains(response, message)
                self.assertContains(response, "Counts of every expression of interest received")

    def test_the_overview_is_for_the_programme_team_only(self):
        self.client.logout()
        self.assertEqual(self.client.get("/admin/take-up/").status_code, 302)
        nobody = get_user_model().objects.create_user("nobody", "n@example.org", "pw")
        from django.contrib.auth.models import Permission

        nobody.user_permissions.add(Permission.objects.get(codename="access_admin"))
        self.client.force_login(nobody)
        refused = self.client.get("/admin/take-up/")
        self.assertRedirects(refused, "/admin/", fetch_redirect_response=False)
        self.assertNotContains(self.client.get("/admin/"), "Take-up overview")


class EditingTheFormPageTests(InterestAdminTestCase):
    def formset(self, *labels):
        data = {
            "form_fields-TOTAL_FORMS": str(len(labels)),
            "form_fields-INITIAL_FORMS": "0",
            "form_fields-MIN_NUM_FORMS": "0",
            "form_fields-MAX_NUM_FORMS": "1000",
        }
        for index, label in enumerate(labels):
            data.update(
                {
                    f"form_fields-{index}-label": label,
                    f"form_fields-{index}-field_type": "singleline",
                    f"form_fields-{index}-required": "",
                    f"form_fields-{index}-ORDER": str(index + 1),
                }
            )
        return data

    def post_page(self, *labels):
        other_home = make_home(slug="second-site-home")
        url = f"/admin/pages/add/cascading_pages/expressionofinterestpage/{other_home.pk}/"
        self.assertEqual(self.client.get(url).status_code, 200)
        data = {
            "title": "Register",
            "slug": "register",
            "introduction": "",
            "reply_within_working_days": "10",
            "thank_you_text": rich_text(""),
            **self.formset(*labels),
        }
        return self.client.post(url, data)

    def test_an_editor_adds_an_extra_question(self):
        response = self.post_page("Which sector are you in?")
        self.assertEqual(response.status_code, 302)
        from cascading_pages.interest.pages import ExpressionOfInterestPage

        page = ExpressionOfInterestPage.objects.get(slug="register")
        self.assertEqual([field.label for field in page.form_fields.all()], ["Which sector are you in?"])

    def test_an_extra_question_cannot_take_a_programme_questions_name(self):
        response = self.post_page("Email")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "The form already asks this")
