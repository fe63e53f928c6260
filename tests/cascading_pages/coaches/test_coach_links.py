"""A coach links their biography to pages of the public site, and sees those pages as the public does.

The page chooser is the one place a coach's admin shows other people's pages. It shows them as
published (another coach's change waiting for approval stays unseen), refuses the ids of pages
that are not public, and a profile saved with an image or a link the chooser would not have offered
is refused without showing what was asked for.
"""

import json

from django.test import TestCase
from django.urls import reverse
from wagtail.models import Collection, Page, PageViewRestriction

from cascading_pages.coaches.accounts import COACH_PHOTOS_COLLECTION
from cascading_pages.coaches.models import CoachPage
from cascading_pages.content.forms import IMAGE_NOT_YOURS, LINK_NOT_PUBLIC
from tests.factories import (
    make_coach,
    make_coach_user,
    make_directory,
    make_home,
    make_image,
    make_standard_page,
)

from .test_coach_self_service import edit_url, profile_form_data


class CoachLinksTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_home()
        cls.directory = make_directory(cls.home)
        cls.coach = make_coach_user(cls.directory, title="Amara Okafor")
        cls.page = cls.coach.coach_page
        cls.bethan = make_coach(cls.directory, title="Bethan Llewellyn")
        cls.bethan.title = "Bethan Llewellyn-Price"  # her new name, waiting for approval
        cls.bethan.save_revision()
        cls.draft = make_coach(cls.directory, title="Dana Draftwell", slug="dana-draftwell", live=False)
        cls.private = make_standard_page(cls.home, title="Team handbook", slug="team-handbook")
        PageViewRestriction.objects.create(page=cls.private, restriction_type="password", password="team")
        cls.team_image = make_image(title="Team away day")

    def setUp(self):
        self.client.force_login(self.coach)

    def modal(self, url, **params):
        response = self.client.get(url, params)
        self.assertEqual(response.status_code, 200)
        return json.loads(response.content)

    def test_the_directory_shows_other_coaches_as_published(self):
        listing = self.modal(reverse("wagtailadmin_choose_page_child", args=[self.directory.pk]))["html"]
        self.assertIn("Bethan Llewellyn", listing)
        self.assertIn('data-admin-title="Bethan Llewellyn"', listing)
        self.assertNotIn("Llewellyn-Price", listing)
        self.assertNotIn("Dana Draftwell", listing)
        self.assertNotIn("live + draft", listing)

        found = self.client.get(reverse("wagtailadmin_choose_page_search"), {"q": "Bethan"}).content.decode()
        self.assertIn("Bethan Llewellyn", found)
        self.assertNotIn("Llewellyn-Price", found)

    def test_choosing_pages_gives_their_published_title_and_address(self):
        chosen = self.modal(reverse("wagtailadmin_choose_page_chosen_multiple"), id=[self.bethan.pk])
        self.assertEqual(
            [(page["adminTitle"], page["url"]) for page in chosen["result"]],
            [("Bethan Llewellyn", self.bethan.url)],
        )

    def test_the_ids_of_pages_that_are_not_public_are_refused(self):
        root = Page.get_first_root_node()
        for label, page_id in {
            "a draft": self.draft.pk,
            "a private page": self.private.pk,
            "the root": root.pk,
        }.items():
            with self.subTest(label):
                response = self.client.get(
                    reverse("wagtailadmin_choose_page_chosen_multiple"), {"id": page_id}
                )
                self.assertRedirects(response, reverse("wagtailadmin_home"))
        for label, value in {"not a number": "abc", "too large": "9" * 30, "negative": "-1"}.items():
            with self.subTest(label):
                for name, parameter in (
                    ("wagtailadmin_choose_page_chosen_multiple", "id"),
                    ("wagtailadmin_choose_page", "target_pages[]"),
                    ("wagtailadmin_choose_page_external_link", "parent_page_id"),
                    ("wagtailimages_chooser:chosen_multiple", "id"),
                ):
                    response = self.client.get(reverse(name), {parameter: value})
                    self.assertRedirects(response, reverse("wagtailadmin_home"), msg_prefix=name)

    def test_a_web_address_of_a_private_page_stays_a_web_address(self):
        address = f"http://localhost{self.private.url}"
        response = self.client.post(
            reverse("wagtailadmin_choose_page_external_link"),
            {"external-link-chooser-url": address, "external-link-chooser-link_text": "handbook"},
        )
        chosen = json.loads(response.content)
        self.assertEqual((chosen["step"], chosen["result"]["url"]), ("external_link_chosen", address))
        self.assertNotIn("Team handbook", response.content.decode())

    def test_a_profile_takes_only_photos_and_links_the_chooser_would_offer(self):
        page = CoachPage.objects.get(pk=self.page.pk)
        refused = {
            "the team's image": ({"photo": self.team_image.pk}, IMAGE_NOT_YOURS, "Team away day"),
            "a link to a draft": (
                {"biography": f'<p><a linktype="page" id="{self.draft.pk}">my friend</a></p>'},
                LINK_NOT_PUBLIC,
                "dana-draftwell",
            ),
            "a link to a private page": (
                {"biography": f'<p><a linktype="page" id="{self.private.pk}">handbook</a></p>'},
                LINK_NOT_PUBLIC,
                "team-handbook",
            ),
        }
        for label, (changes, message, secret) in refused.items():
            with self.subTest(label):
                for url in (edit_url(page), reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])):
                    response = self.client.post(url, profile_form_data(page, **changes))
                    self.assertEqual(response.status_code, 200)
                    self.assertNotIn(secret, response.content.decode())
                form = self.client.post(edit_url(page), profile_form_data(page, **changes))
                self.assertContains(form, message)
                for url in (edit_url(page), reverse("wagtailadmin_pages:view_draft", args=[page.pk])):
                    self.assertNotContains(self.client.get(url), secret)
        self.assertEqual(CoachPage.objects.get(pk=page.pk).revisions.count(), page.revisions.count())

        # Their own photo and a link to a public page are what the chooser offers: saved.
        photo = make_image(
            title="Amara",
            description="Amara smiling",
            collection=Collection.objects.get(name=COACH_PHOTOS_COLLECTION),
        )
        link = f'<p>See <a linktype="page" id="{self.bethan.pk}">Bethan</a>.</p>'
        response = self.client.post(edit_url(page), profile_form_data(page, photo=photo.pk, biography=link))
        self.assertEqual(response.status_code, 302)
        latest = CoachPage.objects.get(pk=page.pk).get_latest_revision_as_object()
        self.assertEqual(latest.photo, photo)
        self.assertIn(f'id="{self.bethan.pk}"', latest.biography)
