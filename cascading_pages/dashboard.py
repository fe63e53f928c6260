"""The programme team's dashboard panel: what to do where, in plain English, with links.

Coaches never see it: they get a dashboard of their own (``coach_dashboard`` in
``cascading_pages.coaches.wagtail_hooks``). Every link is checked the way the screen it opens checks
the user, so the panel never offers a screen that would refuse them; a user with none of these
screens sees no panel at all.
"""

from django.urls import reverse
from wagtail.admin.ui.components import Component
from wagtail.models import Site
from wagtail.permissions import page_permission_policy, policy_registry

from cascading_pages.coaches.accounts import is_coach
from cascading_pages.coaches.models import MANAGE_COACH_ACCOUNTS
from cascading_pages.coaches.pages import CoachIndexPage
from cascading_pages.interest.admin import SubmissionPermissionHelper
from cascading_pages.interest.models import ExpressionOfInterest
from cascading_pages.programme.models import ProgrammeSettings


class ProgrammeTeamPanel(Component):
    name = "programme_team"
    # Above Wagtail's own panels ("Awaiting your review" is 220).
    order = 100
    template_name = "cascading_pages/admin/programme_team_panel.html"

    def __init__(self, links, can_manage_coach_accounts=False):
        self.links = links
        self.can_manage_coach_accounts = can_manage_coach_accounts

    def get_context_data(self, parent_context):
        return {"links": self.links, "can_manage_coach_accounts": self.can_manage_coach_accounts}


def programme_team_panel(request):
    """The panel for the user of ``request``, or None for a coach or someone with none of its screens."""
    user = request.user
    if is_coach(user):
        return None
    site = Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()
    directory = first_page_of(CoachIndexPage, site)
    links = {
        "add_coach": add_coach_url(user, directory),
        "directory": directory_url(user, directory),
        "moderation": moderation_url(user),
        "expressions_of_interest": expressions_of_interest_url(user),
        "take_up_overview": take_up_overview_url(user),
        "programme_settings": programme_settings_url(user, site),
    }
    if not any(links.values()):
        return None
    return ProgrammeTeamPanel(links, can_manage_coach_accounts=user.has_perm(MANAGE_COACH_ACCOUNTS))


def first_page_of(model, site):
    """The first page of ``model`` in ``site``'s tree (draft or live: editors work on both)."""
    pages = model.objects.order_by("path")
    if site is not None:
        pages = pages.descendant_of(site.root_page, inclusive=True)
    return pages.first()


def add_coach_url(user, directory):
    if directory is None or not directory.permissions_for_user(user).can_add_subpage():
        return None
    return reverse("wagtailadmin_pages:add", args=["cascading_pages", "coachpage", directory.pk])


def directory_url(user, directory):
    if (
        directory is None
        or not page_permission_policy.explorable_instances(user).filter(pk=directory.pk).exists()
    ):
        return None
    return reverse("wagtailadmin_explore", args=[directory.pk])


def moderation_url(user):
    """Wagtail's workflow report: every page in moderation, with its task and who submitted it."""
    # The report's own check (wagtail.admin.views.reports.workflows.WorkflowView).
    if not page_permission_policy.user_has_any_permission(user, ["add", "change", "publish"]):
        return None
    return reverse("wagtailadmin_reports:workflow")


def expressions_of_interest_url(user):
    if not SubmissionPermissionHelper(ExpressionOfInterest).user_can_list(user):
        return None
    return reverse("cascading_pages_expressionofinterest_modeladmin_index")


def take_up_overview_url(user):
    if not user.has_perm("cascading_pages.view_expressionofinterest"):
        return None
    return reverse("cascading_take_up_overview")


def programme_settings_url(user, site):
    """Settings > Programme settings, for those who may change them."""
    if not policy_registry.get_by_type(ProgrammeSettings).user_has_permission(user, "change"):
        return None
    return reverse("wagtailsettings:edit", args=["cascading_pages", "programmesettings"])
