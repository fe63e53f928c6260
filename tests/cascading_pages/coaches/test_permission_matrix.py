"""Every admin URL, on every page type, for a coach, another coach, an editor and a visitor.

Each cell is an exact answer: 200, a redirect to the login page ("login"), Wagtail's "Sorry, you do
not have permission" redirect to the dashboard ("home"), another redirect, 403, 404 or 405 (the
view only accepts POST). The matrix fails when a page type or an admin URL appears that it does
not cover, so a new view cannot slip past a coach unnoticed.
"""

from django.test import TestCase
from django.urls import reverse
from wagtail.models import Page, get_page_models

from cascading_pages.coaches.lockdown import COACH_VIEWS
from cascading_pages.coaches.models import CoachPage
from cascading_pages.coaches.pages import CoachIndexPage
from cascading_pages.content.models import HomePage, StandardPage
from cascading_pages.faqs.models import FaqIndexPage, FaqPage
from cascading_pages.interest.pages import ExpressionOfInterestPage

from .admin_urls import admin_url_names
from .matrix_fixtures import HOME, LOGIN, MISSING, NOT_ALLOWED, OK, build_site, client_for, outcome
from .matrix_urls import OTHER_VIEWS, PAGE_VIEWS

# Every page of the matrix site, and the page type each one stands for.
PAGES = {
    "root": Page,
    "home": HomePage,
    "about": StandardPage,
    "directory": CoachIndexPage,
    "coach_page": CoachPage,
    "other_coach_page": CoachPage,
    "draft_coach_page": CoachPage,
    "faq_index": FaqIndexPage,
    "faq": FaqPage,
    "interest_page": ExpressionOfInterestPage,
}
ROLES = ("anonymous", "coach", "other_coach", "editor")
OWN_PAGE = {"coach": "coach_page", "other_coach": "other_coach_page"}
OWN_PHOTO = {"coach": "own photo", "other_coach": "other coach's photo"}
OWN_LEADER = {"coach": "Amara's leader", "other_coach": "Bethan's leader"}

# Open to anyone: the login and password reset screens and the admin's static helpers.
PUBLIC_VIEWS = {
    "wagtailadmin_login": OK,
    "wagtailadmin_password_reset": OK,
    "wagtailadmin_password_reset_done": OK,
    "wagtailadmin_password_reset_confirm": OK,
    "wagtailadmin_password_reset_complete": OK,
    "wagtailadmin_sprite": OK,
    "wagtailadmin_javascript_catalog": OK,
}

# Views that only answer POST, for everyone who gets past the login.
POST_ONLY = {
    "wagtailadmin_logout",
    "wagtailadmin_pages:set_page_position",
    "wagtailadmin_pages:lock",
    "wagtailadmin_pages:unlock",
    "wagtailadmin_workflows:remove",
    "wagtailadmin_workflows:enable",
    "wagtailadmin_workflows:enable_task",
    "wagtailadmin_api:pages:action",
    "wagtailadmin_editing_sessions:ping",
    "wagtailadmin_editing_sessions:release",
    "wagtailredirects:process_import",
    "wagtaildocs:edit_multiple",
    "wagtaildocs:create_multiple_from_uploaded_document",
    "wagtaildocs:delete_multiple",
    "wagtaildocs:delete_upload_multiple",
    "wagtailimages:edit_multiple",
    "wagtailimages:delete_multiple",
    "wagtailimages:create_multiple_from_uploaded_image",
    "wagtailimages:delete_upload_multiple",
}


def expected(site, role, name, target):
    """The one right answer for ``role`` asking for ``name`` on ``target``."""
    if role == "anonymous":
        return PUBLIC_VIEWS.get(name, LOGIN)
    if role == "editor":
        return expected_for_editor(site, name, target)
    return expected_for_coach(site, role, name, target)


def page_url(site, name, target):
    return reverse(name, args=[getattr(site, target).pk])


def expected_for_coach(site, role, name, target):
    own = OWN_PAGE[role]
    is_own = target == own
    if name not in COACH_VIEWS:
        return HOME  # the coach's admin allowlist refuses every other view
    if name in POST_ONLY:
        return NOT_ALLOWED
    if name in ("wagtailadmin_explore", "wagtailadmin_explore_results"):
        return OK if is_own else f"302 {page_url(site, 'wagtailadmin_explore', own)}"
    if name == "wagtailadmin_explore_root":
        return f"302 {page_url(site, 'wagtailadmin_explore', own)}"
    if name == "cascading_pages_admin:my_profile":
        return f"302 {page_url(site, 'wagtailadmin_pages:edit', own)}"
    if name == "wagtailadmin_login":
        return HOME  # already logged in
    if name == "cascading_pages_admin:respond":
        return OK if target == OWN_LEADER[role] else MISSING  # another coach's leader is not there
    if name == "wagtailadmin_choose_page_child":
        return HOME if target == "draft_coach_page" else OK  # links go to the public site only
    if name == "wagtailadmin_pages:revisions_index":
        return f"302 {page_url(site, 'wagtailadmin_pages:history', target)}"
    if name == "wagtailadmin_pages:revisions_revert" and target == "root":
        return MISSING  # the root has no revisions; the URL names another page's
    if name == "wagtailadmin_pages:workflow_history_detail":
        # The workflow in the matrix is the other coach's: only they see its detail.
        if target == "other_coach_page":
            return OK if role == "other_coach" else HOME
        return MISSING if is_own else HOME
    if name in PAGE_VIEWS:
        return OK if is_own else HOME
    if name in (
        "wagtailimages:edit",
        "wagtailimages:delete",
        "wagtailimages:preview",
        "wagtailimages:image_usage",
    ):
        return OK if target == OWN_PHOTO[role] else HOME
    if name in ("wagtailimages_chooser:chosen", "wagtailimages_chooser:select_format"):
        return HOME if target == "team image" else OK  # any photo in the coach photos collection
    return OK


