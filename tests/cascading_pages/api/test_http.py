"""The API behaves well over HTTP: caching, cross-origin rules, and JSON errors for bad input."""

import re

from django.test import TestCase, override_settings

from tests.factories import make_home, make_standard_page

FRONT_END = "https://app.example.org"


class CachingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_home()
        cls.page = make_standard_page(cls.home, title="About", slug="about")

    def test_reads_are_publicly_cacheable_and_a_conditional_get_answers_304(self):
        url = f"/api/v1/pages/{self.page.pk}/"
        first = self.client.get(url)
        self.assertEqual(first["Cache-Control"], "public, max-age=300")
        self.assertTrue(first["ETag"].startswith('"'))

        again = self.client.get(url, headers={"If-None-Match": first["ETag"]})

        self.assertEqual(again.status_code, 304)
        self.assertEqual(again.content, b"")
        self.assertEqual(again["ETag"], first["ETag"])

    def test_publishing_a_change_changes_the_etag(self):
        url = f"/api/v1/pages/{self.page.pk}/"
        before = self.client.get(url)["ETag"]
        self.page.title = "About the programme"
        self.page.save_revision().publish()
        after = self.client.get(url, headers={"If-None-Match": before})
        self.assertEqual(after.status_code, 200)
        self.assertNotEqual(after["ETag"], before)
        self.assertEqual(after.json()["title"], "About the programme")

    def test_errors_are_never_stored(self):
        response = self.client.get("/api/v1/pages/999999/")
        self.assertEqual(response["Cache-Control"], "no-store")
        self.assertNotIn("ETag", response)


class CorsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_home()

    def test_without_configured_origins_no_cross_origin_access_is_granted(self):
        response = self.client.get("/api/v1/pages/", headers={"Origin": FRONT_END})
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("Access-Control-Allow-Origin", response)
        preflight = self.client.options(
            "/api/v1/pages/", headers={"Origin": FRONT_END, "Access-Control-Request-Method": "GET"}
        )
        self.assertNotIn("Access-Control-Allow-Origin", preflight)

    @override_settings(CORS_ALLOWED_ORIGINS=[FRONT_END])
    def test_a_configured_front_end_may_read_and_preflight(self):
        response = self.client.get("/api/v1/pages/", headers={"Origin": FRONT_END})
        self.assertEqual(response["Access-Control-Allow-Origin"], FRONT_END)
        self.assertIn("ETag", response["Access-Control-Expose-Headers"])
        self.assertIn("Origin", response["Vary"])
        preflight = self.client.options(
            "/api/v1/pages/", headers={"Origin": FRONT_END, "Access-Control-Request-Method": "GET"}
        )
        self.assertEqual(preflight.status_code, 204)
        self.assertEqual(preflight["Access-Control-Allow-Origin"], FRONT_END)
        self.assertIn("GET", preflight["Access-Control-Allow-Methods"])

    @override_settings(CORS_ALLOWED_ORIGINS=[FRONT_END])
    def test_other_origins_and_the_html_site_get_no_cors_headers(self):
        other = self.client.get("/api/v1/pages/", headers={"Origin": "https://evil.example"})
        self.assertNotIn("Access-Control-Allow-Origin", other)
        self.assertIn("Origin", other["Vary"])
        html = self.client.get("/", headers={"Origin": FRONT_END})
        self.assertNotIn("Access-Control-Allow-Origin", html)


class BadInputTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_home()

    def assertJsonError(self, response, status):
        self.assertEqual(response.status_code, status, response.content)
        self.assertEqual(response["Content-Type"], "application/json")
        body = response.json()
        self.assertEqual(body["status"], status)
        return body

    def test_unknown_parameters_are_named_in_a_400(self):
        body = self.assertJsonError(self.client.get("/api/v1/pages/", {"typ": "x", "limit": 2}), 400)
        self.assertEqual(body["errors"][0]["loc"], ["query", "typ"])

    def test_wrong_types_and_huge_values_are_400s(self):
        for query in (
            {"limit": "ten"},
            {"limit": "101"},
            {"offset": "-1"},
            {"offset": str(10**30)},
            {"child_of": str(2**63)},
            {"in_menu": "perhaps"},
            {"type": "auth.User"},
        ):
            with self.subTest(query=query):
                self.assertJsonError(self.client.get("/api/v1/pages/", query), 400)
        self.assertJsonError(self.client.get("/api/v1/pages/find/", {"path": "x" * 2001}), 400)
        self.assertJsonError(self.client.get("/api/v1/pages/find/"), 400)

    def test_ids_out_of_range_or_not_numbers_are_4xx_never_500(self):
        self.assertJsonError(self.client.get(f"/api/v1/pages/{2**63}/"), 400)
        self.assertJsonError(self.client.get("/api/v1/pages/0/"), 400)
        self.assertJsonError(self.client.get("/api/v1/pages/abc/"), 400)

    def test_methods_not_allowed_are_json_405s_naming_what_is_allowed(self):
        for method in ("post", "put", "patch", "delete"):
            with self.subTest(method=method):
                response = getattr(self.client, method)(
                    "/api/v1/pages/", data="{not json", content_type="application/json"
                )
                self.assertJsonError(response, 405)
                self.assertEqual(response["Allow"], "GET")

    def test_paths_the_api_does_not_have_are_json_404s(self):
        for url in ("/api/v1/", "/api/v1/coaches-typo/", "/api/v1/pages/1/extra/"):
            with self.subTest(url=url):
                self.assertJsonError(self.client.get(url), 404)


class DocsPageTests(TestCase):
    def test_the_docs_page_loads_nothing_from_other_hosts_and_no_inline_script(self):
        response = self.client.get("/api/v1/docs")
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        sources = re.findall(r'(?:src|href)="([^"]+)"', html)
        self.assertTrue(sources)
        self.assertTrue(all(source.startswith("/static/ninja/") for source in sources), sources)
        for attributes in re.findall(r"<script([^>]*)>", html):
            self.assertTrue('src="' in attributes or 'type="application/json"' in attributes, attributes)
        self.assertIn('"validatorUrl": null', html)

    def test_the_docs_page_assets_exist(self):
        from django.contrib.staticfiles import finders

        for asset in ("ninja/swagger-ui.css", "ninja/swagger-ui-bundle.js", "ninja/swagger-ui-init.js"):
            self.assertTrue(finders.find(asset), asset)
