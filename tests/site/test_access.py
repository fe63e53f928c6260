"""Nobody gets in sideways: no open redirects, no object reached by guessing its id, and no
state-changing form that another site can submit on a user's behalf."""

import json
import re
import uuid

from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client, TestCase
from wagtail.models import PageViewRestriction

from cascading_pages.coaches.models import CoachPage
from cascading_pages.interest.models import ExpressionOfInterest
from cascading_pages.mail.models import OutboxEmail
from cascading_pages.vocabularies.models import Region
from tests.factories import (
    interest_answers,
    make_coach,
    make_coach_login,
    make_directory,
    make_home,
    make_interest_page,
    make_standard_page,
)

EVIL = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "https:evil.example",
    "\\\\evil.example",
    "http://evil.example@127.0.0.1/",
]
EOI = "/admin/cascading_pages/expressionofinterest/"
OUTBOX = "/admin/cascading_pages/outboxemail/"


def csrf_token(response):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode()).group(1)


class SiteTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_home()
        cls.directory = make_directory(cls.home)
        cls.coach = make_coach(cls.directory, title="Priya Shah")
        cls.other_coach = make_coach(cls.directory, title="Tom Evans")
        cls.page = make_interest_page(cls.home)
        cls.region = Region.objects.create(name="North East")
        User = get_user_model()
        cls.editor = User.objects.create_superuser("editor", "editor@example.org", "correct horse")

        # A coach, linked to their profile the way an accepted invitation leaves them.
        cls.coach_user = make_coach_login(
            cls.coach, username="priya", email="priya@example.org", password="priya's password"
        )

    def leader_sends(self, **answers):
        self.client.post(self.page.url, interest_answers(self.coach, **answers))
        self.client.logout()
        return ExpressionOfInterest.objects.order_by("pk").last()


class OpenRedirectTests(SiteTestCase):
    def assertStaysHere(self, response):
        self.assertEqual(response.status_code, 302)
        location = response["Location"]
        self.assertNotIn("evil.example", location.split("?")[0], f"redirected off-site to {location}")
        self.assertTrue(location.startswith("/"), location)

    def test_logging_in_never_follows_next_to_another_site(self):
        for login in ("/admin/login/", "/django-admin/login/"):
            for target in EVIL:
                with self.subTest(login=login, next=target):
                    client = Client()
                    response = client.post(
                        f"{login}?next={target}",
                        {"username": "editor", "password": "correct horse", "next": target},
                    )
                    self.assertStaysHere(response)

    def test_logging_in_follows_next_within_the_site(self):
        response = self.client.post(
            "/admin/login/", {"username": "editor", "password": "correct horse", "next": "/admin/pages/"}
        )
        self.assertRedirects(response, "/admin/pages/", fetch_redirect_response=False)

    def test_logging_out_never_follows_next_to_another_site(self):
        for target in EVIL:
            with self.subTest(next=target):
                self.client.force_login(self.editor)
                self.assertStaysHere(self.client.post(f"/admin/logout/?next={target}", {"next": target}))

    def test_admin_actions_never_return_to_another_site(self):
        self.client.force_login(self.editor)
        page = make_standard_page(self.home, title="Old news")
        for target in EVIL:
            with self.subTest(next=target):
                page.save_revision().publish()
                response = self.client.post(
                    f"/admin/pages/{page.pk}/unpublish/?next={target}", {"next": target}
                )
                self.assertStaysHere(response)
                page.refresh_from_db()
                self.assertFalse(page.live)
        response = self.client.post(f"/admin/pages/{page.pk}/delete/?next={EVIL[0]}", {"next": EVIL[0]})
        self.assertStaysHere(response)

    def test_the_password_form_of_a_private_page_never_returns_to_another_site(self):
        private = make_standard_page(self.home, title="Team only")
        restriction = PageViewRestriction.objects.create(
            page=private, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
        )
        for target in EVIL:
            with self.subTest(return_url=target):
                response = self.client.post(
                    f"/_util/authenticate_with_password/{restriction.pk}/{private.pk}/",
                    {"password": "s3cret", "return_url": target},
                )
                self.assertStaysHere(response)


