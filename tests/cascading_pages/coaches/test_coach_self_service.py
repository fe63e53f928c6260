"""A coach keeps their own profile up to date, and the programme team approves every change.

The whole journey runs over HTTP with Django's test client, from the invitation email to the
public directory, with the real moderation workflow the migrations create.
"""

import re
from io import StringIO

from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.test import Client, TestCase, override_settings
from django.urls import reverse
from django.utils.html import escape
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from cascading_pages.coaches.models import CoachPage
from cascading_pages.mail.models import OutboxEmail
from tests.cascading_pages.mail.test_outbox import REFUSING
from tests.factories import (
    client_for,
    emails_to,
    make_coach,
    make_coach_login,
    make_directory,
    make_editor,
    make_home,
)

PASSWORD = "a-long-coach-passphrase-42"


def profile_form_data(page, action=None, **changes):
    """What the coach's browser posts from the profile editor, with ``changes`` typed in."""
    data = {
        "title": page.title,
        "slug": page.slug,
        "role": page.role,
        "organisation": page.organisation,
        "organisation_url": page.organisation_url,
        "summary": page.summary,
        "biography": rich_text(page.biography),
        "coaching_approach": rich_text(page.coaching_approach),
        "contact_email": page.contact_email,
        "seo_title": page.seo_title,
        "search_description": page.search_description,
        "comments": inline_formset([]),
    }
    for field, value in changes.items():
        data[field] = rich_text(value) if field in ("biography", "coaching_approach") else value
    if action:
        data[f"action-{action}"] = "1"
    return nested_form_data(data)


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


class CoachJourneyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_home()
        cls.directory = make_directory(cls.home)
        cls.coach_page = make_coach(
            cls.directory,
            title="Amara Okafor",
            summary="Twenty years leading a wellbeing collective.",
            contact_email="amara@example.org",
        )
        cls.editor = make_editor(email="editor@example.org", password="editor-pass")

    def setUp(self):
        self.editor_client = client_for(self.editor)

    # Steps of the journey, each over HTTP

    def invite(self, email="amara@example.org"):
        url = reverse("cascading_pages_admin:invite_coach", args=[self.coach_page.pk])
        self.assertContains(self.editor_client.get(edit_url(self.coach_page)), f'href="{url}"')
        form = self.editor_client.get(url)
        self.assertContains(form, 'value="amara@example.org"')  # the contact email, ready to confirm
        with self.captureOnCommitCallbacks(execute=True):
            response = self.editor_client.post(url, {"email": email})
        self.assertRedirects(response, edit_url(self.coach_page), fetch_redirect_response=False)
        return mail.outbox[-1]

    def accept_invitation(self, invitation):
        link = re.search(r"https?://\S+/password_reset/confirm/\S+", invitation.body).group(0)
        coach = Client()
        set_password_form = coach.get(link, follow=True)
        self.assertContains(set_password_form, "new_password1")
        response = coach.post(
            set_password_form.redirect_chain[-1][0],
            {"new_password1": PASSWORD, "new_password2": PASSWORD},
        )
        self.assertRedirects(response, reverse("wagtailadmin_password_reset_complete"))
        return coach

    def log_in(self, client, username):
        response = client.post(reverse("wagtailadmin_login"), {"username": username, "password": PASSWORD})
        self.assertRedirects(response, reverse("wagtailadmin_home"))

    def submit_change(self, coach, **changes):
        page = CoachPage.objects.get(pk=self.coach_page.pk)
        with self.captureOnCommitCallbacks(execute=True):
            response = coach.post(edit_url(page), profile_form_data(page, action="submit", **changes))
        self.assertRedirects(response, reverse("wagtailadmin_home"), fetch_redirect_response=False)
        state = WorkflowState.objects.for_instance(page).get(status=WorkflowState.STATUS_IN_PROGRESS)
        return state.current_task_state

    def workflow_action(self, task_state, action, **data):
        url = reverse("wagtailadmin_pages:workflow_action", args=[self.coach_page.pk, action, task_state.pk])
        with self.captureOnCommitCallbacks(execute=True):
            return self.editor_client.post(url, data)

    def public_texts(self):
        """What the public sees of the coach: profile, directory, the API, and a directory search."""
        profile = self.client.get(self.coach_page.url).content.decode()
        directory = self.client.get(self.directory.url).content.decode()
        # JSON is escaped the way the HTML is, so that one assertion reads both.
        api = escape(self.client.get("/api/v1/pages/find/", {"path": self.coach_page.url}).content.decode())
        return profile, directory, api

    def directory_search(self, words):
        return [coach.title for coach in self.client.get(self.directory.url, {"q": words}).context["coaches"]]

    # The stories

    @override_settings(CASCADING_PUBLIC_URL="https://coaching.example.org")
    def test_an_invited_coach_sets_a_password_edits_and_an_editor_approves(self):
        invitation = self.invite()
        self.assertEqual(invitation.to, ["amara@example.org"])
        account = get_user_model().objects.get(email="amara@example.org")
        self.assertFalse(account.has_usable_password(), "nobody chose a password for the coach")

        # Until the coach sets a password, the editor can send the link again.
        resend = reverse("cascading_pages_admin:invite_coach", args=[self.coach_page.pk])
        self.assertContains(self.editor_client.get(edit_url(self.coach_page)), "Resend coach invitation")
        self.assertContains(self.editor_client.get(edit_url(self.coach_page)), f'href="{resend}"')

        coach = self.accept_invitation(invitation)
        self.log_in(coach, account.get_username())
        dashboard = coach.get(reverse("wagtailadmin_home"))
        self.assertContains(dashboard, "Your coach profile")
        self.assertContains(dashboard, f'href="{edit_url(self.coach_page)}"')
        self.assertContains(dashboard, "Edit my profile")
        self.assertContains(coach.get(edit_url(self.coach_page)), "Amara Okafor")

        mail.outbox.clear()
        task_state = self.submit_change(coach, summary="Now coaching leaders of carers' charities.")
        self.assertIn("editor@example.org", [to for message in mail.outbox for to in message.to])
        self.assertContains(coach.get(reverse("wagtailadmin_home")), "waiting for the programme team")

        # While it waits, the public profile and the directory keep the approved text.
        for text in self.public_texts():
            self.assertIn("Twenty years leading a wellbeing collective.", text)
            self.assertNotIn("carers&#x27; charities", text)
        self.assertEqual(self.directory_search("carers"), [], "the waiting change is not searchable")

        # The editor sees the change against the live version, then approves it.
        compare = self.editor_client.get(
            reverse("wagtailadmin_pages:revisions_compare", args=[self.coach_page.pk, "live", "latest"])
        )
        self.assertContains(compare, "Now coaching leaders of carers")
        mail.outbox.clear()
        self.assertEqual(self.workflow_action(task_state, "approve").status_code, 302)

        for text in self.public_texts():
            self.assertIn("Now coaching leaders of carers&#x27; charities.", text)
            self.assertNotIn("Twenty years leading", text)
        self.assertEqual(self.directory_search("carers"), ["Amara Okafor"])
        # One email to the coach, ours (Wagtail's own "approved" email is off for coaches).
        [approved] = mail.outbox
        self.assertEqual(approved.to, ["amara@example.org"])
        self.assertEqual(approved.subject, "Your profile changes are live")
        self.assertIn(f"https://coaching.example.org{self.coach_page.url}", approved.body)
        self.assertContains(coach.get(reverse("wagtailadmin_home")), "live and up to date")

    def test_an_invitation_the_mail_server_refuses_is_kept_and_sent_again_from_the_outbox(self):
        url = reverse("cascading_pages_admin:invite_coach", args=[self.coach_page.pk])
        with REFUSING, self.assertLogs("cascading_pages.mail", "ERROR"):
            with self.captureOnCommitCallbacks(execute=True):
                response = self.editor_client.post(url, {"email": "amara@example.org"})

        # The editor's request went through: the account is made and linked, and they are told so.
        self.assertRedirects(response, edit_url(self.coach_page), fetch_redirect_response=False)
        self.assertContains(
            self.editor_client.get(edit_url(self.coach_page)),
            "The invitation to amara@example.org, with a link to set their password, is queued to be sent.",
        )
        account = get_user_model().objects.get(email="amara@example.org")
        self.assertEqual(CoachPage.objects.get(pk=self.coach_page.pk).account, account)

        # The invitation shows as failed in the Outbox, and is sent from there once mail works.
        invitation = OutboxEmail.objects.get(kind="coaches.invitation")
        self.assertEqual((invitation.state, invitation.about), ("failed", self.coach_page))
        outbox = self.editor_client.get("/admin/cascading_pages/outboxemail/", {"state": "failed"})
        self.assertContains(outbox, "coaches.invitation")
        with self.captureOnCommitCallbacks(execute=True):
            self.editor_client.post(f"/admin/cascading_pages/outboxemail/send-again/{invitation.pk}/")
        (sent,) = mail.outbox
        self.assertEqual(sent.to, ["amara@example.org"])
        coach = self.accept_invitation(sent)
        self.log_in(coach, account.get_username())

    @override_settings(CASCADING_PUBLIC_URL="https://coaching.example.org")
    def test_when_an_editor_requests_changes_the_coach_is_told_why(self):
        coach_user = make_coach_login(self.coach_page, email="amara@example.org", password=PASSWORD)
        coach = Client()
        self.log_in(coach, coach_user.get_username())
        task_state = self.submit_change(coach, summary="I coach everyone, everywhere, always.")
        mail.outbox.clear()

        response = self.workflow_action(task_state, "reject", comment="Please say which regions you cover.")
        self.assertEqual(response.status_code, 302)

        # One email, ours, with the comment and the way back to the profile editor.
        [email] = mail.outbox
        self.assertEqual(email.to, ["amara@example.org"])
        self.assertEqual(email.subject, "The programme team asked for changes to your profile")
        self.assertIn("Please say which regions you cover.", email.body)
        self.assertIn(f"https://coaching.example.org{edit_url(self.coach_page)}", email.body)
        dashboard = coach.get(reverse("wagtailadmin_home"))
        self.assertContains(dashboard, "asked for changes")
        self.assertContains(dashboard, "Please say which regions you cover.")
        self.assertNotContains(dashboard, "waiting for the programme team")
        editing = coach.get(edit_url(self.coach_page))
        self.assertContains(editing, "asked for changes before your edit goes live")
        self.assertContains(editing, "Please say which regions you cover.")

        # The coach sends a better version: told it is sent, and emailed to say so.
        mail.outbox.clear()
        page = CoachPage.objects.get(pk=self.coach_page.pk)
        with self.captureOnCommitCallbacks(execute=True):
            response = coach.post(
                edit_url(page),
                profile_form_data(page, action="submit", summary="I coach in London."),
                follow=True,
            )
        self.assertContains(response, "Your changes are sent for approval.")
        self.assertContains(response, "waiting for the programme team")
        self.assertNotContains(response, "has been submitted for moderation")
        self.assertEqual(
            [m.subject for m in emails_to("amara@example.org")],
            ["Your profile changes are sent for approval"],
        )
        for text in self.public_texts():
            self.assertIn("Twenty years leading a wellbeing collective.", text)
            self.assertNotIn("everyone, everywhere", text)

    def test_a_coach_cannot_publish_their_own_change(self):
        coach_user = make_coach_login(self.coach_page, password=PASSWORD)
        coach = client_for(coach_user)
        page = CoachPage.objects.get(pk=self.coach_page.pk)
        coach.post(edit_url(page), profile_form_data(page, action="publish", summary="Published by me."))
        for text in self.public_texts():
            self.assertNotIn("Published by me.", text)
        self.assertEqual(
            CoachPage.objects.get(pk=page.pk).summary, "Twenty years leading a wellbeing collective."
        )

    def test_an_editor_publishes_directly(self):
        page = CoachPage.objects.get(pk=self.coach_page.pk)
        response = self.editor_client.post(
            edit_url(page), profile_form_data(page, action="publish", summary="Fixed a typo.")
        )
        self.assertEqual(response.status_code, 302)
        self.assertIn("Fixed a typo.", self.public_texts()[0])

    def test_a_coach_cannot_relink_their_account_or_read_the_teams_notes(self):
        CoachPage.objects.filter(pk=self.coach_page.pk).update(internal_notes="Prefers morning calls.")
        coach_user = make_coach_login(self.coach_page, password=PASSWORD)
        other = make_user_for_test()
        coach = client_for(coach_user)
        editor_view = coach.get(edit_url(self.coach_page))
        self.assertNotContains(editor_view, "Prefers morning calls.")
        self.assertNotContains(editor_view, 'name="internal_notes"')
        page = CoachPage.objects.get(pk=self.coach_page.pk)
        coach.post(
            edit_url(page),
            profile_form_data(page, action="submit", account=str(other.pk), internal_notes="Hacked."),
        )
        page.refresh_from_db()
        self.assertEqual(page.account, coach_user)
        latest = page.get_latest_revision_as_object()
        self.assertEqual((latest.account, latest.internal_notes), (coach_user, "Prefers morning calls."))

    def test_removing_a_coach_switches_off_their_login_and_can_unpublish(self):
        coach_user = make_coach_login(self.coach_page, password=PASSWORD)
        url = reverse("cascading_pages_admin:remove_coach", args=[self.coach_page.pk])
        self.assertContains(self.editor_client.get(url), "Unpublish it")
        self.editor_client.post(url, {"profile": "unpublish"})
        coach_user.refresh_from_db()
        self.assertFalse(coach_user.is_active)
        page = CoachPage.objects.get(pk=self.coach_page.pk)
        self.assertIsNone(page.account)
        self.assertFalse(page.live)
        self.assertFalse(Client().login(username=coach_user.get_username(), password=PASSWORD))

    def test_removing_a_coach_can_keep_the_profile_published(self):
        coach_user = make_coach_login(self.coach_page, password=PASSWORD)
        self.editor_client.post(
            reverse("cascading_pages_admin:remove_coach", args=[self.coach_page.pk]), {"profile": "keep"}
        )
        coach_user.refresh_from_db()
        self.assertFalse(coach_user.is_active)
        self.assertTrue(CoachPage.objects.get(pk=self.coach_page.pk).live)
        self.assertEqual(self.client.get(self.coach_page.url).status_code, 200)


