"""Wagtail's Forms section shows a form's submissions to anyone who can edit the form page; a
leader's expression of interest is shown there only with the permission to view expressions of
interest, and nobody deletes one through the admin: only the erasure command does.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import TestCase
from django.urls import reverse

from cascading_pages.interest.models import DeletionRefused, ExpressionOfInterest
from cascading_pages.interest.receive import receive
from tests.factories import (
    interest_answers,
    make_coach,
    make_directory,
    make_editor,
    make_home,
    make_interest_page,
    make_user,
)

LEADER = "Amara Okafor"


class FormsSectionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = make_home()
        coach = make_coach(make_directory(home), title="Priya Shah")
        cls.page = make_interest_page(home)
        cls.submission = receive(
            cls.page, interest_answers(coach, leader_name=LEADER), "192.0.2.1"
        ).submission
        # Wagtail's own "Editors" group (made by its migrations) edits every page, the form included.
        cls.wagtail_editor = make_user(groups=["Editors"])
        cls.programme_editor = make_editor()
        cls.superuser = get_user_model().objects.create_superuser("admin", "admin@example.org", None)

    def urls(self):
        listing = reverse("wagtailforms:list_submissions", args=[self.page.pk])
        return {
            "the Forms section": reverse("wagtailforms:index"),
            "the submissions": listing,
            "the submissions' results": reverse("wagtailforms:list_submissions_results", args=[self.page.pk]),
            "the CSV export": f"{listing}?export=csv",
        }

    def delete_url(self):
        url = reverse("wagtailforms:delete_submissions", args=[self.page.pk])
        return f"{url}?selected-submissions={self.submission.pk}"

    def answer(self, response):
        content = b"".join(response.streaming_content) if response.streaming else response.content
        return content.decode("utf-8", "replace")

    def test_an_editor_of_every_page_without_the_submissions_permission_reads_no_submission(self):
        self.assertTrue(
            self.page.permissions_for_user(self.wagtail_editor).can_edit(), "they can edit the form page"
        )
        self.client.force_login(self.wagtail_editor)
        home = self.client.get(reverse("wagtailadmin_home"))
        self.assertNotContains(home, reverse("wagtailforms:index"), msg_prefix="no Forms menu item")
        for label, url in self.urls().items():
            with self.subTest(label):
                response = self.client.get(url)
                self.assertNotIn(LEADER, self.answer(response))
                if label != "the Forms section":
                    self.assertRedirects(response, reverse("wagtailadmin_home"))
        self.assertNotContains(self.client.get(reverse("wagtailforms:index")), self.page.title)
        xlsx = self.client.get(self.urls()["the submissions"], {"export": "xlsx"})
        self.assertRedirects(xlsx, reverse("wagtailadmin_home"))

        for method in ("get", "post"):
            with self.subTest(f"deleting ({method.upper()})"):
                self.assertRedirects(
                    getattr(self.client, method)(self.delete_url()), reverse("wagtailadmin_home")
                )
        self.assertTrue(ExpressionOfInterest.objects.filter(pk=self.submission.pk).exists())

    def test_the_programme_team_lists_and_exports_them_but_cannot_delete_them(self):
        self.client.force_login(self.programme_editor)
        self.assertContains(self.client.get(reverse("wagtailadmin_home")), reverse("wagtailforms:index"))
        self.assertContains(self.client.get(reverse("wagtailforms:index")), self.page.title)
        for label, url in self.urls().items():
            if label != "the Forms section":
                with self.subTest(label):
                    self.assertIn(LEADER, self.answer(self.client.get(url)))
        listing = self.client.get(self.urls()["the submissions"])
        self.assertNotContains(listing, "Delete selected submissions")
        self.assertNotContains(listing, reverse("wagtailforms:delete_submissions", args=[self.page.pk]))

        response = self.client.post(self.delete_url())
        self.assertRedirects(response, reverse("wagtailadmin_home"))
        self.assertTrue(ExpressionOfInterest.objects.filter(pk=self.submission.pk).exists())

    def test_not_even_a_superuser_deletes_one_in_the_admin(self):
        self.client.force_login(self.superuser)
        self.assertRedirects(self.client.post(self.delete_url()), reverse("wagtailadmin_home"))
        modeladmin_delete = f"/admin/cascading_pages/expressionofinterest/delete/{self.submission.pk}/"
        for method in ("get", "post"):
            with self.subTest(method):
                self.assertRedirects(
                    getattr(self.client, method)(modeladmin_delete), reverse("wagtailadmin_home")
                )
        inspect = self.client.get(
            f"/admin/cascading_pages/expressionofinterest/inspect/{self.submission.pk}/"
        )
        self.assertContains(inspect, LEADER)
        self.assertNotContains(inspect, modeladmin_delete)
        self.assertTrue(ExpressionOfInterest.objects.filter(pk=self.submission.pk).exists())

    def test_only_erasing_deletes_one(self):
        with self.assertRaises(DeletionRefused):
            ExpressionOfInterest.objects.filter(pk=self.submission.pk).delete()
        with self.assertRaises(DeletionRefused):
            ExpressionOfInterest.objects.get(pk=self.submission.pk).delete()
        self.assertTrue(ExpressionOfInterest.objects.filter(pk=self.submission.pk).exists())

        ExpressionOfInterest.objects.filter(pk=self.submission.pk).erase()
        self.assertFalse(ExpressionOfInterest.objects.filter(pk=self.submission.pk).exists())

    def test_the_stock_groups_exist_as_wagtail_makes_them(self):
        # The stories above rely on Wagtail's own groups, which a real site keeps unless removed.
        self.assertTrue(Group.objects.filter(name="Editors").exists())
        self.assertTrue(Group.objects.filter(name="Moderators").exists())


class HistoryTests(TestCase):
    """wagtail-modeladmin's history view checks no permission of its own; its heading names the
    object: an expression of interest's names the leader, an email's says who it went to and why."""

    @classmethod
    def setUpTestData(cls):
        home = make_home()
        coach = make_coach(make_directory(home), title="Priya Shah")
        cls.submission = receive(
            make_interest_page(home), interest_answers(coach, leader_name=LEADER), "192.0.2.1"
        ).submission

    def histories(self):
        email = self.submission.emails.first()
        return {
            "expression of interest": f"/admin/cascading_pages/expressionofinterest/history/{self.submission.pk}/",
            "email about it": f"/admin/cascading_pages/outboxemail/history/{email.pk}/",
        }

    def test_only_the_programme_team_reads_their_history(self):
        self.client.force_login(make_user(groups=["Editors"]))
        for label, url in self.histories().items():
            with self.subTest(label):
                response = self.client.get(url)
                self.assertRedirects(response, reverse("wagtailadmin_home"))
                self.assertNotIn(LEADER, response.content.decode())

        self.client.force_login(make_editor())
        self.assertContains(self.client.get(self.histories()["expression of interest"]), LEADER)
        self.assertContains(self.client.get(self.histories()["email about it"]), "History")