class ObjectIdTests(SiteTestCase):
    """A coach in the admin tries the ids of things that are not theirs."""

    def setUp(self):
        self.submission = self.leader_sends()
        OutboxEmail.objects.update(state=OutboxEmail.State.FAILED)
        mail.outbox.clear()
        self.client.force_login(self.coach_user)

    def assertRefused(self, response, url):
        # Wagtail's admin answers a refusal by sending the user to the dashboard; Django with 403.
        self.assertIn(response.status_code, (302, 403, 404, 405), url)
        if response.status_code == 302:
            self.assertIn(
                response["Location"].split("?")[0], ("/admin/", "/admin/login/", "/django-admin/login/")
            )

    def test_a_coach_edits_their_own_profile_only(self):
        self.assertEqual(self.client.get(f"/admin/pages/{self.coach.pk}/edit/").status_code, 200)
        for url in (
            f"/admin/pages/{self.other_coach.pk}/edit/",
            f"/admin/pages/{self.other_coach.pk}/delete/",
            f"/admin/pages/{self.other_coach.pk}/unpublish/",
            f"/admin/pages/{self.page.pk}/edit/",
            f"/admin/pages/{self.home.pk}/edit/",
            f"/admin/pages/add/cascading_pages/coachpage/{self.directory.pk}/",
        ):
            with self.subTest(url=url):
                self.assertRefused(self.client.get(url), url)
                self.assertRefused(self.client.post(url, {"title": "Hijacked", "action-publish": "1"}), url)
        self.assertEqual(CoachPage.objects.get(pk=self.other_coach.pk).title, "Tom Evans")
        self.assertTrue(CoachPage.objects.get(pk=self.other_coach.pk).live)

    def test_a_coach_cannot_reach_expressions_of_interest_or_their_emails_by_id(self):
        pk = self.submission.pk
        for url in (
            EOI,
            f"{EOI}?export=csv",
            f"{EOI}inspect/{pk}/",
            f"{EOI}edit/{pk}/",
            f"{EOI}delete/{pk}/",
            f"{EOI}resend/{pk}/",
            OUTBOX,
            f"{OUTBOX}inspect/{self.submission.emails.first().pk}/",
            f"{OUTBOX}send-again/{self.submission.emails.first().pk}/",
            f"/admin/forms/submissions/{self.page.pk}/",
            f"/admin/forms/submissions/{self.page.pk}/?export=xlsx",
            f"/admin/forms/submissions/{self.page.pk}/delete/?selected-submissions={pk}",
            "/admin/take-up/",
            "/admin/take-up/?export=csv",
        ):
            with self.subTest(url=url), self.captureOnCommitCallbacks(execute=True):
                self.assertRefused(self.client.get(url), url)
                self.assertRefused(self.client.post(url, {"status": "withdrawn", "notes": "x"}), url)
        self.submission.refresh_from_db()
        self.assertEqual(self.submission.status, "new")
        self.assertEqual(self.submission.notes, "")
        self.assertEqual(mail.outbox, [], "a refused re-send sends nothing")
        self.assertTrue(ExpressionOfInterest.objects.filter(pk=pk).exists())

    def test_a_coach_cannot_change_vocabularies_users_or_the_django_admin(self):
        for url in (
            "/admin/snippets/cascading_pages/region/add/",
            f"/admin/snippets/cascading_pages/region/edit/{self.region.pk}/",
            f"/admin/snippets/cascading_pages/region/delete/{self.region.pk}/",
            f"/admin/users/{self.editor.pk}/",
            f"/admin/users/{self.editor.pk}/delete/",
            f"/django-admin/auth/user/{self.editor.pk}/change/",
        ):
            with self.subTest(url=url):
                self.assertRefused(self.client.get(url), url)
                self.assertRefused(self.client.post(url, {"name": "Hijacked", "is_superuser": "on"}), url)
        self.assertEqual(Region.objects.get().name, "North East")
        self.assertTrue(get_user_model().objects.filter(pk=self.editor.pk, is_superuser=True).exists())

    def test_nobody_logged_out_reaches_any_of_it(self):
        self.client.logout()
        for url in (
            f"{EOI}inspect/{self.submission.pk}/",
            f"/admin/pages/{self.coach.pk}/edit/",
            "/admin/take-up/",
        ):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertTrue(response["Location"].startswith("/admin/login/"))


class ApiObjectIdTests(SiteTestCase):
    def test_drafts_private_pages_and_other_page_types_are_not_forms_in_the_api(self):
        draft = make_interest_page(make_home(slug="draft-site"), slug="draft-form")
        draft.unpublish()
        private_home = make_home(slug="private-site")
        private = make_interest_page(private_home, slug="private-form")
        PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
        for page_id in (draft.pk, private.pk, self.coach.pk, self.home.pk, 999_999):
            with self.subTest(page_id=page_id):
                self.assertEqual(self.client.get(f"/api/v1/forms/{page_id}/").status_code, 404)
                response = self.client.post(
                    f"/api/v1/forms/{page_id}/",
                    json.dumps({"leader_name": "Amara"}),
                    content_type="application/json",
                )
                self.assertEqual(response.status_code, 404)
        self.assertEqual(ExpressionOfInterest.objects.count(), 0)

    def test_a_draft_coach_is_neither_served_nor_offered(self):
        hidden = make_coach(self.directory, live=False, title="Hidden Draft")
        self.assertEqual(self.client.get(f"/coaches/{hidden.slug}/").status_code, 404)
        self.assertNotContains(self.client.get(f"{self.page.url}?coach={hidden.pk}"), "Hidden Draft")
        response = self.client.post(self.page.url, interest_answers(hidden))
        self.assertContains(response, "not in the directory at the moment")
        self.assertEqual(ExpressionOfInterest.objects.count(), 0)


