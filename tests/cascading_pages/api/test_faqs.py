"""A front end shows the FAQs grouped as editors arranged them, and links to single entries."""

from django.test import TestCase

from tests.cascading_pages.api.builders import build_programme_site


class FaqsApiTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_programme_site()

    def test_entries_come_grouped_by_category_in_editor_order(self):
        response = self.client.get("/api/v1/faqs/")
        self.assertEqual(response.status_code, 200)
        faqs = response.json()
        self.assertEqual(faqs["index"]["url"], "/faqs/")
        self.assertEqual([group["category"]["name"] for group in faqs["groups"]], ["Cost", "Eligibility"])
        self.assertEqual(
            [entry["question"] for entry in faqs["groups"][0]["entries"]],
            ["How much does it cost?", "Are there bursaries?"],
        )

    def test_reordering_in_the_admin_reorders_the_api(self):
        self.site.faq_cost_2.sort_order = 0
        self.site.faq_cost_2.save_revision().publish()
        entries = self.client.get("/api/v1/faqs/").json()["groups"][0]["entries"]
        self.assertEqual(entries[0]["question"], "Are there bursaries?")

    def test_a_single_entry_has_its_answer_as_html_and_its_anchor_on_the_index(self):
        entry = self.client.get(f"/api/v1/faqs/{self.site.faq_cost_1.pk}/").json()
        self.assertEqual(entry["question"], "How much does it cost?")
        self.assertTrue(entry["answer"].startswith("<p>"))
        self.assertEqual(entry["anchor"], f"faq-{self.site.faq_cost_1.slug}")
        self.assertEqual(entry["url"], self.site.faq_cost_1.url)

    def test_draft_entries_and_other_pages_are_not_faq_entries(self):
        for page in (self.site.draft_faq, self.site.coach):
            self.assertEqual(self.client.get(f"/api/v1/faqs/{page.pk}/").status_code, 404)
        questions = [
            e["question"] for g in self.client.get("/api/v1/faqs/").json()["groups"] for e in g["entries"]
        ]
        self.assertNotIn("Unpublished bursary changes", questions)