def make_user_for_test():
    from tests.factories import make_user

    return make_user()


class InviteCommandTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.directory = make_directory(make_home())
        cls.coach_page = make_coach(cls.directory, title="Bethan Llewellyn")

    def test_invite_coach_creates_links_and_emails_without_a_password(self):
        with self.captureOnCommitCallbacks(execute=True):
            call_command("invite_coach", "Bethan@Example.org", page=self.coach_page.pk, stdout=StringIO())
        user = get_user_model().objects.get(email="Bethan@example.org")
        self.assertFalse(user.has_usable_password())
        self.assertEqual(CoachPage.objects.get(pk=self.coach_page.pk).account, user)
        self.assertEqual(mail.outbox[-1].to, ["Bethan@example.org"])
        self.assertIn("/admin/password_reset/confirm/", mail.outbox[-1].body)

    def test_inviting_a_second_person_to_a_linked_profile_is_refused(self):
        call_command("invite_coach", "bethan@example.org", page=self.coach_page.pk)
        with self.assertRaisesMessage(Exception, "already linked to bethan@example.org"):
            call_command("invite_coach", "someone@example.org", page=self.coach_page.pk)

    def test_a_programme_editor_cannot_be_invited_as_a_coach(self):
        make_editor(email="editor@example.org")
        with self.assertRaisesMessage(Exception, "programme team account"):
            call_command("invite_coach", "editor@example.org", page=self.coach_page.pk)

    def test_remove_coach_command(self):
        call_command("invite_coach", "bethan@example.org", page=self.coach_page.pk)
        call_command("remove_coach", page=self.coach_page.pk, unpublish=True)
        self.assertFalse(get_user_model().objects.get(email="bethan@example.org").is_active)
        self.assertFalse(CoachPage.objects.get(pk=self.coach_page.pk).live)


