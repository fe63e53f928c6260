"""Everything a coach may reach in the admin, in one place.

A coach's admin is an allowlist: any admin view not named in ``COACH_VIEWS`` refuses them, and
their menu shows only ``COACH_MENU_ITEMS``, with no sidebar search (the middleware marks their
requests ``request.coach_admin`` for ``wagtailadmin/admin_base.html``). Wagtail's page permissions
already keep a coach to their own profile; this also keeps them out of the views that only check for admin access (reports, the
admin API for images and documents, choosers they have no use for), and out of any admin view a
future Wagtail or app adds. Every id a view it allows is given must name something the coach may
see (``IDS``), and the page chooser shows them the public site as published (``COACH_VERSIONS``).
``cascading_pages.coaches.wagtail_hooks`` applies the menu, dashboard and page-action rules below;
``CoachAdminAllowlistMiddleware`` applies the view and id rules.
"""

from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from wagtail.admin.auth import permission_denied
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.permissions import policy_registry

from cascading_pages.coaches import choosers, home
from cascading_pages.coaches.accounts import coach_page_for, is_coach

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


# Every id a coach's request carries must name something the coach may see, whether it comes in the
# URL or in the query string; the view does not run otherwise. Wagtail's own checks differ from view
# to view (the page chooser, for one, answers for any page id, drafts and private pages included),
# so the allowlist checks them all alike. View name -> {URL keyword or query parameter: rule}.
OWN_PROFILE = "own profile"  # the coach's own page
PUBLIC_OR_ROOT = "public page or the root"  # browsing the public site in the page chooser
PUBLIC = "public page"  # a page a coach links to: live, and with no privacy setting
IMAGE = "image the coach may choose"  # in the coach photos collection

_PAGE_CHOOSER_QUERY = {"parent_page_id": PUBLIC_OR_ROOT, "target_pages[]": PUBLIC_OR_ROOT}
_OWN_PAGE_VIEWS = (
    "wagtailadmin_explore",
    "wagtailadmin_explore_results",
    "wagtailadmin_pages:edit",
    "wagtailadmin_pages:preview_on_edit",
    "wagtailadmin_pages:view_draft",
    "wagtailadmin_pages:usage",
    "wagtailadmin_pages:revisions_index",
    "wagtailadmin_pages:revisions_view",
    "wagtailadmin_pages:revisions_revert",
    "wagtailadmin_pages:history",
    "wagtailadmin_pages:history_results",
    "wagtailadmin_pages:workflow_history",
    "wagtailadmin_pages:workflow_history_detail",
)
_IMAGE_VIEWS = (
    "wagtailimages:edit",
    "wagtailimages:delete",
    "wagtailimages:preview",
    "wagtailimages:image_usage",
    "wagtailimages:edit_multiple",
    "wagtailimages:delete_multiple",
    "wagtailimages_chooser:select_format",
)
IDS = {
    **{name: {"page_id": OWN_PROFILE, "parent_page_id": OWN_PROFILE} for name in _OWN_PAGE_VIEWS},
    "wagtailadmin_pages:revisions_compare": {"pk": OWN_PROFILE},
    "wagtailadmin_editing_sessions:ping": {"object_id": OWN_PROFILE},
    "wagtailadmin_choose_page": _PAGE_CHOOSER_QUERY,
    "wagtailadmin_choose_page_child": _PAGE_CHOOSER_QUERY,
    "wagtailadmin_choose_page_search": _PAGE_CHOOSER_QUERY,
    "wagtailadmin_choose_page_chosen_multiple": {"id": PUBLIC},
    "wagtailadmin_choose_page_external_link": _PAGE_CHOOSER_QUERY,
    "wagtailadmin_choose_page_email_link": _PAGE_CHOOSER_QUERY,
    "wagtailadmin_choose_page_phone_link": _PAGE_CHOOSER_QUERY,
    "wagtailadmin_choose_page_anchor_link": _PAGE_CHOOSER_QUERY,
    **{name: {"image_id": IMAGE} for name in _IMAGE_VIEWS},
    "wagtailimages_chooser:chosen": {"pk": IMAGE},
    "wagtailimages_chooser:chosen_multiple": {"id": IMAGE},
}
# The other ids a coach's views take are looked up among the coach's own things by the view itself:
# "respond" (submission_id) among their own leaders (interest/views.py), the editing session to
# release among their own sessions, an upload to finish or discard (uploaded_file_id) among their
# own uploads; a revision or workflow id among those of the profile in the URL, which is theirs.

