"""Every admin URL, on every page type, for everyone who may log in to the admin (and for a visitor).

The roles: nobody logged in; two coaches, Amara and Bethan; the programme team ("Programme
editors"); Wagtail's own "Editors" and "Moderators" groups, which its migrations make and which can
edit every page but hold none of the programme's permissions; and a superuser.

Each cell is an exact answer: 200, a redirect to the login page ("login"), Wagtail's "Sorry, you do
not have permission" redirect to the dashboard ("home"), another redirect, 403, 404 or 405 (the
view only accepts POST). Never a 500 for a coach; the few server errors Wagtail's own views give
the staff for a request no browser sends are listed where they are expected. Every view a coach
may reach that is given an id (in its URL or its query string) is also POSTed to, by every role,
and a POST changes nothing, unless it deletes an image its sender may delete. A
coach's answers are searched for what they must never be shown (``SECRETS``: another coach's change
waiting for approval, a draft's, an unpublished or private page's title and address, the team's
image), including where they put those pages' ids in the URL or query string themselves.

The matrix fails when a page type or an admin URL appears that it does not cover, so a new view
cannot slip past anyone unnoticed.
"""

from django.db import transaction
from django.test import TestCase
from django.urls import reverse
from wagtail.models import Page, get_page_models

from cascading_pages.coaches.lockdown import COACH_VIEWS
from cascading_pages.coaches.models import CoachPage
from cascading_pages.coaches.pages import CoachIndexPage
from cascading_pages.content.models import HomePage, StandardPage
from cascading_pages.faqs.models import FaqIndexPage, FaqPage
from cascading_pages.interest.pages import ExpressionOfInterestPage
from tests.factories import client_for

from .admin_urls import admin_url_names
from .matrix_fixtures import (
    HOME,
    LOGIN,
    MISSING,
    NOT_ALLOWED,
    OK,
    SECRETS,
    build_site,
    outcome,
    world,
)
from .matrix_urls import CROSS_VIEWS, OTHER_VIEWS, PAGE_VIEWS, url_for

# Every page of the matrix site, and the page type each one stands for.
PAGES = {
    "root": Page,
    "home": HomePage,
    "about": StandardPage,
    "directory": CoachIndexPage,
    "coach_page": CoachPage,
    "other_coach_page": CoachPage,
    "draft_coach_page": CoachPage,
    "unpublished_page": StandardPage,
    "private_page": StandardPage,
    "faq_index": FaqIndexPage,
    "faq": FaqPage,
    "interest_page": ExpressionOfInterestPage,
}
# The role -> the user it logs in as (see matrix_fixtures.build_site).
ROLES = {
    "anonymous": None,
    "coach": "coach",
    "other_coach": "other_coach",
    "editor": "editor",
    "wagtail_editor": "wagtail_editor",
    "wagtail_moderator": "wagtail_moderator",
    "superuser": "superuser",
}
COACHES = ("coach", "other_coach")
OWN_PAGE = {"coach": "coach_page", "other_coach": "other_coach_page"}
OWN_PHOTO = {"coach": "own photo", "other_coach": "other coach's photo"}
OWN_LEADER = {"coach": "Amara's leader", "other_coach": "Bethan's leader"}
# Pages of the public site (live, no privacy setting): what a coach browses and links to.
PUBLIC_PAGES = {
    "home",
    "about",
    "directory",
    "coach_page",
    "other_coach_page",
    "faq_index",
    "faq",
    "interest_page",
}

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
    *(
        f"wagtailsnippets_cascading_pages_{model}:reorder"
        for model in ("region", "expertisearea", "sector", "community", "language", "faqcategory")
    ),
}


def expected(site, role, name, target, method="GET"):
    """The one right answer for ``role`` asking for ``name`` on ``target``."""
    if role == "anonymous":
        return PUBLIC_VIEWS.get(name, LOGIN) if method == "GET" else LOGIN
    if role in COACHES:
        answer = expected_for_coach(site, role, name, target)
        return post_answer(role, name, target, answer) if method == "POST" else answer
    answer = expected_for_team(site, role, name, target)
    return post_answer(role, name, target, answer) if method == "POST" else answer


