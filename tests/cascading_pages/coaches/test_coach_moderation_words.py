"""A coach's editor says plainly where their change stands: one "Send for approval" button, and
messages in their words, never Wagtail's "Page … has been updated"."""

import re

from django.core import mail
from wagtail.models import WorkflowState

from cascading_pages.coaches.models import CoachPage
from tests.cascading_pages.coaches.test_coach_admin_screens import AmaraTestCase
from tests.cascading_pages.coaches.test_coach_self_service import edit_url, profile_form_data


def footer_buttons(response):
    """The labels of the editor's footer buttons, the main (first) one first."""
    html = response.content.decode()
    footer = html[html.index("<footer") :]
    return [
        label.strip()
        for label in re.findall(r'<button type="submit" name="action-[^"]*" value="([^"]*)"', footer)
    ]


def main_button(response):
    html = response.content.decode()
    footer = html[html.index("<footer") :]
    return re.search(r"<button[^>]*>(?:.|\n)*?</button>", footer).group(0)


class CoachFooterTests(AmaraTestCase):
    def setUp(self):
        self.client.force_login(self.coach)

    def post(self, action=None, **changes):
        page = CoachPage.objects.get(pk=self.page.pk)
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(
                edit_url(page), profile_form_data(page, action=action, **changes), follow=True
            )

    def test_the_main_button_sends_the_change_for_approval(self):
        response = self.client.get(edit_url(self.page))
        main = main_button(response)
        self.assertIn('name="action-submit"', main)
        self.assertIn("Send for approval", main)
        self.assertNotContains(response, "Submit to Coach profile moderation")
        self.assertNotContains(response, "Cancel workflow")
        self.assertNotContains(response, 'name="action-publish"')
        self.assertContains(response, "Save draft")

    def test_a_saved_draft_is_called_a_draft_not_an_update(self):
        response = self.post(summary="A draft I am still writing.")
        self.assertContains(
            response, "Your changes are saved as a draft. They are not on your public profile"
        )
        self.assertNotContains(response, "has been updated")
        self.assertEqual(mail.outbox, [], "a draft emails nobody")

    def test_while_a_change_waits_the_coach_is_told_so_and_may_withdraw_it(self):
        self.post(action="submit", summary="Waiting for approval.")
        response = self.client.get(edit_url(self.page))
        self.assertContains(
            response, "Your changes are sent for approval and waiting for the programme team."
        )
        main = main_button(response)
        self.assertIn("disabled", main)
        self.assertIn("Waiting for approval", main)
        self.assertIn("Withdraw from approval", footer_buttons(response))
        self.assertNotContains(response, "Cancel workflow")
        self.assertNotContains(response, "Restart workflow")

        response = self.post(action="cancel-workflow")
        self.assertContains(response, "You withdrew your changes from approval. They are kept as a draft.")
        self.assertContains(response, "Your changes are saved as a draft.")
        self.assertFalse(
            WorkflowState.objects.for_instance(self.page)
            .filter(status=WorkflowState.STATUS_IN_PROGRESS)
            .exists()
        )

    def test_the_programme_team_keeps_wagtails_own_footer(self):
        self.client.force_login(self.editor)
        response = self.client.get(edit_url(self.page))
        self.assertContains(response, 'name="action-publish"')
        self.assertNotContains(response, "Send for approval")
        self.assertNotContains(response, "Your changes are saved as a draft")
