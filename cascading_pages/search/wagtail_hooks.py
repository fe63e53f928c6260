"""The search terms report in the admin's Reports menu, for staff with its permission."""

from django.contrib.auth.models import Permission
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from cascading_pages.search.models import REPORT_PERMISSION
from cascading_pages.search.reports import SearchTermsReportView


class SearchTermsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(REPORT_PERMISSION)


@hooks.register("register_admin_urls")
def register_search_terms_report_urls():
    return [
        path("reports/search-terms/", SearchTermsReportView.as_view(), name="cascading_search_terms"),
        path(
            "reports/search-terms/results/",
            SearchTermsReportView.as_view(results_only=True),
            name="cascading_search_terms_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_search_terms_menu_item():
    return SearchTermsMenuItem(
        "What visitors search for",
        reverse("cascading_search_terms"),
        name="what-visitors-search-for",
        icon_name="search",
        order=1350,
    )


@hooks.register("register_permissions")
def register_search_terms_permission():
    app_label, codename = REPORT_PERMISSION.split(".")
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename)