def page_url(site, name, target):
    return reverse(name, args=[getattr(site, target).pk])


# --- A coach -----------------------------------------------------------------------------------

# The views of one page a coach may open on their own profile only (coaches/lockdown.py).
OWN_PROFILE_VIEWS = {
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
}
# The page chooser's views, with a page id in the query string: a page of the public site, or
# the root, to browse from; a page of the public site to link to.
BROWSING_VIEWS = {
    "wagtailadmin_choose_page",
    "wagtailadmin_choose_page_external_link",
    "wagtailadmin_choose_page_email_link",
    "wagtailadmin_choose_page_phone_link",
    "wagtailadmin_choose_page_anchor_link",
}


def expected_for_coach(site, role, name, target):
    own = OWN_PAGE[role]
    if name not in COACH_VIEWS:
        return HOME  # the coach's admin allowlist refuses every other view
    if name in OWN_PROFILE_VIEWS:
        return expected_on_own_profile(site, role, name) if target == own else HOME
    if name == "wagtailadmin_choose_page_child":
        return OK if target in PUBLIC_PAGES or target == "root" else HOME
    if name in BROWSING_VIEWS:
        return OK if target in ("", "root") or target in PUBLIC_PAGES else HOME
    if name == "wagtailadmin_choose_page_chosen_multiple":
        return OK if target == "" or target in PUBLIC_PAGES else HOME  # the root is no link
    if name in POST_ONLY:
        # Another coach's photo is one they may choose; the team's image is refused before the view.
        return HOME if target == "team image" else NOT_ALLOWED
    if name == "wagtailadmin_explore_root":
        return f"302 {page_url(site, 'wagtailadmin_explore', own)}"
    if name == "cascading_pages_admin:my_profile":
        return f"302 {page_url(site, 'wagtailadmin_pages:edit', own)}"
    if name == "wagtailadmin_login":
        return HOME  # already logged in
    if name == "cascading_pages_admin:respond":
        return OK if target == OWN_LEADER[role] else MISSING  # another coach's leader is not there
    if name in (
        "wagtailimages:edit",
        "wagtailimages:delete",
        "wagtailimages:preview",
        "wagtailimages:image_usage",
    ):
        return OK if target == OWN_PHOTO[role] else HOME
    if name in (
        "wagtailimages_chooser:chosen",
        "wagtailimages_chooser:chosen_multiple",
        "wagtailimages_chooser:select_format",
    ):
        return HOME if target == "team image" else OK  # any photo in the coach photos collection
    return OK


def expected_on_own_profile(site, role, name):
    if name == "wagtailadmin_pages:revisions_index":
        return f"302 {page_url(site, 'wagtailadmin_pages:history', OWN_PAGE[role])}"
    if name == "wagtailadmin_pages:workflow_history_detail":
        # The workflow in the matrix is Bethan's: only she sees its detail.
        return OK if role == "other_coach" else MISSING
    if name == "wagtailadmin_editing_sessions:ping":
        return NOT_ALLOWED
    return OK


