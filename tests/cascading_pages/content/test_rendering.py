"""Every page type renders for a visitor and opens in the editor; private coach data stays private."""

from django.contrib.auth import get_user_model
from wagtail.models import get_page_models
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from tests.factories import (
    make_coach,
    make_directory,
    make_faq,
    make_faq_index,
    make_home,
    make_interest_page,
    make_standard_page,
)


class EveryPageTypeRendersTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_home(
            introduction="Peer coaching for VCS leaders.",
            body=[
                ("heading", "How does it work?"),
                ("text", "<p>Around five one-to-one sessions.</p>"),
                ("quote", {"quote": "Time and space to reflect.", "attribution": "A participant"}),
                ("key_facts", {"heading": "At a glance", "facts": [{"value": "£800", "label": "cost"}]}),
            ],
        )
        cls.about = make_standard_page(cls.home, title="About the programme")
        cls.directory = make_directory(cls.home)
        cls.coach = make_coach(
            cls.directory,
            title="Amara Okafor",
            regions=["London"],
            expertise=["Strategy and planning"],
            languages=["English", "Yoruba"],
        )
        cls.faq_index = make_faq_index(cls.home)
        cls.faq = make_faq(cls.faq_index, category="Cost", title="How much does it cost?")
        cls.form_page = make_interest_page(cls.home)
        cls.editor = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")

    def test_each_page_type_renders_and_is_editable(self):
        pages = (self.home, self.about, self.directory, self.coach, self.faq_index, self.faq, self.form_page)
        # Every page type the plugin defines, so a new one cannot be left out of this test.
        self.assertEqual(
            {type(page) for page in pages},
            {model for model in get_page_models() if model._meta.app_label == "cascading_pages"},
        )
        for page in pages:
            with self.subTest(page=type(page).__name__):
                self.assertPageIsRenderable(page)
                form_data = self.edit_form_data(page)
                self.assertPageIsEditable(page, post_data=form_data, user=self.editor)
                self.assertPageIsPreviewable(page, post_data=form_data, user=self.editor)

    @staticmethod
    def edit_form_data(page):
        """What an editor would post for pages whose StreamField the default form data lacks."""
        if not hasattr(page, "body"):
            return None
        return nested_form_data(
            {
                "title": page.title,
                "slug": page.slug,
                "introduction": page.introduction,
                "body": streamfield(
                    [
                        ("heading", "Edited heading"),
                        ("text", rich_text("<p>Edited text.</p>")),
                    ]
                ),
            }
        )

    def test_home_page_shows_its_blocks_and_links_to_the_directory(self):
        response = self.client.get(self.home.url)
        self.assertContains(response, "<h1>Cascading Leadership</h1>", html=True)
        self.assertContains(response, "How does it work?")
        self.assertContains(response, "Time and space to reflect.")
        self.assertContains(response, "£800")
        self.assertContains(response, f'href="{self.directory.url}"')

    def test_coach_profile_shows_the_public_profile(self):
        response = self.client.get(self.coach.url)
        self.assertContains(response, "<h1>Amara Okafor</h1>", html=True)
        self.assertContains(response, "London")
        self.assertContains(response, "Strategy and planning")
        self.assertContains(response, "English, Yoruba")

    def test_directory_lists_live_coaches_alphabetically(self):
        make_coach(self.directory, title="Zofia Kowalczyk")
        make_coach(self.directory, title="Bethan Llewellyn")
        make_coach(self.directory, title="Hidden Draft", live=False)
        response = self.client.get(self.directory.url)
        names = [coach.title for coach in response.context["coaches"]]
        self.assertEqual(names, ["Amara Okafor", "Bethan Llewellyn", "Zofia Kowalczyk"])
        self.assertNotContains(response, "Hidden Draft")

    def test_directory_paginates_twelve_at_a_time_and_tolerates_bad_page_numbers(self):
        for i in range(13):
            make_coach(self.directory, title=f"Paged Coach {i:02d}")
        first = self.client.get(self.directory.url)
        self.assertEqual(len(first.context["coaches"]), 12)
        self.assertContains(first, "Page 1 of 2")
        for page in ("2", "999", "abc", "-1"):
            with self.subTest(page=page):
                response = self.client.get(self.directory.url, {"page": page})
                self.assertEqual(response.status_code, 200)

    def test_faq_index_groups_entries_and_anchors_each_one(self):
        make_faq(self.faq_index, category="About", title="Who is it for?")
        response = self.client.get(self.faq_index.url)
        self.assertContains(response, "How much does it cost?")
        self.assertContains(response, f'id="faq-{self.faq.slug}"')
        categories = [category.name for category, _ in response.context["entries_by_category"]]
        self.assertEqual(sorted(categories), ["About", "Cost"])


class PrivateCoachDataTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        home = make_home()
        cls.directory = make_directory(home)
        cls.account = get_user_model().objects.create_user(
            "secret-coach-login", "secret.login@example.org", "pw"
        )
        cls.coach = make_coach(
            cls.directory,
            title="Private Person",
            contact_email="private.contact@example.org",
            internal_notes="Confidential: prefers Tuesday calls",
            account=cls.account,
        )
        cls.pages = [home, cls.directory, cls.coach]

    def test_private_fields_appear_nowhere_in_public_html(self):
        for page in self.pages:
            response = self.client.get(page.url)
            self.assertEqual(response.status_code, 200)
            html = response.content.decode()
            with self.subTest(page=page.title):
                for secret in (
                    "private.contact@example.org",
                    "Confidential: prefers Tuesday calls",
                    "secret-coach-login",
                    "secret.login@example.org",
                ):
                    self.assertNotIn(secret, html)

    def test_copying_a_profile_does_not_copy_who_the_coach_is(self):
        copy = self.coach.copy(update_attrs={"slug": "copied-coach", "title": "Copied"}, keep_live=False)
        self.assertEqual(copy.specific.contact_email, "")
        self.assertIsNone(copy.specific.account)
        self.assertEqual(copy.specific.internal_notes, "")
