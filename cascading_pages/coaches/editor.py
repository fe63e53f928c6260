"""The coach's page editor: one clear "Send for approval" as the main button, and messages that say
where their change stands (``coaches.moderation``) instead of Wagtail's.

Wagtail's own footer makes "Save draft" the main button (answering "Page … has been updated", which
reads as if it went live), hides "Submit to Coach profile moderation" in the arrow menu and, while a
change waits, offers "Cancel workflow" first. For a coach (``construct_page_action_menu`` in
``coaches/wagtail_hooks.py``) the footer is, in this order:

1. "Send for approval" (Wagtail's submit action; while a change already waits, its restart action,
   which sends the latest changes instead),
2. "Save draft",
3. "Withdraw from approval" while a change waits (Wagtail's cancel action).

While a change waits, the page is locked for its author (Wagtail's workflow lock): the main button
is a disabled "Waiting for approval", then "Withdraw from approval".

Nothing else a coach's footer might show (publish, unpublish, a task's approve) is theirs to use.
The items post the same action names as Wagtail's, so Wagtail's edit view does the work.

Messages: the edit page opens with where the change stands (the reviewer's comment included);
after an action Wagtail's "Page … has been updated / submitted for moderation" is replaced by what
the coach just did (``moderation.action_message``).
"""

from django.contrib import messages
from django.shortcuts import redirect
from wagtail.admin.action_menu import (
    CancelWorkflowMenuItem,
    PageLockedMenuItem,
    RestartWorkflowMenuItem,
    SaveDraftMenuItem,
    SubmitForModerationMenuItem,
)
from wagtail.models import WorkflowState

from cascading_pages.coaches.accounts import is_coach
from cascading_pages.coaches.models import CoachPage
from cascading_pages.coaches.moderation import (
    ACTION_MESSAGES,
    CHANGES_REQUESTED,
    action_message,
    moderation_status,
    status_message,
)


class SendForApprovalMenuItem(SubmitForModerationMenuItem):
    label = "Send for approval"
    icon_name = "resubmit"

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["label"] = self.label  # not Wagtail's "Submit to <workflow name>"
        return context


class SendLatestForApprovalMenuItem(RestartWorkflowMenuItem):
    label = "Send for approval"
    icon_name = "resubmit"
    classname = ""


class CoachSaveDraftMenuItem(SaveDraftMenuItem):
    label = "Save draft"


class WithdrawFromApprovalMenuItem(CancelWorkflowMenuItem):
    label = "Withdraw from approval"


class WaitingForApprovalMenuItem(PageLockedMenuItem):
    """A disabled main button while the change waits (Wagtail's would say "Page locked")."""

    label = "Waiting for approval"
    template_name = "cascading_pages/admin/waiting_for_approval_button.html"


COACH_VERSIONS = {
    SubmitForModerationMenuItem: SendForApprovalMenuItem,
    RestartWorkflowMenuItem: SendLatestForApprovalMenuItem,
    SaveDraftMenuItem: CoachSaveDraftMenuItem,
    CancelWorkflowMenuItem: WithdrawFromApprovalMenuItem,
}
COACH_ORDER = [
    SendForApprovalMenuItem,
    SendLatestForApprovalMenuItem,
    CoachSaveDraftMenuItem,
    WithdrawFromApprovalMenuItem,
]


def coach_footer(menu_items, request, context):
    """``construct_page_action_menu``: the coach's footer, in the coach's words (see above)."""
    if not is_coach(request.user):
        return
    if any(isinstance(item, PageLockedMenuItem) for item in menu_items):
        # A change waiting for approval locks the page for its author until the team decides.
        state = context.get("page") and context["page"].current_workflow_state
        if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
            menu_items[:] = [WaitingForApprovalMenuItem(order=0)] + [
                WithdrawFromApprovalMenuItem(order=1)
                for item in menu_items
                if isinstance(item, CancelWorkflowMenuItem)
            ]
        return
    ours = [
        COACH_VERSIONS[type(item)](order=item.order) for item in menu_items if type(item) in COACH_VERSIONS
    ]
    ours.sort(key=lambda item: COACH_ORDER.index(type(item)))
    if any(isinstance(item, SendForApprovalMenuItem) for item in ours):
        # Before a change is sent there is nothing to restart: one "Send for approval" only.
        ours = [item for item in ours if not isinstance(item, SendLatestForApprovalMenuItem)]
    menu_items[:] = ours


def where_it_stands(request, page):
    """``before_edit_page``: a coach opening their profile is told where their change stands; one
    withdrawing a waiting change is told it is withdrawn (see ``withdraw``)."""
    if not is_coach(request.user) or not isinstance(page.specific_deferred, CoachPage):
        return None
    if request.method == "POST":
        return withdraw(request, page)
    if request.method != "GET":
        return None
    status, comment = moderation_status(page)
    if status == CHANGES_REQUESTED:
        text = status_message(status)
        if comment:
            text = f"{text} Their comment: “{comment}”"
        messages.warning(request, text)
    else:
        messages.info(request, status_message(status))
    return None


def withdraw(request, page):
    """A change waiting for approval locks the page for its coach, so Wagtail's edit view would
    cancel it from its invalid-form path, with its own message and no hook. Withdraw it here instead,
    and say so. (Once changes are requested the page is open again: Wagtail's own path then saves
    the form too, and ``in_the_coachs_words`` gives the message.)"""
    state = page.current_workflow_state
    if (
        "action-cancel-workflow" not in request.POST
        or state is None
        or state.status != WorkflowState.STATUS_IN_PROGRESS
        or not state.user_can_cancel(request.user)
    ):
        return None
    state.cancel(user=request.user)
    messages.success(request, ACTION_MESSAGES["action-cancel-workflow"])
    return redirect("wagtailadmin_pages:edit", page.pk)


def in_the_coachs_words(request, page):
    """``after_edit_page``: Wagtail's success message gives way to what the coach just did. A plain
    save goes back to the edit page, which says where the draft stands (``where_it_stands``)."""
    if not is_coach(request.user):
        return None
    storage = messages.get_messages(request)
    kept = [message for message in storage if message.level != messages.SUCCESS]
    for message in kept:
        messages.add_message(request, message.level, message.message, extra_tags=message.extra_tags)
    text = action_message(request.POST)
    if text:
        messages.success(request, text)
    return None
