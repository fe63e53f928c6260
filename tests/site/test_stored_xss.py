"""An attacker's text typed into any field comes back out as text: in the site's HTML, the JSON API,
the admin's listings and every spreadsheet export.

Editors (and coaches, who edit their profile through the same page editor) type the payloads
into the real admin forms; leaders type theirs into the real expression of interest form.
"""

import csv
import io
import json
import re
import uuid

from django.contrib.auth import get_user_model
from django.test import TestCase
from openpyxl import load_workbook
from wagtail.test.utils.form_data import nested_form_data, streamfield

from cascading_pages.coaches.models import CoachPage
from cascading_pages.content.models import HomePage
from cascading_pages.faqs.models import FaqCategory, FaqPage
from cascading_pages.interest.exports import spreadsheet_safe
from cascading_pages.interest.models import ExpressionOfInterest
from cascading_pages.vocabularies.models import Region
from tests.factories import (
    interest_answers,
    make_coach,
    make_directory,
    make_faq_index,
    make_home,
    make_interest_page,
)

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '"><img src=x onerror=alert(1)>'


def payload(where):
    """A payload naming the field it was typed into, so a leak says where it came from."""
    return f"{where}{ATTRIBUTE}{SCRIPT}"


# What must never appear raw in a page: an element or attribute the browser would act on.
DANGEROUS = [
    re.compile(r"<script>alert"),
    re.compile(r"<img src=x onerror"),
    re.compile(r"""href=["']?\s*javascript:""", re.IGNORECASE),
]


def contentstate(text, link_to=None):
    """Draftail's rich text data, as the editor's browser posts it: ``text``, linked when given a URL."""
    entity_ranges = [{"offset": 0, "length": len(text), "key": 0}] if link_to else []
    entities = {"0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": link_to}}} if link_to else {}
    return json.dumps(
        {
            "blocks": [
                {
                    "key": "xss01",
                    "type": "unstyled",
                    "depth": 0,
                    "text": text,
                    "inlineStyleRanges": [],
                    "entityRanges": entity_ranges,
                    "data": {},
                }
            ],
            "entityMap": entities,
        }
    )


class StoredXssTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_home()
        cls.directory = make_directory(cls.home)
        cls.faq_index = make_faq_index(cls.home)
        cls.editor = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")

    def setUp(self):
        self.client.force_login(self.editor)

    def assertNeutralised(self, html, context=""):
        for pattern in DANGEROUS:
            self.assertIsNone(pattern.search(html), f"{pattern.pattern!r} came out raw {context}")

    def assertShownAsText(self, html, field):
        """The payload typed into ``field`` is on the page, as the text the editor typed."""
        shown = re.compile(
            re.escape(field) + r'(&quot;|&#x27;|")&gt;&lt;img src=x onerror=alert\(1\)&gt;&lt;script&gt;'
        )
        self.assertRegex(html, shown)

    def post_page(self, url, data):
        response = self.client.post(url, {**data, "action-publish": "publish"})
        if response.status_code != 302:
            form = response.context and response.context.get("form")
            self.fail(f"the admin refused the page: {form.errors if form else response.status_code}")
        return response


