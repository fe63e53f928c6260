"""What the programme team sees of a coach's login and availability on the coach's page in the admin.

``CoachManagementPanel`` sits at the top of the profile: where the coach stands (availability,
login, leaders waiting) with Invite, Availability and Remove as buttons beside it. ``AccountPanel``
is the read-only account field on the Private tab: "No login yet — invite" rather than a bare "None".

The page model builds its edit form from these, so this module imports no models: the URLs are
looked up by name and the figures read from the page being edited.
"""

from django.template.loader import get_template
from django.urls import reverse
from wagtail.admin.panels import FieldPanel, Panel


def coach_actions(page):
    """The programme team's links for ``page`` (a saved coach profile), by what they do."""
    account = page.account
    actions = {"availability": reverse("cascading_pages_admin:coach_availability", args=[page.pk])}
    if account is None or not account.has_usable_password():
        actions["invite"] = reverse("cascading_pages_admin:invite_coach", args=[page.pk])
    if account is not None:
        actions["remove"] = reverse("cascading_pages_admin:remove_coach", args=[page.pk])
    return actions


class CoachManagementPanel(Panel):
    """The coach's standing and the team's actions; shown to those with ``permission`` only."""

    def __init__(self, permission, **kwargs):
        super().__init__(**kwargs)
        self.permission = permission

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "permission": self.permission}

    class BoundPanel(Panel.BoundPanel):
        template_name = "cascading_pages/admin/panels/coach_management.html"

        def is_shown(self):
            return (
                self.instance is not None
                and self.instance.pk is not None
                and self.request is not None
                and self.request.user.has_perm(self.panel.permission)
            )

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            state = page.state
            context.update(
                page=page,
                state=state,
                actions=coach_actions(page),
                waiting=page.current_expressions_of_interest.awaiting_answer().count(),
                active=page.current_expressions_of_interest.active().count(),
            )
            return context


class AccountPanel(FieldPanel):
    """The coach's login, read only: their email and whether they have chosen a password, or a
    link to invite them when they have none."""

    read_only_output_template_name = "cascading_pages/admin/panels/account_output.html"

    def __init__(self, field_name="account", **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(field_name, **kwargs)

    class BoundPanel(FieldPanel.BoundPanel):
        def get_read_only_context_data(self):
            context = super().get_read_only_context_data()
            page = self.instance
            context["actions"] = coach_actions(page) if page.pk is not None else {}
            template = get_template(self.panel.read_only_output_template_name)
            context["rendered_field"] = template.render(context)
            return context