class CsrfTests(SiteTestCase):
    def setUp(self):
        self.browser = Client(enforce_csrf_checks=True)

    def test_the_interest_form_needs_the_token_its_page_gave(self):
        response = self.browser.post(self.page.url, interest_answers(self.coach))
        self.assertEqual(response.status_code, 403)
        self.assertEqual(ExpressionOfInterest.objects.count(), 0)

        token = csrf_token(self.browser.get(self.page.url))
        response = self.browser.post(self.page.url, interest_answers(self.coach, csrfmiddlewaretoken=token))
        self.assertContains(response, "Thank you")
        self.assertEqual(ExpressionOfInterest.objects.count(), 1)

    def test_logging_in_and_out_need_the_token(self):
        response = self.browser.post("/admin/login/", {"username": "editor", "password": "correct horse"})
        self.assertEqual(response.status_code, 403)
        self.assertNotIn("_auth_user_id", self.browser.session)

        token = csrf_token(self.browser.get("/admin/login/"))
        response = self.browser.post(
            "/admin/login/", {"username": "editor", "password": "correct horse", "csrfmiddlewaretoken": token}
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.browser.post("/admin/logout/").status_code, 403)
        self.assertIn("_auth_user_id", self.browser.session, "still logged in")

    def test_every_admin_action_needs_the_token(self):
        submission = self.leader_sends()
        OutboxEmail.objects.update(state=OutboxEmail.State.FAILED)
        mail.outbox.clear()
        self.browser.force_login(self.editor)
        posts = {
            f"{EOI}edit/{submission.pk}/": {"status": "withdrawn", "bursary_decision": "", "notes": "x"},
            f"{EOI}resend/{submission.pk}/": {},
            f"{OUTBOX}send-again/{submission.emails.first().pk}/": {},
            f"{EOI}delete/{submission.pk}/": {},
            f"/admin/forms/submissions/{self.page.pk}/delete/?selected-submissions={submission.pk}": {},
            "/admin/snippets/cascading_pages/region/add/": {"name": "Forged", "sort_order": 0},
            f"/admin/snippets/cascading_pages/region/delete/{self.region.pk}/": {},
            f"/admin/pages/{self.other_coach.pk}/unpublish/": {},
            f"/admin/pages/{self.other_coach.pk}/delete/": {},
            f"/admin/users/{self.coach_user.pk}/delete/": {},
        }
        for url, data in posts.items():
            with self.subTest(url=url), self.captureOnCommitCallbacks(execute=True):
                self.assertEqual(self.browser.post(url, data).status_code, 403)
        submission.refresh_from_db()
        self.assertEqual(submission.status, "new")
        self.assertEqual(mail.outbox, [])
        self.assertEqual(list(Region.objects.values_list("name", flat=True)), ["North East"])
        self.assertTrue(CoachPage.objects.get(pk=self.other_coach.pk).live)
        self.assertTrue(get_user_model().objects.filter(pk=self.coach_user.pk).exists())

    def test_the_password_form_of_a_private_page_needs_the_token(self):
        private = make_standard_page(self.home, title="Team only")
        restriction = PageViewRestriction.objects.create(
            page=private, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
        )
        response = self.browser.post(
            f"/_util/authenticate_with_password/{restriction.pk}/{private.pk}/",
            {"password": "s3cret", "return_url": private.url},
        )
        self.assertEqual(response.status_code, 403)

    def test_the_json_api_takes_only_json_which_no_other_sites_form_can_send(self):
        token = str(uuid.uuid4())  # a front end makes one per filled-in form
        answers = interest_answers(self.coach, submission_token=token)
        for content_type in ("application/x-www-form-urlencoded", "multipart/form-data", "text/plain"):
            with self.subTest(content_type=content_type):
                if content_type == "multipart/form-data":
                    response = self.browser.post(f"/api/v1/forms/{self.page.pk}/", answers)
                else:
                    body = json.dumps(answers) if content_type == "text/plain" else "leader_name=Forged"
                    response = self.browser.post(
                        f"/api/v1/forms/{self.page.pk}/", body, content_type=content_type
                    )
                self.assertEqual(response.status_code, 415)
        self.assertEqual(ExpressionOfInterest.objects.count(), 0)
