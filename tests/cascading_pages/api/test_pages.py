"""A decoupled front end routes any URL and renders every page type from the pages API."""

from django.test import TestCase

from tests.cascading_pages.api.builders import build_programme_site
from tests.factories import make_standard_page


class PagesApiTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_programme_site()

    def get_json(self, url, **params):
        response = self.client.get(url, params)
        self.assertEqual(response.status_code, 200, response.content)
        return response.json()

    def find(self, path):
        return self.get_json("/api/v1/pages/find/", path=path)

    def test_a_front_end_routes_a_url_to_the_page_at_that_path(self):
        page = self.find("/coaches/amara-okafor/")
        self.assertEqual(page["type"], "cascading_pages.CoachPage")
        self.assertEqual(page["id"], self.site.coach.pk)
        self.assertEqual(page["url"], "/coaches/amara-okafor/")
        self.assertEqual([a["title"] for a in page["ancestors"]], ["Cascading Leadership", "Find a coach"])
        self.assertEqual(page["parent"]["url"], "/coaches/")
        self.assertEqual(self.find("/")["type"], "cascading_pages.HomePage")
        self.assertEqual(self.find("faqs")["type"], "cascading_pages.FaqIndexPage")

    def test_the_home_page_body_comes_as_typed_blocks_with_rendered_links(self):
        home = self.get_json(f"/api/v1/pages/{self.site.home.pk}/")
        self.assertEqual(home["introduction"], "Peer coaching for VCS leaders.")
        self.assertEqual(home["directory"]["url"], "/coaches/")
        blocks = home["body"]
        self.assertEqual(
            [block["type"] for block in blocks],
            ["heading", "text", "call_to_action", "call_to_action", "quote", "key_facts"],
        )
        self.assertTrue(all(block["id"] for block in blocks))
        self.assertEqual(blocks[0]["value"], "How does it work?")
        self.assertEqual(blocks[1]["value"], '<p>Read <a href="/about/">about us</a>.</p>')
        cta = blocks[2]["value"]
        self.assertEqual(cta["href"], "/about/")
        self.assertEqual(cta["link_page"]["title"], "About the programme")
        self.assertEqual(
            blocks[4]["value"], {"quote": "Time and space to reflect.", "attribution": "A participant"}
        )
        self.assertEqual(blocks[5]["value"]["facts"], [{"value": "£800", "label": "cost"}])

    def test_a_call_to_action_pointing_at_an_unpublished_page_names_nothing_about_it(self):
        blocks = self.get_json(f"/api/v1/pages/{self.site.home.pk}/")["body"]
        cta = blocks[3]["value"]
        self.assertIsNone(cta["link_page"])
        self.assertIsNone(cta["href"])

    def test_a_coach_profile_has_its_public_fields_vocabulary_names_and_photo_sizes(self):
        coach = self.get_json(f"/api/v1/pages/{self.site.coach.pk}/")
        self.assertEqual(coach["title"], "Amara Okafor")
        self.assertEqual(coach["role"], "Chief executive")
        self.assertEqual(coach["availability"], {"value": "available", "label": "Available"})
        self.assertEqual([r["name"] for r in coach["regions"]], ["London", "South East"])
        self.assertEqual(
            coach["languages"], [{"name": "English", "slug": "english"}, {"name": "Yoruba", "slug": "yoruba"}]
        )
        self.assertEqual(coach["biography"], '<p>Ask me about <a href="/about/">the programme</a>.</p>')
        photo = coach["photo"]
        self.assertEqual(photo["alt"], "Amara smiling, in a green jacket")
        sizes = {name: (r["width"], r["height"]) for name, r in photo["renditions"].items()}
        self.assertEqual(sizes, {"small": (160, 160), "medium": (320, 320), "large": (640, 640)})
        self.assertTrue(photo["renditions"]["medium"]["url"].startswith("http://testserver/"))
        for private in (
            "contact_email",
            "account",
            "internal_notes",
            "owner",
            "locked_by",
            "latest_revision",
        ):
            self.assertNotIn(private, coach)

    def test_the_rendition_url_serves_the_resized_image(self):
        coach = self.get_json(f"/api/v1/pages/{self.site.coach.pk}/")
        url = coach["photo"]["renditions"]["small"]["url"]
        from django.core.files.storage import default_storage

        self.assertTrue(default_storage.exists(url.split("/media/", 1)[1]))

    def test_faq_pages_carry_their_answer_category_and_order(self):
        entry = self.get_json(f"/api/v1/pages/{self.site.faq_cost_1.pk}/")
        self.assertEqual(entry["type"], "cascading_pages.FaqPage")
        self.assertEqual(entry["category"], {"name": "Cost", "slug": "cost"})
        self.assertEqual(entry["sort_order"], 1)
        self.assertEqual(entry["anchor"], f"faq-{self.site.faq_cost_1.slug}")
        index = self.find("/faqs/")
        self.assertEqual(
            [[e["question"] for e in group["entries"]] for group in index["groups"]],
            [["How much does it cost?", "Are there bursaries?"], ["Who can apply?"]],
        )

    def test_listing_filters_by_type_parent_and_menu_in_tree_order(self):
        listing = self.get_json("/api/v1/pages/", type="cascading_pages.FaqPage")
        self.assertEqual(listing["count"], 3)
        self.assertEqual({item["type"] for item in listing["items"]}, {"cascading_pages.FaqPage"})
        children = self.get_json("/api/v1/pages/", child_of=self.site.home.pk)
        self.assertEqual(
            [i["title"] for i in children["items"]],
            [
                "About the programme",
                "Find a coach",
                "Frequently asked questions",
                "Privacy notice",
                "Register your interest",
            ],
        )
        menu = self.get_json("/api/v1/pages/", child_of=self.site.home.pk, in_menu="true")
        self.assertEqual([i["title"] for i in menu["items"]], ["About the programme"])
        both = self.client.get(
            "/api/v1/pages/?type=cascading_pages.HomePage&type=cascading_pages.CoachPage"
        ).json()
        self.assertEqual([i["title"] for i in both["items"]], ["Cascading Leadership", "Amara Okafor"])

    def test_listing_pages_through_results_with_limit_and_offset(self):
        first = self.get_json("/api/v1/pages/", limit=2)
        rest = self.get_json("/api/v1/pages/", limit=100, offset=2)
        self.assertEqual(len(first["items"]), 2)
        self.assertEqual(first["count"], rest["count"])
        self.assertEqual(len(first["items"]) + len(rest["items"]), rest["count"])

    def test_drafts_and_view_restricted_pages_are_invisible(self):
        for page in (self.site.draft, self.site.private, self.site.draft_coach, self.site.draft_faq):
            with self.subTest(page=page.title):
                self.assertEqual(self.client.get(f"/api/v1/pages/{page.pk}/").status_code, 404)
                self.assertEqual(
                    self.client.get("/api/v1/pages/find/", {"path": page.url or "/draft/"}).status_code, 404
                )
        listed = {item["id"] for item in self.get_json("/api/v1/pages/", limit=100)["items"]}
        self.assertFalse(listed & {self.site.draft.pk, self.site.private.pk, self.site.draft_coach.pk})

    def test_children_of_a_restricted_page_are_private_too(self):
        hidden_child = make_standard_page(self.site.private, title="Minutes")
        self.assertEqual(self.client.get(f"/api/v1/pages/{hidden_child.pk}/").status_code, 404)
        self.assertEqual(
            self.client.get("/api/v1/pages/", {"child_of": self.site.private.pk}).json()["count"], 0
        )

    def test_a_logged_in_editor_sees_the_same_public_answer(self):
        self.client.force_login(self.site.account)
        self.assertEqual(self.client.get(f"/api/v1/pages/{self.site.draft.pk}/").status_code, 404)
        self.assertEqual(self.client.get(f"/api/v1/pages/{self.site.private.pk}/").status_code, 404)

    def test_unknown_paths_and_ids_are_json_404s(self):
        for url in ("/api/v1/pages/find/?path=/no/such/page/", "/api/v1/pages/999999/"):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 404)
            self.assertEqual(response["Content-Type"], "application/json")
            self.assertEqual(response.json()["status"], 404)
