"""Admin menus and views: the vocabularies editors keep coach profiles described with, the
programme team's expressions of interest and take-up overview, and the small, self-contained admin
a coach sees (their own profile, their photos, help)."""

from django.shortcuts import redirect
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.auth import permission_denied
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import Button
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register

from . import admin_views, coach_views
from .coach_accounts import coach_page_for, is_coach, moderation_status
from .interest.admin import ExpressionOfInterestAdmin, TakeUpOverviewView
from .models import (
    CoachPage,
    Community,
    ExpertiseArea,
    ExpressionOfInterest,
    FaqCategory,
    Language,
    Region,
    Sector,
)
from .models.coaches import MANAGE_COACH_ACCOUNTS


class VocabularyAdmin(ModelAdmin):
    list_display = ("name", "sort_order", "slug")
    list_editable = ()
    search_fields = ("name",)
    ordering = ("sort_order", "name")
    add_to_settings_menu = False
    exclude_from_explorer = True


def vocabulary_admin(vocabulary_model, icon):
    return type(
        f"{vocabulary_model.__name__}Admin",
        (VocabularyAdmin,),
        {"model": vocabulary_model, "menu_icon": icon},
    )


@modeladmin_register
class VocabulariesGroup(ModelAdminGroup):
    menu_label = "Vocabularies"
    menu_icon = "tag"
    menu_order = 300
    items = (
        vocabulary_admin(Region, "site"),
        vocabulary_admin(ExpertiseArea, "pick"),
        vocabulary_admin(Sector, "group"),
        vocabulary_admin(Community, "user"),
        vocabulary_admin(Language, "globe"),
        vocabulary_admin(FaqCategory, "help"),
    )


modeladmin_register(ExpressionOfInterestAdmin)


@hooks.register("register_admin_urls")
def register_take_up_overview_url():
    return [path("take-up/", TakeUpOverviewView.as_view(), name="cascading_take_up_overview")]


class TakeUpMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("cascading_pages.view_expressionofinterest")


@hooks.register("register_admin_menu_item")
def register_take_up_menu_item():
    return TakeUpMenuItem(
        "Take-up overview", reverse("cascading_take_up_overview"), icon_name="table", order=260
    )


# Coach accounts

admin_urls = (
    [
        path("<int:page_id>/invite/", admin_views.invite, name="invite_coach"),
        path("<int:page_id>/remove/", admin_views.remove, name="remove_coach"),
        path("<int:page_id>/availability/", admin_views.coach_availability, name="coach_availability"),
        path("my-profile/", admin_views.my_profile, name="my_profile"),
        path("my-leaders/", coach_views.my_leaders, name="my_leaders"),
        path("my-leaders/<int:submission_id>/", coach_views.respond, name="respond"),
        path("my-availability/", coach_views.my_availability, name="my_availability"),
    ],
    "cascading_pages_admin",
)


@hooks.register("register_admin_urls")
def register_coach_account_urls():
    return [path("coach-accounts/", include(admin_urls))]


@hooks.register("register_page_header_buttons")
def coach_account_buttons(page, user, view_name, next_url=None):
    if not isinstance(page.specific_deferred, CoachPage) or not user.has_perm(MANAGE_COACH_ACCOUNTS):
        return
    account = page.specific_deferred.account
    if account is None or not account.has_usable_password():
        label = "Invite coach" if account is None else "Resend coach invitation"
        yield Button(
            label,
            reverse("cascading_pages_admin:invite_coach", args=[page.pk]),
            icon_name="mail",
            priority=80,
        )
    yield Button(
        "Availability",
        reverse("cascading_pages_admin:coach_availability", args=[page.pk]),
        icon_name="time",
        priority=82,
    )
    if account is not None:
        yield Button(
            "Remove coach",
            reverse("cascading_pages_admin:remove_coach", args=[page.pk]),
            icon_name="cross",
            priority=81,
        )


class CoachMenuItem(MenuItem):
    def is_shown(self, request):
        return is_coach(request.user)


def coach_menu_item(label, view_name, icon_name, order):
    """A menu item of the coach's own screens, named like its view ("my-profile")."""
    return CoachMenuItem(
        label,
        reverse(f"cascading_pages_admin:{view_name}"),
        name=view_name.replace("_", "-"),
        icon_name=icon_name,
        order=order,
    )


@hooks.register("register_admin_menu_item")
def register_my_profile_menu_item():
    return coach_menu_item("My profile", "my_profile", "user", 1)


@hooks.register("register_admin_menu_item")
def register_my_leaders_menu_item():
    return coach_menu_item("My leaders", "my_leaders", "group", 2)


@hooks.register("register_admin_menu_item")
def register_my_availability_menu_item():
    return coach_menu_item("My availability", "my_availability", "time", 3)


COACH_MENU_ITEMS = {"my-profile", "my-leaders", "my-availability", "images", "help"}


@hooks.register("construct_main_menu")
def trim_menu_for_coaches(request, menu_items):
    if is_coach(request.user):
        menu_items[:] = [item for item in menu_items if item.name in COACH_MENU_ITEMS]


class MyProfilePanel(Component):
    name = "my_profile"
    order = 10
    template_name = "cascading_pages/admin/my_profile_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        page = coach_page_for(self.user)
        context = {"page": page}
        if page is not None:
            context["status"], context["comment"] = moderation_status(page)
            context["last_revision"] = (
                page.revisions.select_related("user").order_by("-created_at", "-pk").first()
            )
            context["waiting"] = ExpressionOfInterest.objects.for_coach(page).awaiting_answer().count()
        return context


@hooks.register("construct_homepage_panels")
def coach_dashboard(request, panels):
    """A coach lands on their own profile: one panel instead of the site-wide summaries."""
    if is_coach(request.user):
        panels[:] = [MyProfilePanel(request.user)]


@hooks.register("construct_homepage_summary_items")
def no_site_summary_for_coaches(request, summary_items):
    if is_coach(request.user):
        summary_items[:] = []


@hooks.register("after_edit_page")
def coaches_return_to_their_dashboard(request, page):
    """After submitting, Wagtail would show the directory's listing, which a coach cannot see."""
    if is_coach(request.user) and any(key.startswith("action-") for key in request.POST):
        return redirect("wagtailadmin_home")
    return None


@hooks.register("construct_page_chooser_queryset")
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


for hook_name in ("before_delete_page", "before_copy_page", "before_move_page", "before_convert_alias_page"):
    hooks.register(hook_name, refuse_coaches)
