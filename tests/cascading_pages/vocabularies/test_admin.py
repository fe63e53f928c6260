"""The programme team keeps the vocabularies: plain names, how many coaches use each term, order by
dragging, and a delete confirmation that names the coaches who lose the term. Coaches never see them."""

from django.test import TestCase
from django.urls import reverse

from cascading_pages.vocabularies.models import ExpertiseArea, Region
from tests.factories import make_coach, make_coach_user, make_directory, make_editor, make_home


def url(model, view, *args):
    return reverse(f"wagtailsnippets_cascading_pages_{model}:{view}", args=args)


class VocabularyAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_home()
        cls.directory = make_directory(cls.home)
        for name in ("Amara Okafor", "Bethan Llewellyn", "Callum McKenzie"):
            make_coach(cls.directory, title=name, regions=["Wales"])
        cls.coach = make_coach_user(
            cls.directory, title="Deepa Sharma", regions=["London"], login={"email": "deepa@example.org"}
        )
        cls.coach_page = cls.coach.coach_page
        cls.wales = Region.objects.get(name="Wales")
        cls.editor = make_editor(email="editor@example.org")

    def test_the_listing_counts_the_coaches_of_each_term_in_the_editors_order(self):
        Region.objects.filter(name="London").update(sort_order=0)
        Region.objects.filter(name="Wales").update(sort_order=1)
        self.client.force_login(self.editor)
        listing = self.client.get(url("region", "list"))
        self.assertContains(listing, "Coaches")
        rows = [(row.name, row.used_by_count) for row in listing.context["object_list"]]
        self.assertEqual(rows, [("London", 1), ("Wales", 3)])
        # Drag and drop: "Sort item order" shows the rows with handles, each posting its new place.
        self.assertContains(listing, "?ordering=sort_order")
        sorting = self.client.get(url("region", "list"), {"ordering": "sort_order"})
        self.assertContains(sorting, url("region", "reorder", 999999))
        response = self.client.post(url("region", "reorder", self.wales.pk) + "?position=0")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(list(Region.objects.values_list("name", flat=True)), ["Wales", "London"])

    def test_names_read_as_plain_english(self):
        self.client.force_login(self.editor)
        self.assertContains(self.client.get(url("expertisearea", "list")), "Areas of expertise")
        self.assertContains(self.client.get(url("faqcategory", "list")), "FAQ categories")
        self.assertEqual(ExpertiseArea._meta.verbose_name_plural, "areas of expertise")

    def test_deleting_a_term_in_use_names_the_coaches_who_lose_it(self):
        self.client.force_login(self.editor)
        confirm = self.client.get(url("region", "delete", self.wales.pk))
        self.assertContains(confirm, "Deleting “Wales” takes it off these coaches (3):")
        for name in ("Amara Okafor", "Bethan Llewellyn", "Callum McKenzie"):
            self.assertContains(confirm, f"<li>{name}</li>", html=True)
        self.assertNotContains(confirm, "Deepa Sharma")
        self.assertNotContains(confirm, "referenced 0 times")
        self.client.post(url("region", "delete", self.wales.pk))
        self.assertFalse(Region.objects.filter(pk=self.wales.pk).exists())

    def test_a_coach_cannot_reach_the_vocabularies(self):
        self.client.force_login(self.coach)
        for view, args in (
            ("list", ()),
            ("add", ()),
            ("edit", (self.wales.pk,)),
            ("delete", (self.wales.pk,)),
        ):
            with self.subTest(view=view):
                response = self.client.get(url("region", view, *args))
                self.assertRedirects(response, reverse("wagtailadmin_home"), fetch_redirect_response=False)
        self.client.post(url("region", "delete", self.wales.pk))
        self.assertTrue(Region.objects.filter(pk=self.wales.pk).exists())