class GuessingIdsTests(TestCase):
    """A coach who types another profile's id into admin URLs, or posts to them, gets nowhere."""

    @classmethod
    def setUpTestData(cls):
        cls.directory = make_directory(make_home())
        cls.own_page = make_coach(cls.directory, title="Amara Okafor")
        cls.other_page = make_coach(cls.directory, title="Bethan Llewellyn", summary="Bethan's own words.")
        cls.own_draft = make_coach(cls.directory, title="Not yet live", live=False)
        cls.coach = make_coach_login(cls.own_page, password=PASSWORD)
        make_coach_login(cls.own_draft)

    def setUp(self):
        self.client.force_login(self.coach)

    def test_other_profiles_cannot_be_opened_or_changed(self):
        page = CoachPage.objects.get(pk=self.other_page.pk)
        for name in (
            "edit",
            "preview_on_edit",
            "view_draft",
            "history",
            "revisions_index",
            "workflow_history",
        ):
            with self.subTest(view=name):
                response = self.client.get(reverse(f"wagtailadmin_pages:{name}", args=[page.pk]), follow=True)
                self.assertNotContains(response, "Bethan&#x27;s own words.")
                self.assertNotContains(response, "Bethan's own words.")
        self.client.post(edit_url(page), profile_form_data(page, action="submit", summary="Vandalised."))
        self.assertEqual(CoachPage.objects.get(pk=page.pk).summary, "Bethan's own words.")
        self.assertFalse(CoachPage.objects.get(pk=page.pk).has_unpublished_changes)
        api = self.client.get(f"/admin/api/main/pages/{page.pk}/")
        self.assertEqual(api.status_code, 302)  # the admin API is not part of a coach's admin

    def test_a_coach_cannot_delete_move_or_copy_even_a_profile_that_was_never_live(self):
        draft_coach = CoachPage.objects.get(pk=self.own_draft.pk).account
        self.client.force_login(draft_coach)
        for name in ("delete", "move", "copy"):
            with self.subTest(action=name):
                url = reverse(f"wagtailadmin_pages:{name}", args=[self.own_draft.pk])
                self.assertRedirects(self.client.post(url), reverse("wagtailadmin_home"))
        self.assertTrue(CoachPage.objects.filter(pk=self.own_draft.pk).exists())
        self.assertEqual(CoachPage.objects.count(), 3)


class DirectoryModerationTests(TestCase):
    def test_a_directory_made_later_is_moderated_by_the_programme_editors(self):
        directory = make_directory(make_home(), slug="more-coaches")
        workflow = directory.get_workflow()
        self.assertEqual(workflow.name, "Coach profile moderation")
        [task] = workflow.tasks.specific()
        self.assertEqual([group.name for group in task.groups.all()], ["Programme editors"])
        coach_page = make_coach(directory)
        self.assertEqual(coach_page.get_workflow(), workflow)

    def test_the_demo_content_directory_is_moderated(self):
        call_command("load_demo_content", stdout=StringIO())
        self.assertEqual(CoachPage.objects.first().get_workflow().name, "Coach profile moderation")
