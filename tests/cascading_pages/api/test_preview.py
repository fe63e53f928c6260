"""An editor previews unsaved changes in the decoupled front end, which reads them from the API."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

from django.test import override_settings
from django.urls import reverse
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import querydict_from_html, rich_text

from tests.factories import make_coach, make_directory, make_home

FRONT_END = {"CLIENT_URLS": {"default": "https://app.example.org/preview"}}


@override_settings(WAGTAIL_HEADLESS_PREVIEW=FRONT_END)
class HeadlessPreviewTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        home = make_home()
        cls.coach = make_coach(make_directory(home), title="Amara Okafor", summary="Published summary.")
        cls.editor = cls.create_superuser("editor")

    def preview_in_front_end(self, **changes):
        """What the admin's "Decoupled front end" preview mode shows: the front end's preview URL."""
        self.client.force_login(self.editor)
        edit_url = reverse("wagtailadmin_pages:edit", args=[self.coach.pk])
        form = querydict_from_html(self.client.get(edit_url).content.decode(), form_id="page-edit-form")
        for field, value in changes.items():
            form[field] = value
        preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[self.coach.pk])
        self.assertJSONEqual(
            self.client.post(preview_url, form).content, {"is_valid": True, "is_available": True}
        )
        panel = self.client.get(preview_url, {"mode": "headless"}).content.decode()
        self.client.logout()
        (iframe_src,) = re.findall(r'<iframe src="([^"]+)"', panel)
        return unescape(iframe_src)

    def test_the_front_end_renders_the_unsaved_draft(self):
        front_end_url = self.preview_in_front_end(summary="A summary not saved yet.")
        self.assertTrue(front_end_url.startswith("https://app.example.org/preview/?"))
        params = {key: values[0] for key, values in parse_qs(urlsplit(front_end_url).query).items()}
        self.assertEqual(params["content_type"], "cascading_pages.coachpage")

        response = self.client.get("/api/v1/preview/", params)

        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["summary"], "A summary not saved yet.")
        self.assertEqual(response.json()["type"], "cascading_pages.CoachPage")
        self.assertIn("no-store", response["Cache-Control"])
        self.assertIn("private", response["Cache-Control"])
        self.assertNotIn("contact_email", response.json())
        live = self.client.get(f"/api/v1/pages/{self.coach.pk}/").json()
        self.assertEqual(live["summary"], "Published summary.")

    def test_a_page_not_created_yet_can_be_previewed_too(self):
        self.client.force_login(self.editor)
        directory = self.coach.get_parent()
        add_url = reverse("wagtailadmin_pages:add", args=["cascading_pages", "coachpage", directory.pk])
        form = querydict_from_html(self.client.get(add_url).content.decode(), form_id="page-edit-form")
        form.update(
            {
                "title": "New Coach",
                "slug": "new-coach",
                "role": "Director",
                "organisation": "New Org",
                "summary": "Not created yet.",
                "biography": rich_text("<p>Bio.</p>"),
                "contact_email": "new@example.org",
            }
        )
        preview_url = reverse(
            "wagtailadmin_pages:preview_on_add", args=["cascading_pages", "coachpage", directory.pk]
        )
        self.assertJSONEqual(
            self.client.post(preview_url, form).content, {"is_valid": True, "is_available": True}
        )
        panel = self.client.get(preview_url, {"mode": "headless"}).content.decode()
        self.client.logout()
        (iframe_src,) = re.findall(r'<iframe src="([^"]+)"', panel)
        params = {key: values[0] for key, values in parse_qs(urlsplit(unescape(iframe_src)).query).items()}

        page = self.client.get("/api/v1/preview/", params).json()

        self.assertEqual((page["id"], page["title"], page["summary"]), (0, "New Coach", "Not created yet."))
        self.assertNotIn("new@example.org", str(page))

    def test_the_html_site_keeps_its_own_default_preview(self):
        self.assertEqual([mode for mode, _ in self.coach.preview_modes], ["", "headless"])
        self.assertPageIsPreviewable(self.coach, mode="", user=self.editor)

    def test_tampered_or_expired_tokens_and_other_models_get_404(self):
        params = parse_qs(urlsplit(self.preview_in_front_end()).query)
        token = params["token"][0]
        for query in (
            {"content_type": "cascading_pages.coachpage", "token": token + "x"},
            {"content_type": "auth.user", "token": token},
            {"content_type": "nonsense", "token": token},
        ):
            with self.subTest(query=query):
                response = self.client.get("/api/v1/preview/", query)
                self.assertEqual(response.status_code, 404)
                self.assertEqual(response["Content-Type"], "application/json")
        with self.settings(CASCADING_PREVIEW_TOKEN_MAX_AGE=-1):
            expired = self.client.get(
                "/api/v1/preview/", {"content_type": "cascading_pages.coachpage", "token": token}
            )
            self.assertEqual(expired.status_code, 404)

    def test_missing_parameters_are_a_json_400(self):
        response = self.client.get("/api/v1/preview/")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(
            {tuple(e["loc"]) for e in response.json()["errors"]},
            {("query", "content_type"), ("query", "token")},
        )


class WithoutAFrontEndTests(WagtailPageTestCase):
    def test_no_headless_preview_mode_is_offered(self):
        coach_page_modes = make_coach(make_directory(make_home())).preview_modes
        self.assertEqual([mode for mode, _ in coach_page_modes], [""])
