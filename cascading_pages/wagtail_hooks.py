"""Wagtail reads each app's ``wagtail_hooks``: this one loads every concern's hooks, and registers
what spans concerns: the Vocabularies menu (coaches' terms and FAQ categories), the admin URLs
of the coach's own screens and of the programme team's coach-account actions, and the programme
team's dashboard panel."""

from django.urls import include, path
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

import cascading_pages.coaches.wagtail_hooks  # noqa: F401
import cascading_pages.interest.wagtail_hooks  # noqa: F401
import cascading_pages.mail.wagtail_hooks  # noqa: F401
import cascading_pages.search.wagtail_hooks  # noqa: F401
from cascading_pages import dashboard
from cascading_pages.coaches import admin_views as coach_admin_views
from cascading_pages.coaches import views as coach_views
from cascading_pages.faqs.models import FaqCategory
from cascading_pages.interest import views as interest_views
from cascading_pages.vocabularies.admin import vocabulary_viewset
from cascading_pages.vocabularies.models import Community, ExpertiseArea, Language, Region, Sector


@register_snippet
class VocabulariesGroup(SnippetViewSetGroup):
    menu_label = "Vocabularies"
    menu_icon = "tag"
    menu_order = 300
    items = (
        vocabulary_viewset(Region, "site"),
        vocabulary_viewset(ExpertiseArea, "pick"),
        vocabulary_viewset(Sector, "group"),
        vocabulary_viewset(Community, "user"),
        vocabulary_viewset(Language, "globe"),
        vocabulary_viewset(FaqCategory, "help", used_by="entries", used_by_plural="FAQ entries"),
    )


admin_urls = (
    [
        path("<int:page_id>/invite/", coach_admin_views.invite, name="invite_coach"),
        path("<int:page_id>/remove/", coach_admin_views.remove, name="remove_coach"),
        path("<int:page_id>/availability/", coach_admin_views.coach_availability, name="coach_availability"),
        path("my-profile/", coach_admin_views.my_profile, name="my_profile"),
        path("my-leaders/", interest_views.my_leaders, name="my_leaders"),
        path("my-leaders/<int:submission_id>/", interest_views.respond, name="respond"),
        path("my-availability/", coach_views.my_availability, name="my_availability"),
    ],
    "cascading_pages_admin",
)


@hooks.register("register_admin_urls")
def register_coach_account_urls():
    return [path("coach-accounts/", include(admin_urls))]


@hooks.register("construct_homepage_panels")
def add_programme_team_panel(request, panels):
    panel = dashboard.programme_team_panel(request)
    if panel is not None:
        panels.append(panel)