# --- The programme team, Wagtail's own groups and a superuser --------------------------------

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
    # They are not live.
    ("wagtailadmin_pages:unpublish", "draft_coach_page"): HOME,
    ("wagtailadmin_pages:unpublish", "unpublished_page"): HOME,
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
    "unpublished_page": "standardpage",
    "private_page": "standardpage",
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
    # Promoted search results and both search terms reports: superusers, or staff given their
    # permissions (tests/cascading_pages/search/test_search_terms.py).
    "wagtailsearchpromotions:",
    "cascading_search_terms",
)
EDITOR_OTHER_EXCEPTIONS = {
    "wagtailadmin_login": HOME,
    # Wagtail's chooser of search queries (for a promotion) opens to anyone in the admin but a
    # coach: it lists recorded searches, which hold no personal data (search/querylog.py).
    "wagtailsearchpromotions:chooser": OK,
    "wagtailsearchpromotions:chooserresults": OK,
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
    # With nothing selected, the bulk status change sends the team back to the list.
    "cascading_pages_expressionofinterest_modeladmin_bulk_status": "302 /admin/cascading_pages/expressionofinterest/",
    # The outbox is read and sent again, never written, edited or deleted by hand.
    "cascading_pages_outboxemail_modeladmin_create": HOME,
    "cascading_pages_outboxemail_modeladmin_edit": HOME,
    "cascading_pages_outboxemail_modeladmin_delete": HOME,
}
# What the programme team's permissions open and Wagtail's own groups do not have: the programme's
# own screens, coach accounts, redirects, a form's submissions, and the coach moderation task.
PROGRAMME_TEAM_VIEWS_PREFIXES = (
    "cascading_pages_",
    "cascading_take_up_overview",
    "wagtailredirects:",
    "wagtailsnippets_cascading_pages_",  # the vocabularies (vocabularies/admin.py)
)
# Wagtail's snippet choosers list the vocabularies' terms (public: the directory shows them) to
# anyone in the admin; adding a term from a chooser takes the programme team's permission.
VOCABULARY_CHOOSER_CREATE = {
    f"wagtailsnippetchoosers_cascading_pages_{model}:create"
    for model in ("region", "expertisearea", "sector", "community", "language", "faqcategory")
}
PROGRAMME_TEAM_PAGE_VIEWS = {
    "cascading_pages_admin:invite_coach",
    "cascading_pages_admin:remove_coach",
    "cascading_pages_admin:coach_availability",
    "wagtailforms:list_submissions",
    "wagtailforms:list_submissions_results",
    "wagtailforms:delete_submissions",
    "wagtailadmin_pages:workflow_action",
    "wagtailadmin_pages:collect_workflow_action_data",
    "wagtailadmin_pages:workflow_preview",
}
# What Wagtail's Editors cannot do, having no permission to publish, delete or lock: coach profiles
# are copied only by those who can publish them (CoachPagePermissionTester).
PUBLISHING_VIEWS = {
    "wagtailadmin_pages:delete",
    "wagtailadmin_pages:move",
    "wagtailadmin_pages:unpublish",
    "wagtailadmin_pages:set_privacy",
    "wagtailadmin_pages:revisions_unschedule",
    "wagtailadmin_reports:locked_pages",
    "wagtailadmin_reports:locked_pages_results",
}


def expected_for_team(site, role, name, target):
    answer = expected_for_editor(site, name, target)
    if role == "superuser":
        return expected_for_superuser(name, target, answer)
    if role in ("wagtail_editor", "wagtail_moderator"):
        return expected_for_wagtail_group(role, name, target, answer)
    return answer


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
    if (name, target) == ("wagtailadmin_choose_page_chosen_multiple", "root"):
        # Wagtail's multiple page chooser fails on the root's id (the root has no parent), which its
        # chooser never offers. A coach gets the plugin's version, which refuses it.
        return 500
    if name.startswith(SUPERUSER_ONLY_PREFIXES):
        return HOME
    return OK


def expected_page_view_for_editor(site, name, target):
    page = getattr(site, target)
    if name == "wagtailadmin_pages:add_subpage":
        kind = EDITOR_SINGLE_CHILD_TYPE[target]
        return f"302 {reverse('wagtailadmin_pages:add', args=['cascading_pages', kind, page.pk])}"
    if name == "wagtailadmin_pages:choose_parent" and PAGES[target] not in (Page, HomePage, StandardPage):
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
        # The form builder's confirmation page opens, but its delete is refused (the erasure
        # command alone deletes expressions of interest): see the POST column.
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


