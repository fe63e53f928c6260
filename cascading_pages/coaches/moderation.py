"""Moderation in the coach's words: where their change stands, and an email at each step.

A coach's edit goes through the programme editors' approval (``accounts.coach_moderation_workflow``).
Wagtail would tell them in its own terms ("Page … has been updated", "Submit to …", "Cancel
workflow") and by its stock emails; this module says it the coach's way instead:

- ``moderation_status`` and ``status_message``: what the dashboard panel and the edit page show.
- ``action_message``: what a coach is told after saving, sending or withdrawing a change.
- ``notify_coach``: our own email for each step (sent for approval, changes requested with the
  reviewer's comment, approved and live), queued in the plugin's outbox. ``quiet_stock_emails``
  turns Wagtail's own approved/changes-requested emails off for the coach, so they get one of each.
"""

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from wagtail.models import WorkflowState
from wagtail.users.models import UserProfile

from cascading_pages.coaches.accounts import is_coach
from cascading_pages.coaches.models import CoachPage
from cascading_pages.conf import conf
from cascading_pages.mail import outbox
from cascading_pages.programme.models import ProgrammeEmails
from cascading_pages.public_url import page_url, public_url

DRAFT = "draft"
IN_MODERATION = "in_moderation"
CHANGES_REQUESTED = "changes_requested"
NOT_LIVE = "not_live"
LIVE = "live"

STATUS_MESSAGES = {
    DRAFT: "Your changes are saved as a draft. They are not on your public profile: "
    "send them for approval when they are ready.",
    IN_MODERATION: "Your changes are sent for approval and waiting for the programme team. "
    "Your public profile shows the previous version until they approve them.",
    CHANGES_REQUESTED: "The programme team asked for changes before your edit goes live. "
    "Make them, then send your profile for approval again.",
    NOT_LIVE: "Your profile is not on the website yet.",
    LIVE: "Your profile is live and up to date.",
}

# What a coach is told right after an action of the page editor's footer (see action_menu.py).
ACTION_MESSAGES = {
    "action-submit": "Your changes are sent for approval. We will email you when they are live, "
    "or if the programme team asks for changes.",
    "action-restart-workflow": "Your latest changes are sent for approval instead of the earlier ones. "
    "We will email you when they are live, or if the programme team asks for changes.",
    "action-cancel-workflow": "You withdrew your changes from approval. They are kept as a draft.",
}


def moderation_status(page):
    """Where the coach's profile stands: (one of the statuses above, the reviewer's comment or "")."""
    state = page.current_workflow_state  # in progress, or waiting for changes
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        return CHANGES_REQUESTED, state.current_task_state.specific.get_comment()
    if state is not None:
        return IN_MODERATION, ""
    if page.has_unpublished_changes:
        return DRAFT, ""
    if not page.live:
        return NOT_LIVE, ""
    return LIVE, ""


def status_message(status):
    return STATUS_MESSAGES[status]


def action_message(post_data):
    """The message for the footer action the coach's request posted, or None (a plain save)."""
    return next((message for action, message in ACTION_MESSAGES.items() if action in post_data), None)


# Links in emails


# Emails

EMAILS = {
    # signal name: (outbox kind, template name, the ProgrammeEmails field of its subject)
    "submitted": ("coaches.moderation-submitted", "coach_moderation_submitted", "changes_sent_subject"),
    "changes_requested": (
        "coaches.moderation-changes-requested",
        "coach_moderation_changes_requested",
        "changes_requested_subject",
    ),
    "approved": ("coaches.moderation-approved", "coach_moderation_approved", "changes_approved_subject"),
}


def coach_and_page(workflow_state):
    """(the coach who sent the change, their profile), or (None, None) for anyone else's change."""
    page = getattr(workflow_state.content_object, "specific", None)  # the base Page, made specific
    coach = workflow_state.requested_by
    if not isinstance(page, CoachPage) or coach is None or not is_coach(coach) or not coach.email:
        return None, None
    if page.account_id != coach.pk:
        return None, None
    return coach, page


def notify_coach(step, workflow_state, comment=""):
    """Queue our email for ``step`` (a key of ``EMAILS``) to the coach who sent the change."""
    coach, page = coach_and_page(workflow_state)
    if coach is None:
        return None
    kind, template, subject_field = EMAILS[step]
    context = {
        "coach": coach,
        "page": page,
        "comment": comment,
        "edit_url": public_url(reverse("wagtailadmin_pages:edit", args=[page.pk])),
        "dashboard_url": public_url(reverse("wagtailadmin_home")),
        "profile_url": page_url(page) if step == "approved" else "",
        "site_name": conf.WAGTAIL_SITE_NAME,
    }
    subject = ProgrammeEmails.for_page(page).subject(subject_field, coach_name=page.title)
    body = render_to_string(f"cascading_pages/admin/emails/{template}.txt", context)
    return outbox.queue(EmailMessage(subject, body, None, [coach.email]), kind=kind, about=page)


def quiet_stock_emails(user):
    """Turn off Wagtail's own "approved" and "changes requested" emails for ``user`` (a coach):
    ``notify_coach`` sends them ours. Wagtail sends those only to whoever sent the change."""
    profile = UserProfile.get_for_user(user)
    if profile.approved_notifications or profile.rejected_notifications:
        profile.approved_notifications = profile.rejected_notifications = False
        profile.save(update_fields=["approved_notifications", "rejected_notifications"])


# Receivers of Wagtail's workflow signals (connected in coaches/signals.py)


def change_submitted(sender, instance, user=None, **kwargs):
    """``task_submitted``: a change sent for approval, first time or again after changes were
    requested (Wagtail's ``workflow_submitted`` misses the second). The coaches' workflow has one task."""
    workflow_state = instance.workflow_state
    coach, _ = coach_and_page(workflow_state)
    if coach is not None:
        quiet_stock_emails(coach)
        notify_coach("submitted", workflow_state)


def changes_requested(sender, instance, user=None, **kwargs):
    notify_coach("changes_requested", instance, comment=instance.current_task_state.specific.get_comment())


def change_approved(sender, instance, user=None, **kwargs):
    notify_coach("approved", instance)