EDITOR_PAGE_EXCEPTIONS = {
    # The root is not a page anyone edits.
    **{
        (name, "root"): HOME
        for name in (
            "wagtailadmin_pages:edit",
            "wagtailadmin_pages:preview_on_edit",
            "wagtailadmin_pages:view_draft",
            "wagtailadmin_pages:usage",
            "wagtailadmin_pages:add",
            "wagtailadmin_pages:delete",
            "wagtailadmin_pages:unpublish",
            "wagtailadmin_pages:move",
            "wagtailadmin_pages:copy",
            "wagtailadmin_pages:set_privacy",
            "wagtailadmin_pages:revisions_view",
            "wagtailadmin_pages:revisions_unschedule",
            "wagtailadmin_pages:revisions_compare",
            "wagtailadmin_pages:workflow_history",
            "wagtailadmin_pages:history",
            "wagtailadmin_pages:history_results",
            "wagtailadmin_pages:workflow_preview",
            "wagtailadmin_pages:workflow_history_detail",
        )
    },
    ("wagtailadmin_pages:revisions_revert", "root"): MISSING,
    ("wagtailadmin_api:pages:detail", "root"): MISSING,
    # One directory and one FAQ index per home page.
    ("wagtailadmin_pages:add", "directory"): HOME,
    ("wagtailadmin_pages:add", "faq_index"): HOME,
    ("wagtailadmin_pages:add", "interest_page"): HOME,
    # Pages with children are deleted by superusers only.
    ("wagtailadmin_pages:delete", "home"): HOME,
    ("wagtailadmin_pages:delete", "directory"): HOME,
    ("wagtailadmin_pages:delete", "faq_index"): HOME,
    ("wagtailadmin_pages:unpublish", "draft_coach_page"): HOME,  # it is not live
    # No child page type is allowed here.
    ("wagtailadmin_pages:add_subpage", "coach_page"): HOME,
    ("wagtailadmin_pages:add_subpage", "other_coach_page"): HOME,
    ("wagtailadmin_pages:add_subpage", "draft_coach_page"): HOME,
    ("wagtailadmin_pages:add_subpage", "faq"): HOME,
    ("wagtailadmin_pages:add_subpage", "interest_page"): HOME,
    ("cascading_pages_admin:remove_coach", "draft_coach_page"): "302 {edit}",  # nobody to remove
}
EDITOR_SINGLE_CHILD_TYPE = {  # add_subpage goes straight to the only page type allowed there
    "root": "homepage",
    "home": "standardpage",
    "about": "standardpage",
    "directory": "coachpage",
    "faq_index": "faqpage",
}
# Only superusers manage collections, workflows, sites, users, groups and snippets here.
SUPERUSER_ONLY_PREFIXES = (
    "wagtailadmin_collections:",
    "wagtailadmin_workflows:",
    "wagtailsites:",
    "wagtailusers_users:",
    "wagtailusers_groups:",
    "wagtailsnippets:",
)
EDITOR_OTHER_EXCEPTIONS = {
    "wagtailadmin_login": HOME,
    "cascading_pages_admin:my_profile": HOME,  # editors have no profile of their own
    # Nor leaders or availability of their own: they follow up in "Expressions of interest".
    "cascading_pages_admin:my_leaders": HOME,
    "cascading_pages_admin:my_availability": HOME,
    "cascading_pages_admin:respond": HOME,
    "wagtailadmin_error_test": 500,  # Wagtail's deliberate test of the error page
    "wagtailadmin_block_preview": MISSING,  # needs a block to preview
    "wagtailadmin_tag_model_autocomplete": MISSING,
    "wagtail_bulk_action": MISSING,  # needs the ids of the pages to act on
    "wagtailadmin_api:pages:find": MISSING,
    "wagtailadmin_api:images:find": MISSING,
    "wagtailadmin_api:documents:find": MISSING,
    "wagtailadmin_collections:delete": MISSING,  # the collection is not empty
    "wagtailsettings:edit": MISSING,  # no settings model is registered
    "wagtailsettings:preview_on_edit": MISSING,
    "wagtailimages:url_generator": MISSING,  # dynamic image serving is not set up
    "wagtailimages:url_generator_output": MISSING,
    # Expressions of interest come only from leaders, and leave only through the erasure command.
    "cascading_pages_expressionofinterest_modeladmin_create": HOME,
    "cascading_pages_expressionofinterest_modeladmin_delete": HOME,
    # The outbox is read and sent again, never written, edited or deleted by hand.
    "cascading_pages_outboxemail_modeladmin_create": HOME,
    "cascading_pages_outboxemail_modeladmin_edit": HOME,
    "cascading_pages_outboxemail_modeladmin_delete": HOME,
}


