"""Everything a coach may reach in the admin, in one place.

A coach's admin is an allowlist: any admin view not named in ``COACH_VIEWS`` refuses them, and
their menu shows only ``COACH_MENU_ITEMS``. Wagtail's page permissions already keep a coach to their
own profile; this also keeps them out of the views that only check for admin access (reports, the
admin API for images and documents, choosers they have no use for), and out of any admin view a
future Wagtail or app adds. ``cascading_pages.coaches.wagtail_hooks`` applies the menu, dashboard
and page-action rules below; ``CoachAdminAllowlistMiddleware`` applies the view rule.
"""

from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from wagtail.admin.auth import permission_denied
from wagtail.models import Page

from cascading_pages.coaches.accounts import is_coach

COACH_VIEWS = {
    # Logging in and out, the dashboard and their own account
    "wagtailadmin_home",
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_account",
    "wagtailadmin_password_reset",
    "wagtailadmin_password_reset_done",
    "wagtailadmin_password_reset_confirm",
    "wagtailadmin_password_reset_complete",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
    "wagtailadmin_dismissibles",
    "cascading_pages_admin:my_profile",
    # Their leaders and availability: each view keeps a coach to their own (interest/views.py,
    # coaches/views.py)
    "cascading_pages_admin:my_leaders",
    "cascading_pages_admin:respond",
    "cascading_pages_admin:my_availability",
    # Their own profile: Wagtail's page permissions refuse every other page
    "wagtailadmin_explore_root",
    "wagtailadmin_explore",
    "wagtailadmin_explore_results",
    "wagtailadmin_pages:edit",
    "wagtailadmin_pages:preview_on_edit",
    "wagtailadmin_pages:view_draft",
    "wagtailadmin_pages:usage",
    "wagtailadmin_pages:revisions_index",
    "wagtailadmin_pages:revisions_view",
    "wagtailadmin_pages:revisions_revert",
    "wagtailadmin_pages:revisions_compare",
    "wagtailadmin_pages:history",
    "wagtailadmin_pages:history_results",
    "wagtailadmin_pages:workflow_history",
    "wagtailadmin_pages:workflow_history_detail",
    "wagtailadmin_editing_sessions:ping",
    "wagtailadmin_editing_sessions:release",
    # Links in their biography
    "wagtailadmin_choose_page",
    "wagtailadmin_choose_page_child",
    "wagtailadmin_choose_page_search",
    "wagtailadmin_choose_page_chosen_multiple",
    "wagtailadmin_choose_page_external_link",
    "wagtailadmin_choose_page_email_link",
    "wagtailadmin_choose_page_phone_link",
    "wagtailadmin_choose_page_anchor_link",
    # Their photo: the image permissions keep them to the coach photos collection
    "wagtailadmin_tag_autocomplete",
    "wagtailimages:index",
    "wagtailimages:index_results",
    "wagtailimages:add",
    "wagtailimages:add_multiple",
    "wagtailimages:edit",
    "wagtailimages:delete",
    "wagtailimages:preview",
    "wagtailimages:image_usage",
    "wagtailimages:edit_multiple",
    "wagtailimages:delete_multiple",
    "wagtailimages:create_multiple_from_uploaded_image",
    "wagtailimages:delete_upload_multiple",
    "wagtailimages_chooser:choose",
    "wagtailimages_chooser:choose_results",
    "wagtailimages_chooser:chosen",
    "wagtailimages_chooser:chosen_multiple",
    "wagtailimages_chooser:create",
    "wagtailimages_chooser:select_format",
}


def public_page_only(match):
    """The page chooser shows the page being browsed: only the public site (or the root), never a draft."""
    pages = Page.objects.filter(pk=match.kwargs.get("parent_page_id"))
    return pages.filter(depth=1).exists() or pages.live().public().exists()


EXTRA_CHECKS = {"wagtailadmin_choose_page_child": public_page_only}


class CoachAdminAllowlistMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not is_coach(request.user):
            return None
        if not request.path_info.startswith(reverse("wagtailadmin_home")):
            return None
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
        name = match.view_name
        if name in COACH_VIEWS and EXTRA_CHECKS.get(name, lambda m: True)(match):
            return None
        return permission_denied(request)


# The main menu: their own screens, their photos and help.
COACH_MENU_ITEMS = {"my-profile", "my-leaders", "my-availability", "images", "help"}


def trim_menu_for_coaches(request, menu_items):
    if is_coach(request.user):
        menu_items[:] = [item for item in menu_items if item.name in COACH_MENU_ITEMS]


def no_site_summary_for_coaches(request, summary_items):
    if is_coach(request.user):
        summary_items[:] = []


def coaches_return_to_their_dashboard(request, page):
    """After submitting, Wagtail would show the directory's listing, which a coach cannot see."""
    if is_coach(request.user) and any(key.startswith("action-") for key in request.POST):
        return redirect("wagtailadmin_home")
    return None


def coaches_link_only_to_public_pages(pages, request):
    """A coach linking from their biography sees the public site, never drafts or private pages."""
    if is_coach(request.user):
        pages = pages.live().public()
    return pages


def refuse_coaches(request, page, *args, **kwargs):
    # CoachPagePermissionTester already refuses these; this keeps every other page type safe too.
    if is_coach(request.user):
        return permission_denied(request)
    return None


REFUSED_PAGE_ACTIONS = (
    "before_delete_page",
    "before_copy_page",
    "before_move_page",
    "before_convert_alias_page",
)
