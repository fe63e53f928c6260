"""The programme team's expressions of interest and take-up overview in the admin."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail_modeladmin.options import modeladmin_register

from cascading_pages.interest.admin import (
    ExpressionOfInterestAdmin,
    TakeUpOverviewView,
    form_pages_for_submissions,
)
from cascading_pages.interest.coach_listing import coach_listing_viewset

modeladmin_register(ExpressionOfInterestAdmin)
hooks.register("filter_form_submissions_for_user", form_pages_for_submissions)


@hooks.register("register_admin_viewset")
def register_coach_listing():
    return coach_listing_viewset


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
