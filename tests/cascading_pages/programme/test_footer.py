"""Programme editors write the footer of every public page under Settings › Footer: its words, the
programme team's address and a row of links. Until they do, the site's own words show."""

from django.test import TestCase
from django.urls import reverse
from wagtail.models import Site
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from cascading_pages.programme.models import SiteFooter
from tests.factories import (
    committed,
    make_coach,
    make_coach_login,
    make_directory,
    make_editor,
    make_home,
    make_standard_page,
)

HOST_WORDS = "It was developed by The King’s Fund with independent funders and VCS representatives"


def form_data(text="", contact_email="", links=()):
    return nested_form_data(
        {
            "text": rich_text(text),
            "contact_email": contact_email,
            "links": streamfield([("link", link) for link in links]),
        }
    )


def link(label, page=None, url=""):
    return {"label": label, "page": page.pk if page else "", "url": url}


class FooterTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        with committed():
            cls.home = make_home()
            cls.privacy = make_standard_page(cls.home, title="Privacy notice", slug="privacy")
            cls.draft = make_standard_page(cls.home, title="Accessibility", slug="accessibility", live=False)
            cls.priya = make_coach(make_directory(cls.home), title="Priya Shah")
            cls.editor = make_editor()
        cls.site = Site.objects.get(is_default_site=True)
        cls.url = reverse("wagtailsettings:edit", args=["cascading_pages", "sitefooter", cls.site.pk])

    def footer_of(self, page):
        html = self.client.get(page.url).content.decode()
        return html[html.index('<footer class="site-footer"') : html.index("</footer>")]


class FooterTests(FooterTestCase):
    def test_a_site_whose_editors_never_wrote_one_shows_its_own_words(self):
        footer = self.footer_of(self.home)
        self.assertIn(HOST_WORDS, footer)
        self.assertNotIn("Contact the programme team", footer)
        self.assertNotIn("<ul", footer)
        self.assertFalse(SiteFooter.objects.exists(), "a visitor's page view saves nothing")

    def test_an_editor_writes_the_footer_and_the_next_visitor_reads_it(self):
        self.assertIn(HOST_WORDS, self.footer_of(self.priya))  # now kept in the page cache
        self.client.force_login(self.editor)
        screen = self.client.get(self.url)
        for label in ("Footer text", "Programme team&#x27;s email address", "Links"):
            self.assertContains(screen, label)
        self.assertContains(screen, "Leave it empty to keep the words the site came with.")
        with committed():
            response = self.client.post(
                self.url,
                form_data(
                    text="<p>Cascading Leadership is run by <b>Friends of Leaders</b>.</p>",
                    contact_email="team@example.org",
                    links=[
                        link("Privacy", page=self.privacy),
                        link("Our funder", url="https://funder.example.org/"),
                        link("Accessibility", page=self.draft),  # not live: left out
                    ],
                ),
            )
        self.assertRedirects(response, self.url)
        self.client.logout()

        for page in (self.home, self.priya):
            with self.subTest(page=page.title):
                footer = self.footer_of(page)
                self.assertIn("Cascading Leadership is run by <b>Friends of Leaders</b>.</p>", footer)
                self.assertNotIn(HOST_WORDS, footer)
                self.assertIn('Contact the programme team: <a href="mailto:team@example.org">', footer)
                self.assertIn('<li><a href="/privacy/">Privacy</a></li>', footer)
                self.assertIn('<li><a href="https://funder.example.org/">Our funder</a></li>', footer)
                self.assertNotIn("Accessibility", footer)

    def test_a_link_needs_a_page_or_an_address_but_not_both(self):
        self.client.force_login(self.editor)
        for bad in (link("Privacy"), link("Privacy", page=self.privacy, url="https://example.org/")):
            with self.subTest(link=bad):
                response = self.client.post(self.url, form_data(links=[bad]))
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "The setting could not be saved due to errors.")
                self.assertContains(response, "Choose a page or give a web address: one of them.")
        self.assertFalse(SiteFooter.objects.exclude(links=[]).exists())

    def test_a_coach_can_neither_see_nor_change_it(self):
        self.client.force_login(make_coach_login(self.priya, username="priya"))
        menu = reverse("wagtailsettings:edit", args=["cascading_pages", "sitefooter"])
        self.assertNotContains(self.client.get(reverse("wagtailadmin_home")), menu)
        for response in (
            self.client.get(self.url),
            self.client.post(self.url, form_data(text="<p>Priya</p>")),
        ):
            self.assertRedirects(response, reverse("wagtailadmin_home"), fetch_redirect_response=False)
        self.assertFalse(SiteFooter.objects.filter(text__contains="Priya").exists())