class EditorFieldsTests(StoredXssTestCase):
    def add_coach_in_the_admin(self, **overrides):
        data = nested_form_data(
            {
                "title": payload("name"),
                "slug": "payload-coach",
                "role": payload("role")[:120],
                "organisation": payload("organisation"),
                "organisation_url": "https://example.org/",
                "summary": payload("summary"),
                "biography": contentstate(payload("biography"), link_to="javascript:alert(1)"),
                "coaching_approach": contentstate(payload("approach")),
                "regions": [str(self.region.pk)],
                "contact_email": "coach@example.org",
                "internal_notes": payload("notes"),
                "seo_title": payload("seo"),
                "search_description": payload("description"),
                **overrides,
            }
        )
        data["regions"] = [str(self.region.pk)]
        return self.client.post(
            f"/admin/pages/add/cascading_pages/coachpage/{self.directory.pk}/",
            {**data, "action-publish": "publish"},
        )

    def setUp(self):
        super().setUp()
        response = self.client.post(
            "/admin/snippets/cascading_pages/region/add/",
            {"name": payload("region"), "slug": "", "sort_order": 0},
        )
        self.assertEqual(response.status_code, 302)
        self.region = Region.objects.get()

    def test_a_coach_profile_full_of_payloads_renders_as_text_everywhere(self):
        self.assertEqual(self.add_coach_in_the_admin().status_code, 302)
        coach = CoachPage.objects.get(slug="payload-coach")
        self.assertNotIn("javascript:", coach.biography, "the editor's link converter drops the scheme")

        profile = self.client.get(coach.url).content.decode()
        self.assertNeutralised(profile, "on the profile")
        for field in ("name", "role", "organisation", "summary", "biography", "approach", "region", "seo"):
            with self.subTest(field=field):
                self.assertShownAsText(profile, field)
        self.assertNotIn("notes", profile)

        directory = self.client.get(self.directory.url).content.decode()
        self.assertNeutralised(directory, "in the directory")
        self.assertShownAsText(directory, "name")

        for url in (
            "/admin/pages/",
            f"/admin/pages/{self.directory.pk}/",
            f"/admin/pages/{coach.pk}/edit/",
            "/admin/snippets/cascading_pages/region/",
            f"/admin/snippets/cascading_pages/region/edit/{self.region.pk}/",
        ):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertNeutralised(response.content.decode(), f"in the admin at {url}")

    def test_a_javascript_url_is_refused_as_the_organisation_website(self):
        for url in (
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "data:text/html,hi",
        ):
            with self.subTest(url=url):
                response = self.add_coach_in_the_admin(organisation_url=url)
                self.assertEqual(response.status_code, 200)
                self.assertFalse(CoachPage.objects.filter(slug="payload-coach").exists())
                self.assertIn("organisation_url", response.context["form"].errors)

    def test_home_page_blocks_render_payloads_as_text_and_refuse_javascript_links(self):
        cta = {
            "heading": payload("cta-heading"),
            "text": payload("cta-text"),
            "link_page": "",
            "link_url": "https://example.org/",
            "link_label": payload("label")[:60],
        }
        body = streamfield(
            [
                ("heading", payload("heading")),
                ("text", contentstate(payload("text"), link_to="javascript:alert(1)")),
                ("call_to_action", cta),
                ("quote", {"quote": payload("quote"), "attribution": payload("attribution")}),
                (
                    "key_facts",
                    {
                        "heading": payload("facts"),
                        "facts": {
                            "count": "1",
                            "0": {
                                "value": {"value": payload("v")[:40], "label": payload("fact")},
                                "deleted": "",
                                "order": "0",
                                "id": "",
                            },
                        },
                    },
                ),
            ]
        )
        data = nested_form_data(
            {
                "title": payload("title"),
                "slug": self.home.slug,
                "introduction": payload("intro"),
                "body": body,
            }
        )
        self.post_page(f"/admin/pages/{self.home.pk}/edit/", data)
        html = self.client.get(HomePage.objects.get(pk=self.home.pk).url).content.decode()
        self.assertNeutralised(html, "on the home page")
        for field in ("title", "intro", "heading", "text", "cta-heading", "cta-text", "quote", "fact"):
            with self.subTest(field=field):
                self.assertShownAsText(html, field)

        data["body-2-value-link_url"] = "javascript:alert(1)"
        response = self.client.post(f"/admin/pages/{self.home.pk}/edit/", {**data, "action-publish": "1"})
        self.assertEqual(response.status_code, 200, "a javascript: link on a call to action is refused")
        self.assertNotIn("javascript:", str(HomePage.objects.get(pk=self.home.pk).body.raw_data))

    def test_faq_questions_answers_and_categories_render_as_text(self):
        response = self.client.post(
            "/admin/snippets/cascading_pages/faqcategory/add/",
            {"name": payload("category"), "slug": "", "sort_order": 0},
        )
        self.assertEqual(response.status_code, 302)
        data = nested_form_data(
            {
                "title": payload("question"),
                "slug": "payload-question",
                "answer": contentstate(payload("answer"), link_to="javascript:alert(1)"),
                "category": str(FaqCategory.objects.get().pk),
                "sort_order": "0",
            }
        )
        self.post_page(f"/admin/pages/add/cascading_pages/faqpage/{self.faq_index.pk}/", data)
        entry = FaqPage.objects.get(slug="payload-question")
        for url in (self.faq_index.url, entry.url, "/admin/snippets/cascading_pages/faqcategory/"):
            with self.subTest(url=url):
                html = self.client.get(url).content.decode()
                self.assertNeutralised(html, f"at {url}")
        self.assertShownAsText(self.client.get(self.faq_index.url).content.decode(), "answer")


