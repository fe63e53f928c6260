"""Crawlers are shown every public page, coaches' profiles included, and told what to leave alone."""

from django.test import TestCase
from wagtail.models import PageViewRestriction

from tests.factories import (
    make_coach,
    make_directory,
    make_faq,
    make_faq_index,
    make_home,
    make_standard_page,
)


class SitemapTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_home()
        cls.about = make_standard_page(cls.home, title="About the programme", slug="about")
        cls.draft = make_standard_page(cls.home, live=False, title="Draft", slug="draft-page")
        cls.private = make_standard_page(cls.home, title="Members", slug="members-only")
        PageViewRestriction.objects.create(page=cls.private, restriction_type="password", password="s3cret")
        cls.directory = make_directory(cls.home)
        cls.coach = make_coach(cls.directory, title="Priya Shah", slug="priya-shah")
        cls.unpublished_coach = make_coach(cls.directory, live=False, slug="hidden-coach")
        cls.faqs = make_faq_index(cls.home)
        cls.faq = make_faq(cls.faqs, slug="who-can-apply")

    def test_a_crawler_finds_every_live_public_page_and_coach(self):
        response = self.client.get("/sitemap.xml")

        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/xml")
        body = response.content.decode()
        for page in (self.home, self.about, self.directory, self.coach, self.faqs, self.faq):
            self.assertIn(f"<loc>{page.full_url}</loc>", body)
        self.assertIn("<lastmod>", body)

    def test_drafts_and_restricted_pages_are_left_out(self):
        body = self.client.get("/sitemap.xml").content.decode()

        self.assertNotIn("draft-page", body)
        self.assertNotIn("hidden-coach", body)
        self.assertNotIn("members-only", body)


class RobotsTests(TestCase):
    def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_the_admin_and_links(self):
        response = self.client.get("/robots.txt", HTTP_HOST="coaching.example.org")

        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/plain")
        lines = response.content.decode().splitlines()
        self.assertEqual(lines[0], "User-agent: *")
        for path in ("/admin/", "/django-admin/", "/coach-response/", "/profile-check/"):
            self.assertIn(f"Disallow: {path}", lines)
        self.assertIn("Sitemap: http://coaching.example.org/sitemap.xml", lines)
        self.assertNotIn("Disallow: /", lines)  # The public site stays crawlable.