# The largest id a database column holds; a longer number names nothing.
MAX_ID = 2**63 - 1


def given_ids(request, match, names):
    """Every value ``request`` gives for ``names``, in its URL or query string (empty ones skipped)."""
    for name in names:
        if name in match.kwargs:
            yield name, str(match.kwargs[name])
        for value in request.GET.getlist(name):
            if value != "":
                yield name, value


def as_id(value):
    return int(value) if value.isascii() and value.isdigit() and int(value) <= MAX_ID else None


def allowed(user, rule, ids):
    """Whether every one of ``ids`` (whole numbers) follows ``rule`` for the coach ``user``."""
    if rule == OWN_PROFILE:
        own = coach_page_for(user)
        return own is not None and ids == {own.pk}
    if rule == IMAGE:
        choosable = image_permission_policy().instances_user_has_permission_for(user, "choose")
        return choosable.filter(pk__in=ids).count() == len(ids)
    pages = Page.objects.live().public()
    if rule == PUBLIC:
        pages = pages.exclude(depth=1)
    return pages.filter(pk__in=ids).count() == len(ids)


def image_permission_policy():
    return policy_registry.get_by_type(get_image_model())


def ids_allowed(request, match):
    """Whether every id in the request names something the coach may see (see ``IDS``)."""
    rules = IDS.get(match.view_name, {})
    by_rule = {}
    for name, value in given_ids(request, match, rules):
        number = as_id(value)
        if number is None:
            return False
        by_rule.setdefault(rules[name], set()).add(number)
    return all(allowed(request.user, rule, ids) for rule, ids in by_rule.items())


# Wagtail's page chooser shows every page as its latest draft; a coach gets these versions of its
# views, which show the public site as it is published (see coaches/choosers.py).
COACH_VERSIONS = {
    # Their own dashboard, without the site-wide summary, page search and upgrade notice
    "wagtailadmin_home": home.coach_home,
    "wagtailadmin_choose_page": choosers.browse,
    "wagtailadmin_choose_page_child": choosers.browse,
    "wagtailadmin_choose_page_search": choosers.search,
    "wagtailadmin_choose_page_chosen_multiple": choosers.chosen_multiple,
    "wagtailadmin_choose_page_external_link": choosers.external_link,
}


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
        if match.view_name not in COACH_VIEWS or not ids_allowed(request, match):
            return permission_denied(request)
        # The admin's templates leave out what a coach cannot use (wagtailadmin/admin_base.html).
        request.coach_admin = True
        version = COACH_VERSIONS.get(match.view_name)
        if version is not None:
            return version(request, *view_args, **view_kwargs)
        return None


# The main menu: their own screens, their photos and help.
COACH_MENU_ITEMS = {"my-profile", "my-leaders", "my-availability", "images", "help"}


def trim_menu_for_coaches(request, menu_items):
    if is_coach(request.user):
        menu_items[:] = [item for item in menu_items if item.name in COACH_MENU_ITEMS]


def no_site_summary_for_coaches(request, summary_items):
    # Registered to run after Wagtail's own hooks, which add the "1 Page / 0 Images" items.
    if is_coach(request.user):
        summary_items[:] = []


# Wagtail's help menu items that announce its releases (with a badge until dismissed).
RELEASE_HELP_ITEMS = ("whats-new-in-wagtail-", "editor-guide")


def no_release_notes_for_coaches(request, menu_items):
    """``construct_help_menu``: a coach's Help menu keeps the keyboard shortcuts, without Wagtail's
    "What's new" and "Editor Guide" (and their badge)."""
    if is_coach(request.user):
        menu_items[:] = [item for item in menu_items if not item.name.startswith(RELEASE_HELP_ITEMS)]


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