def expected_for_wagtail_group(role, name, target, editors_answer):
    """Wagtail's Editors and Moderators: like the programme team on pages, without its permissions."""
    refused = name.startswith(PROGRAMME_TEAM_VIEWS_PREFIXES) and editors_answer not in (HOME, MISSING)
    if name in PROGRAMME_TEAM_PAGE_VIEWS and editors_answer == OK:
        refused = True
    if name in VOCABULARY_CHOOSER_CREATE:
        refused = True
    if role == "wagtail_editor" and name in PUBLISHING_VIEWS and editors_answer == OK:
        # Wagtail lets anyone who may add pages delete or move one that is not live.
        refused = not (
            name in ("wagtailadmin_pages:delete", "wagtailadmin_pages:move") and target == "unpublished_page"
        )
    if role == "wagtail_editor" and name == "wagtailadmin_pages:copy" and PAGES.get(target) is CoachPage:
        refused = True
    if role == "wagtail_moderator" and (name, target) == ("wagtailadmin_pages:unpublish", "other_coach_page"):
        refused = True  # the page is in moderation, which is the programme team's task
    if name == "wagtailredirects:process_import":
        refused = True  # refused before the view's own method check
    return HOME if refused else editors_answer


def expected_for_superuser(name, target, editors_answer):
    if name == "wagtailsnippets:index":
        return HOME  # no snippet model to list here: the vocabularies have their own menu
    if name.startswith(SUPERUSER_ONLY_PREFIXES) and editors_answer in (HOME, MISSING):
        if name == "wagtailadmin_workflows:select_task_type":
            return "302 /admin/workflows/tasks/add/wagtailcore/groupapprovaltask/"  # the only task type
        return OK
    if name == "wagtailadmin_pages:delete" and target in ("home", "directory", "faq_index"):
        return OK
    return editors_answer


# --- The POST column ---------------------------------------------------------------------------


def post_answer(role, name, target, get_answer):
    """A POST carrying nothing but the ids: refused as the GET is; otherwise the view's answer to
    a form posted empty (shown again with its errors), or 405 from views that only show things."""
    if get_answer in (HOME, LOGIN) or str(get_answer).startswith("302"):
        return get_answer
    if name in GET_ONLY_BEFORE_LOOKING:
        return NOT_ALLOWED  # they take GET only, and say so before looking anything up
    if get_answer == MISSING:
        return MISSING
    if role in COACHES and name in IMAGE_POST_ONLY and target != OWN_PHOTO[role]:
        return HOME  # another coach's photo: theirs to choose, not to change or delete
    if role not in COACHES and (name, target) == ("wagtailadmin_editing_sessions:ping", "root"):
        return MISSING  # the root is not a page anyone edits
    if role not in COACHES and wagtail_fails_on_an_empty_form(name, target):
        return 500
    return POST_ANSWERS.get(name, NOT_ALLOWED)


GET_ONLY_BEFORE_LOOKING = {
    "wagtailadmin_pages:workflow_history_detail",
    "wagtailadmin_pages:revisions_compare",
}
IMAGE_POST_ONLY = {"wagtailimages:edit_multiple", "wagtailimages:delete_multiple"}


POST_ANSWERS = {
    **{
        name: OK
        for name in (
            "wagtailadmin_pages:edit",
            "wagtailadmin_pages:preview_on_edit",
            "wagtailadmin_pages:revisions_revert",
            "wagtailadmin_pages:view_draft",
            "wagtailadmin_editing_sessions:ping",
            "wagtailadmin_choose_page_external_link",
            "wagtailadmin_choose_page_email_link",
            "wagtailadmin_choose_page_phone_link",
            "wagtailadmin_choose_page_anchor_link",
            "cascading_pages_admin:respond",
            "wagtailimages:edit",
            "wagtailimages:edit_multiple",
            "wagtailimages:preview",
            "wagtailimages:delete_multiple",
            "wagtailimages_chooser:select_format",
        )
    },
    "wagtailimages:delete": "302 /admin/images/",
}
# What a POST may change, when it succeeds: an image deleted by someone who may delete it.
CHANGES_ALLOWED = {"wagtailimages:delete", "wagtailimages:delete_multiple"}


def wagtail_fails_on_an_empty_form(name, target):
    """Wagtail's own views fail with a server error on a form posted without its fields, which no
    browser sends: a StreamField (the home and standard pages' body) and the external-link form.
    Only the programme team and Wagtail's groups reach them: a coach's profile has no StreamField,
    and a coach's external-link form is the plugin's own (coaches/choosers.py)."""
    if name == "wagtailadmin_choose_page_external_link":
        return True
    edits = ("wagtailadmin_pages:edit", "wagtailadmin_pages:revisions_revert")
    return name in edits and PAGES.get(target) in (HomePage, StandardPage)


class PermissionMatrixTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_site(cls)

    def users(self):
        return {role: getattr(self, attr) if attr else None for role, attr in ROLES.items()}

    def test_every_page_type_is_in_the_matrix(self):
        self.assertEqual(set(get_page_models()), set(PAGES.values()))

    def test_every_admin_url_is_in_the_matrix(self):
        covered = set(PAGE_VIEWS) | set(OTHER_VIEWS)
        self.assertEqual(admin_url_names() - covered, set(), "admin URLs the matrix does not try")
        self.assertEqual(covered - admin_url_names(), set(), "matrix entries for URLs that are gone")

    def page_cells(self):
        return [
            (name, target, reverse(name, kwargs=kwargs(getattr(self, target), self)))
            for name, kwargs in PAGE_VIEWS.items()
            for target in PAGES
        ]

    def other_cells(self):
        return [
            (name, target, url_for(name, arguments))
            for name, targets in OTHER_VIEWS.items()
            for target, arguments in targets(self).items()
        ]

    def test_page_views_on_every_page_type(self):
        self.check(self.page_cells())

    def test_every_other_admin_view(self):
        self.check(self.other_cells())

    def test_a_post_with_ids_to_every_view_a_coach_may_reach(self):
        cells = [
            (name, target, url)
            for name, target, url in self.page_cells() + self.other_cells()
            if name in COACH_VIEWS and (name in PAGE_VIEWS or target != "")
        ]
        self.check(cells, method="POST")

    def test_amaras_profile_with_the_ids_of_other_pages_revisions_and_workflows(self):
        cells = [
            (name, target, url_for(name, arguments))
            for name, targets in CROSS_VIEWS.items()
            for target, arguments in targets(self).items()
        ]
        for method in ("GET", "POST"):
            self.check(cells, method, expect=expected_across)

    def check(self, cells, method="GET", expect=expected):
        problems = [
            f"{role:17} {method} {name} [{target}] {url}: {problem}"
            for role, user in self.users().items()
            for name, target, url in cells
            for problem in self.ask(user, method, url, expect(self, role, name, target, method), name, role)
        ]
        self.assertEqual(problems, [], "\n" + "\n".join(problems))

    def ask(self, user, method, url, want, name, role):
        """What is wrong with the answer to one request: its outcome, what it shows, what it changed."""
        problems = []
        with transaction.atomic():
            before = world() if method == "POST" else None
            # A fresh session for every request: no view's side effect leaks into the next. A server
            # error is an answer like any other here: the matrix says which (if any) is expected.
            response = getattr(client_for(user, raise_request_exception=False), method.lower())(url)
            answer = outcome(response)
            if answer != want:
                problems.append(f"got {answer!r}, expected {want!r}")
            shown = [secret for secret in secrets_for(role) if secret in text_of(response)]
            if shown:
                problems.append(f"shows {shown}")
            may_change = name in CHANGES_ALLOWED and (want == OK or str(want).startswith("302 "))
            if method == "POST" and not may_change and world() != before:
                problems.append("changed the site")
            transaction.set_rollback(True)  # every request starts from the same site
        return problems


def expected_across(site, role, name, target, method):
    """Amara's profile, with another page's revision or workflow in the URL: nobody is shown it,
    and only Amara and the team get as far as looking it up."""
    if role == "anonymous":
        return LOGIN
    if role == "other_coach":
        return HOME  # not her profile
    if method == "POST" and name in GET_ONLY_BEFORE_LOOKING:
        return NOT_ALLOWED
    return MISSING


def secrets_for(role):
    """What ``role`` must never be shown: a coach sees only their own page's draft."""
    if role not in COACHES:
        return ()
    return [secret for target, texts in SECRETS.items() if target != OWN_PAGE[role] for secret in texts]


def text_of(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", "replace")