class ExpressionOfInterestFieldsTests(StoredXssTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.coach = make_coach(cls.directory, title='=HYPERLINK("https://evil.example","Coach")')
        cls.page = make_interest_page(
            cls.home,
            title=payload("form-title"),
            introduction=payload("form-intro"),
            extra_questions=[
                {
                    "label": "@SUM(1+1)*cmd|' /C calc'!A0",
                    "field_type": "singleline",
                    "required": False,
                    "help_text": payload("help"),
                },
                {"label": "Anything else?", "field_type": "multiline", "required": False},
            ],
        )

    def leader_sends_payloads(self):
        answers = interest_answers(
            self.coach,
            leader_name=payload("leader"),
            phone="+44 20 7946 0123",
            role=payload("role")[:120],
            organisation="=cmd|' /C calc'!A0",
            hopes=f"-2+3{SCRIPT}",
            sum1_1cmd_c_calca0="\t=1+1",
            anything_else=f"\r@evil{ATTRIBUTE}",
        )
        response = self.client.post(self.page.url, answers)
        self.assertContains(response, "Thank you")
        self.assertNeutralised(response.content.decode(), "on the thank-you page")
        return ExpressionOfInterest.objects.get()

    def test_the_form_shows_editor_text_as_text(self):
        html = self.client.get(self.page.url).content.decode()
        self.assertNeutralised(html, "on the form")
        self.assertShownAsText(html, "help")

    def test_the_json_api_returns_payloads_as_json_strings_never_as_html(self):
        response = self.client.get(f"/api/v1/forms/{self.page.pk}/")
        self.assertEqual(response["Content-Type"], "application/json; charset=utf-8")
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        described = response.json()
        self.assertEqual(described["title"], payload("form-title"))
        self.assertEqual(described["introduction"], payload("form-intro"))

        answers = interest_answers(self.coach, leader_name=payload("leader"), privacy_consent=True)
        answers["submission_token"] = str(uuid.uuid4())
        answers = {key: value for key, value in answers.items() if value != ""}
        response = self.client.post(
            f"/api/v1/forms/{self.page.pk}/", json.dumps(answers), content_type="application/json"
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(ExpressionOfInterest.objects.get().leader_name, payload("leader"))

    def test_the_admin_listings_show_leaders_payloads_as_text(self):
        submission = self.leader_sends_payloads()
        for url in (
            "/admin/cascading_pages/expressionofinterest/",
            f"/admin/cascading_pages/expressionofinterest/inspect/{submission.pk}/",
            f"/admin/cascading_pages/expressionofinterest/edit/{submission.pk}/",
            f"/admin/forms/submissions/{self.page.pk}/",
            "/admin/forms/",
            "/admin/take-up/",
        ):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertNeutralised(response.content.decode(), f"in the admin at {url}")
        listing = self.client.get("/admin/cascading_pages/expressionofinterest/").content.decode()
        self.assertShownAsText(listing, "leader")

    def assertNoFormulas(self, rows, where):
        for row in rows:
            for cell in row:
                if isinstance(cell, str) and cell != "-":
                    self.assertFalse(
                        cell.startswith(("=", "+", "-", "@", "\t", "\r")), f"{cell!r} in {where}"
                    )

    def test_every_spreadsheet_export_neutralises_formulas(self):
        self.leader_sends_payloads()
        exports = {
            "the expressions of interest list": "/admin/cascading_pages/expressionofinterest/",
            "the form builder's submissions": f"/admin/forms/submissions/{self.page.pk}/",
        }
        for where, url in exports.items():
            with self.subTest(where=where, format="csv"):
                response = self.client.get(url, {"export": "csv"})
                text = b"".join(response.streaming_content).decode("utf-8")
                rows = list(csv.reader(io.StringIO(text)))
                self.assertNoFormulas(rows, where)
                self.assertIn("'=cmd|' /C calc'!A0", text)
            with self.subTest(where=where, format="xlsx"):
                response = self.client.get(url, {"export": "xlsx"})
                workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
                cells = list(workbook.active.iter_rows())
                self.assertEqual([c for row in cells for c in row if c.data_type == "f"], [])
                rows = [[cell.value for cell in row] for row in cells]
                self.assertNoFormulas(rows, where)
                self.assertIn("'=cmd|' /C calc'!A0", [value for row in rows for value in row])

        builder = self.client.get(f"/admin/forms/submissions/{self.page.pk}/", {"export": "csv"})
        text = b"".join(builder.streaming_content).decode("utf-8")
        self.assertIn("'@SUM(1+1)*cmd|' /C calc'!A0", text, "an editor's question label is a heading")
        self.assertIn("'-2+3", text)
        self.assertIn("'+44 20 7946 0123", text)

        overview = self.client.get("/admin/take-up/", {"export": "csv"})
        rows = list(csv.reader(io.StringIO(overview.content.decode("utf-8"))))
        self.assertNoFormulas(rows, "the take-up overview")
        self.assertIn(["Expressions of interest per first-choice coach", f"'{self.coach.title}", "1"], rows)

    def test_wagtails_own_page_reports_neutralise_a_coachs_formula_title_too(self):
        for report in ("/admin/reports/aging-pages/", "/admin/reports/site-history/"):
            with self.subTest(report=report, format="csv"):
                response = self.client.get(report, {"export": "csv"})
                rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8"))))
                self.assertNoFormulas(rows, report)
                self.assertIn(f"'{self.coach.title}", [cell for row in rows for cell in row])
            with self.subTest(report=report, format="xlsx"):
                response = self.client.get(report, {"export": "xlsx"})
                workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
                rows = [[cell.value for cell in row] for row in workbook.active.iter_rows()]
                self.assertNoFormulas(rows, report)


class SpreadsheetSafeTests(TestCase):
    def test_only_text_that_starts_like_a_formula_is_changed(self):
        cases = {
            "=1+1": "'=1+1",
            "+44 20 7946 0123": "'+44 20 7946 0123",
            "-cmd": "'-cmd",
            "@SUM(A1)": "'@SUM(A1)",
            "\t=1": "'\t=1",
            "\r=1": "'\r=1",
            "Amara = Okafor": "Amara = Okafor",
            "-": "-",
            "": "",
            -5: -5,
            None: None,
        }
        for value, expected in cases.items():
            with self.subTest(value=value):
                self.assertEqual(spreadsheet_safe(value), expected)
