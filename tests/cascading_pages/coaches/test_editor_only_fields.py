"""What only the programme team edits on a profile stays as the team left it, whatever revision a
coach goes back to and whenever an editor publishes it.

A coach edits their profile in revisions that an editor approves; the login linked to the profile
and the team's internal notes are the team's alone (``permission=`` on their panels), so no revision
(a coach's old one, reverted to, least of all) may carry an old value of them back.
"""

from django.test import TestCase
from django.urls import reverse
from wagtail.models import WorkflowState

from cascading_pages.coaches.models import CoachPage
from tests.factories import client_for, make_coach_user, make_directory, make_editor, make_home, make_user

from .test_coach_self_service import edit_url, profile_form_data


def current(page):
    return CoachPage.objects.get(pk=page.pk)


class EditorOnlyFieldsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.directory = make_directory(make_home())
        cls.coach = make_coach_user(cls.directory, title="Amara Okafor", summary="Twenty years in wellbeing.")
        cls.page = cls.coach.coach_page
        cls.editor = make_editor()

    def setUp(self):
        self.coach_client = client_for(self.coach)
        self.editor_client = client_for(self.editor)

    def editor_saves(self, action="publish", **changes):
        page = current(self.page).get_latest_revision_as_object()
        changes.setdefault("internal_notes", page.internal_notes)  # the editor's form shows them
        response = self.editor_client.post(edit_url(page), profile_form_data(page, action=action, **changes))
        self.assertEqual(response.status_code, 302, "the editor's change was saved")

    def coach_reverts_to(self, revision):
        page = revision.as_object()
        url = reverse("wagtailadmin_pages:revisions_revert", args=[page.pk, revision.pk])
        self.assertContains(self.coach_client.get(url), page.summary)
        self.coach_client.post(url, profile_form_data(page, action="submit"))

    def editor_approves(self):
        state = WorkflowState.objects.for_instance(current(self.page)).get(
            status=WorkflowState.STATUS_IN_PROGRESS
        )
        url = reverse(
            "wagtailadmin_pages:workflow_action",
            args=[self.page.pk, "approve", state.current_task_state.pk],
        )
        self.assertEqual(self.editor_client.post(url).status_code, 302)

    def test_a_coach_reverting_to_an_old_revision_does_not_bring_the_teams_old_notes_back(self):
        self.editor_saves(internal_notes="Met at the spring conference.")
        old = current(self.page).latest_revision
        self.editor_saves(internal_notes="Prefers phone calls; do not email before May.", summary="Edited.")

        self.coach_reverts_to(old)
        self.editor_approves()

        page = current(self.page)
        self.assertEqual(page.summary, "Twenty years in wellbeing.", "the coach's old words are back")
        self.assertEqual(page.internal_notes, "Prefers phone calls; do not email before May.")
        self.assertContains(
            self.editor_client.get(edit_url(page)), "Prefers phone calls; do not email before May."
        )

    def test_an_old_revision_never_relinks_the_login_or_brings_old_notes_back_when_published(self):
        self.editor_saves(internal_notes="First notes.")
        old = current(self.page).latest_revision
        someone_else = make_user()
        CoachPage.objects.filter(pk=self.page.pk).update(account=someone_else, internal_notes="Newer notes.")

        old.publish(user=self.editor)

        page = current(self.page)
        self.assertEqual((page.account, page.internal_notes), (someone_else, "Newer notes."))

    def test_an_editors_notes_in_a_draft_are_kept_when_it_is_published_later(self):
        self.editor_saves(action=None, internal_notes="Saved with a draft.", summary="Draft words.")
        self.assertEqual(current(self.page).internal_notes, "Saved with a draft.")
        self.assertEqual(current(self.page).summary, "Twenty years in wellbeing.", "the draft is not live")

        self.editor_saves(action="publish")
        self.assertEqual(
            (current(self.page).summary, current(self.page).internal_notes),
            ("Draft words.", "Saved with a draft."),
        )

    def test_an_editor_reverting_sees_and_keeps_the_current_notes(self):
        old = current(self.page).latest_revision
        self.editor_saves(internal_notes="Current notes.", summary="Newer words.")

        page = old.as_object()
        url = reverse("wagtailadmin_pages:revisions_revert", args=[page.pk, old.pk])
        self.assertContains(self.editor_client.get(url), "Current notes.")
        self.editor_client.post(
            url, profile_form_data(page, action="publish", internal_notes="Current notes.")
        )
        self.assertEqual(
            (current(self.page).summary, current(self.page).internal_notes),
            ("Twenty years in wellbeing.", "Current notes."),
        )

    def test_the_fields_only_the_team_edits_are_the_ones_these_stories_cover(self):
        # A new field behind a permission needs a story above showing a revision cannot bring it back.
        self.assertEqual(
            {panel.field_name for panel in CoachPage.editor_only_panels()}, {"account", "internal_notes"}
        )
