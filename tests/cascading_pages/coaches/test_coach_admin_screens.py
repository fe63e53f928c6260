"""A coach's admin shows only what they need, speaking to them as "you"; the team's stays whole."""

import json
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection

from cascading_pages.coaches.accounts import COACH_PHOTOS_COLLECTION
from cascading_pages.coaches.models import CoachPage
from tests.cascading_pages.coaches.test_coach_self_service import edit_url, profile_form_data
from tests.factories import make_coach, make_coach_user, make_directory, make_editor, make_home, make_image


class AmaraTestCase(TestCase):
    """Amara Okafor, a coach who can log in (``coach``, their profile ``page``), and an editor."""

    @classmethod
    def setUpTestData(cls):
        cls.home = make_home()
        cls.directory = make_directory(cls.home)
        cls.coach = make_coach_user(
            cls.directory,
            title="Amara Okafor",
            contact_email="amara@example.org",
            login={"first_name": "Amara"},
        )
        cls.page = cls.coach.coach_page
        cls.editor = make_editor(email="editor@example.org")


class CoachAdminScreensTests(AmaraTestCase):
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


class CoachPhotoAltTextTests(AmaraTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
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


def sidebar_menu(response):
    """The sidebar's menu items, by name, with where each leads ({"my-profile": "/admin/...", ...})."""
    found = re.search(
        r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    items = {}

    def walk(value):
        if isinstance(value, dict):
            if isinstance(value.get("name"), str) and "label" in value:
                items[value["name"]] = value.get("url") or value.get("action")  # a submenu has neither
            for inner in value.values():
                walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    walk(json.loads(found.group(1)))
    return items


FURNITURE = "cascading_pages/css/coach_admin_furniture.css"


class CoachSidebarTests(AmaraTestCase):
    """Wagtail's sidebar offers a "Search" box over every page; a coach gets neither it nor its results."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.other = make_coach(cls.directory, title="Bilal Hussain", contact_email="bilal@example.org")

    def test_a_coach_who_finds_the_page_search_is_turned_away_and_sees_no_page(self):
        self.client.force_login(self.coach)
        for name in ("wagtailadmin_pages:search", "wagtailadmin_pages:search_results"):
            with self.subTest(name=name):
                response = self.client.get(reverse(name), {"q": "Bilal"})
                self.assertRedirects(response, reverse("wagtailadmin_home"))
                self.assertNotContains(self.client.get(response.url), "Bilal Hussain")

    def test_every_screen_of_a_coachs_admin_hides_the_sidebar_search(self):
        self.client.force_login(self.coach)
        screens = [
            reverse("wagtailadmin_home"),
            reverse("cascading_pages_admin:my_leaders"),
            reverse("cascading_pages_admin:my_availability"),
            reverse("wagtailadmin_pages:edit", args=[self.page.pk]),
            reverse("wagtailimages:index"),
            reverse("wagtailadmin_account"),
        ]
        for url in screens:
            with self.subTest(url=url):
                self.assertContains(self.client.get(url), FURNITURE)

    def test_the_coachs_menu_reaches_their_profile_leaders_availability_photos_account_and_log_out(self):
        self.client.force_login(self.coach)
        menu = sidebar_menu(self.client.get(reverse("wagtailadmin_home")))
        self.assertEqual(
            {name for name in menu if not name.startswith("keyboard-shortcuts")},
            {"my-profile", "my-leaders", "my-availability", "images", "help", "account", "logout"},
        )
        for name in ("my-profile", "my-leaders", "my-availability", "images", "account"):
            with self.subTest(name=name):
                self.assertEqual(self.client.get(menu[name], follow=True).status_code, 200)
        self.assertEqual(menu["logout"], reverse("wagtailadmin_logout"))

    def test_the_team_keeps_the_sidebar_search(self):
        self.client.force_login(self.editor)
        self.assertNotContains(self.client.get(reverse("wagtailadmin_home")), FURNITURE)
        self.assertContains(
            self.client.get(reverse("wagtailadmin_pages:search"), {"q": "Bilal"}), "Bilal Hussain"
        )


class ImageScreenAltTextTests(AmaraTestCase):
    """Where an image is added or edited, the description says what good alt text is; a coach photo
    is not saved without one (the coach profile would refuse it later, far from where it is fixed)."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.photos = Collection.objects.get(name=COACH_PHOTOS_COLLECTION)
        cls.photo = make_image(
            title="IMG_2043",
            description="Amara at her desk",
            collection=cls.photos,
            uploaded_by_user=cls.coach,
        )
        cls.banner = make_image(title="Banner", collection=Collection.get_first_root_node())

    def edit(self, image, **changes):
        data = {"title": image.title, "description": image.description, "collection": image.collection_id}
        data.update(changes)
        return self.client.post(reverse("wagtailimages:edit", args=[image.pk]), data)

    def test_the_coach_reads_what_good_alt_text_is_on_their_photos_edit_screen(self):
        self.client.force_login(self.coach)
        screen = self.client.get(reverse("wagtailimages:edit", args=[self.photo.pk]))
        self.assertContains(screen, "The alt text, read out to people who cannot see the image.")
        self.assertContains(screen, "not just “Photo of Amina Patel”")
        self.assertContains(screen, "Image is decorative")

    def test_the_team_reads_it_on_the_add_screen(self):
        self.client.force_login(self.editor)
        self.assertContains(self.client.get(reverse("wagtailimages:add")), "The alt text, read out")

    def test_a_coach_who_clears_their_photos_description_is_told_why_and_it_is_kept(self):
        self.client.force_login(self.coach)
        response = self.edit(self.photo, description="  ")
        self.assertContains(response, "A coach photo needs a description")
        self.photo.refresh_from_db()
        self.assertEqual(self.photo.description, "Amara at her desk")

    def test_a_described_photo_saves(self):
        self.client.force_login(self.coach)
        response = self.edit(self.photo, description="Amara smiling, in a garden")
        self.assertEqual(response.status_code, 302)
        self.photo.refresh_from_db()
        self.assertEqual(self.photo.description, "Amara smiling, in a garden")

    def test_an_editor_adding_a_coach_photo_without_a_description_is_told_why(self):
        self.client.force_login(self.editor)
        data = {"title": "New portrait", "description": "", "collection": self.photos.pk}
        response = self.client.post(reverse("wagtailimages:add"), {**data, "file": get_test_image_file()})
        self.assertContains(response, "A coach photo needs a description")
        self.assertFalse(get_image_model().objects.filter(title="New portrait").exists())

    def test_other_images_may_be_saved_without_a_description(self):
        self.client.force_login(self.editor)
        response = self.edit(self.banner, title="Banner, wide")
        self.assertEqual(response.status_code, 302)
        self.banner.refresh_from_db()
        self.assertEqual((self.banner.title, self.banner.description), ("Banner, wide", ""))

    def test_the_multiple_uploader_asks_the_coach_for_the_description_before_storing_the_photo(self):
        self.client.force_login(self.coach)
        response = self.client.post(
            reverse("wagtailimages:add_multiple"),
            {"files[]": SimpleUploadedFile("me.png", get_test_image_file().file.getvalue())},
        )
        answer = response.json()
        self.assertTrue(answer["success"], answer)
        self.assertIn("uploaded_file_id", answer)  # held back, not yet an image
        self.assertIn("The alt text, read out", answer["form"])
        self.assertFalse(get_image_model().objects.filter(title="me.png").exists())

        finish = reverse(
            "wagtailimages:create_multiple_from_uploaded_image", args=[answer["uploaded_file_id"]]
        )
        prefix = f"uploaded-image-{answer['uploaded_file_id']}"
        refused = self.client.post(finish, {f"{prefix}-title": "me.png", f"{prefix}-description": ""}).json()
        self.assertFalse(refused["success"])
        self.assertIn("A coach photo needs a description", refused["form"])

        saved = self.client.post(
            finish, {f"{prefix}-title": "Me", f"{prefix}-description": "Amara smiling, in a garden"}
        ).json()
        self.assertTrue(saved["success"])
        image = get_image_model().objects.get(pk=saved["image_id"])
        self.assertEqual((image.description, image.collection), ("Amara smiling, in a garden", self.photos))