def expected_for_editor(site, name, target):
    if name in POST_ONLY:
        return NOT_ALLOWED
    if name in PAGE_VIEWS:
        answer = EDITOR_PAGE_EXCEPTIONS.get((name, target))
        if answer == "302 {edit}":
            return f"302 {page_url(site, 'wagtailadmin_pages:edit', target)}"
        if answer is not None:
            return answer
        return expected_page_view_for_editor(site, name, target)
    if name in EDITOR_OTHER_EXCEPTIONS:
        return EDITOR_OTHER_EXCEPTIONS[name]
    if name.startswith("wagtailadmin_workflows:task_cho"):
        return OK  # the task chooser lists task names to anyone who can edit pages
    if name.startswith(SUPERUSER_ONLY_PREFIXES):
        return HOME
    return OK


def expected_page_view_for_editor(site, name, target):
    page = getattr(site, target)
    if name == "wagtailadmin_pages:add_subpage":
        kind = EDITOR_SINGLE_CHILD_TYPE[target]
        return f"302 {reverse('wagtailadmin_pages:add', args=['cascading_pages', kind, page.pk])}"
    if name == "wagtailadmin_pages:choose_parent" and target not in ("root", "home", "about"):
        # Only one place a page of this type can go: straight to its form.
        parent = site.home if target in ("directory", "faq_index") else page.get_parent()
        model = PAGES[target]._meta.model_name
        return f"302 {reverse('wagtailadmin_pages:add', args=['cascading_pages', model, parent.pk])}"
    if name == "wagtailadmin_pages:revisions_index":
        return f"302 {page_url(site, 'wagtailadmin_pages:history', target)}"
    if name == "wagtailadmin_pages:convert_alias":
        return MISSING  # no page is an alias
    if name in ("wagtailforms:list_submissions", "wagtailforms:list_submissions_results"):
        return OK if target == "interest_page" else MISSING  # the only form page
    if name == "wagtailforms:delete_submissions":
        # The form builder's confirm-and-delete, for duplicates and tests; data requests use
        # the erasure command.
        return OK if target == "interest_page" else HOME
    if name in (
        "cascading_pages_admin:invite_coach",
        "cascading_pages_admin:remove_coach",
        "cascading_pages_admin:coach_availability",
    ):
        return OK if PAGES[target] is CoachPage else MISSING
    if name in ("wagtailadmin_pages:workflow_action", "wagtailadmin_pages:collect_workflow_action_data"):
        # The task state in the URL is the other coach's page's; anywhere else goes to that page's editor.
        return (
            OK if target == "other_coach_page" else f"302 {page_url(site, 'wagtailadmin_pages:edit', target)}"
        )
    if name == "wagtailadmin_pages:workflow_preview":
        return OK if target == "other_coach_page" else HOME
    if name == "wagtailadmin_pages:workflow_history_detail":
        return OK if target == "other_coach_page" else MISSING
    return OK


class PermissionMatrixTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_site(cls)

    def users(self):
        return {
            "anonymous": None,
            "coach": self.coach,
            "other_coach": self.other_coach,
            "editor": self.editor,
        }

    def test_every_page_type_is_in_the_matrix(self):
        self.assertEqual(set(get_page_models()), set(PAGES.values()))

    def test_every_admin_url_is_in_the_matrix(self):
        covered = set(PAGE_VIEWS) | set(OTHER_VIEWS)
        self.assertEqual(admin_url_names() - covered, set(), "admin URLs the matrix does not try")
        self.assertEqual(covered - admin_url_names(), set(), "matrix entries for URLs that are gone")

    def test_page_views_on_every_page_type(self):
        self.check(
            (name, target, reverse(name, kwargs=kwargs(getattr(self, target), self)))
            for name, kwargs in PAGE_VIEWS.items()
            for target in PAGES
        )

    def test_every_other_admin_view(self):
        self.check(
            (name, target, reverse(name, kwargs=kwargs))
            for name, targets in OTHER_VIEWS.items()
            for target, kwargs in targets(self).items()
        )

    def check(self, cells):
        cells = list(cells)
        mismatches = []
        for role, user in self.users().items():
            for name, target, url in cells:
                # A fresh session for every request: no view's side effect leaks into the next.
                answer = outcome(client_for(user).get(url))
                want = expected(self, role, name, target)
                if answer != want:
                    mismatches.append(f"{role:12} {name} [{target}] {url}: got {answer!r}, expected {want!r}")
        self.assertEqual(mismatches, [], "\n" + "\n".join(mismatches))
