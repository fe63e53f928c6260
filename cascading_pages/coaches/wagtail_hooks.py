"""The coach's own admin (dashboard, menu, lockdown). The programme team's Invite, Availability and
Remove are on the coach's page itself (``cascading_pages.coaches.panels``)."""

from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from cascading_pages.coaches import editor, lockdown
from cascading_pages.coaches.accounts import coach_page_for, is_coach
from cascading_pages.coaches.moderation import moderation_status, status_message


@hooks.register("insert_global_admin_js")
def name_unnamed_fields():
    """Wagtail's rich text boxes (the profile's biography) and the tag field's typing box (the image
    screens) get their field's label as accessible name."""
    return format_html(
        '<script src="{}"></script>', static("cascading_pages/js/admin/name-unnamed-fields.js")
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
            context["status_message"] = status_message(context["status"])
            context["last_revision"] = (
                page.revisions.select_related("user").order_by("-created_at", "-pk").first()
            )
            context["waiting"] = page.current_expressions_of_interest.awaiting_answer().count()
        return context


@hooks.register("construct_homepage_panels")
def coach_dashboard(request, panels):
    """A coach lands on their own profile: one panel instead of the site-wide summaries."""
    if is_coach(request.user):
        panels[:] = [MyProfilePanel(request.user)]


hooks.register("construct_main_menu", lockdown.trim_menu_for_coaches)
hooks.register("construct_homepage_summary_items", lockdown.no_site_summary_for_coaches, order=1000)
hooks.register("construct_help_menu", lockdown.no_release_notes_for_coaches, order=1000)
hooks.register("construct_page_action_menu", editor.coach_footer)
hooks.register("before_edit_page", editor.where_it_stands)
# Before the redirect below: Wagtail stops at the first after_edit_page hook that answers.
hooks.register("after_edit_page", editor.in_the_coachs_words)
hooks.register("after_edit_page", lockdown.coaches_return_to_their_dashboard)
hooks.register("construct_page_chooser_queryset", lockdown.coaches_link_only_to_public_pages)
for hook_name in lockdown.REFUSED_PAGE_ACTIONS:
    hooks.register(hook_name, lockdown.refuse_coaches)
