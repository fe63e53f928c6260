"""A coach's admin shows only what they need, speaking to them as "you"; the team's stays whole."""

from django.test import TestCase
from django.urls import reverse
from wagtail.models import Collection

from cascading_pages.coaches.accounts import COACH_PHOTOS_COLLECTION
from cascading_pages.coaches.models import CoachPage
from tests.cascading_pages.coaches.test_coach_self_service import edit_url, profile_form_data
from tests.factories import make_coach, make_coach_login, make_directory, make_editor, make_home, make_image


class CoachAdminScreensTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_home()
        cls.directory = make_directory(cls.home)
        cls.page = make_coach(cls.directory, title="Amara Okafor", contact_email="amara@example.org")
        cls.coach = make_coach_login(cls.page, email="amara@example.org", first_name="Amara")
        cls.editor = make_editor(email="editor@example.org")

    def test_the_coachs_dashboard_is_their_profile_only(self):
        self.client.force_login(self.coach)
        dashboard = self.client.get(reverse("wagtailadmin_home"))
        self.assertContains(dashboard, "Hello, Amara")
        self.assertContains(dashboard, "Your coach profile")
        for absent in ("Search all pages", "site-summary", "Editor guide", "upgrade"):
            with self.subTest(absent=absent):
                self.assertNotContains(dashboard, absent)
        self.assertNotContains(dashboard, "What&#x27;s new in Wagtail")
        self.assertNotContains(dashboard, "What's new in Wagtail")

    def test_the_teams_dashboard_keeps_wagtails_summary_and_search(self):
        self.client.force_login(self.editor)
        dashboard = self.client.get(reverse("wagtailadmin_home"))
        self.assertContains(dashboard, "Search all pages")
        self.assertNotContains(dashboard, "Your coach profile")

    def test_a_coach_has_no_promote_tab_and_cannot_change_the_address(self):
        self.client.force_login(self.coach)
        form = self.client.get(edit_url(self.page))
        self.assertNotContains(form, "Promote")
        self.assertNotContains(form, 'name="slug"')
        self.assertNotContains(form, 'name="show_in_menus"')
        page = CoachPage.objects.get(pk=self.page.pk)
        self.client.post(edit_url(page), profile_form_data(page, slug="somewhere-else", seo_title="Buy now"))
        draft = CoachPage.objects.get(pk=page.pk).get_latest_revision_as_object()
        self.assertEqual((draft.slug, draft.seo_title), (page.slug, page.seo_title))

    def test_the_team_keeps_the_promote_tab(self):
        self.client.force_login(self.editor)
        form = self.client.get(edit_url(self.page))
        self.assertContains(form, "Promote")
        self.assertContains(form, 'name="slug"')

    def test_the_form_speaks_to_the_coach_as_you(self):
        self.client.force_login(self.coach)
        form = self.client.get(edit_url(self.page))
        self.assertContains(form, "Languages you can coach in.")
        self.assertContains(form, "The main text of your profile")
        self.assertNotContains(form, "the coach")
        self.assertNotContains(form, "The coach")

        self.client.force_login(self.editor)
        self.assertContains(self.client.get(edit_url(self.page)), "Languages the coach can coach in.")


class CoachPhotoAltTextTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_home()
        cls.directory = make_directory(cls.home)
        cls.page = make_coach(cls.directory, title="Amara Okafor", contact_email="amara@example.org")
        cls.coach = make_coach_login(cls.page, email="amara@example.org")
        photos = Collection.objects.get(name=COACH_PHOTOS_COLLECTION)
        cls.undescribed = make_image(title="IMG_2041", collection=photos)
        cls.described = make_image(
            title="IMG_2042", description="Amara smiling, in a garden", collection=photos
        )

    def setUp(self):
        self.client.force_login(self.coach)

    def test_a_photo_without_a_description_is_refused_with_how_to_add_one(self):
        page = CoachPage.objects.get(pk=self.page.pk)
        response = self.client.post(edit_url(page), profile_form_data(page, photo=self.undescribed.pk))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "This photo has no description, which is the alt text")
        self.assertContains(response, "“Amara Okafor smiling, in a garden”")
        self.assertEqual(CoachPage.objects.get(pk=page.pk).get_latest_revision_as_object().photo, None)

    def test_a_described_photo_is_saved(self):
        page = CoachPage.objects.get(pk=self.page.pk)
        response = self.client.post(edit_url(page), profile_form_data(page, photo=self.described.pk))
        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            CoachPage.objects.get(pk=page.pk).get_latest_revision_as_object().photo, self.described
        )

    def test_the_photo_panel_says_a_description_is_needed(self):
        self.assertContains(self.client.get(edit_url(self.page)), "It needs a description")
