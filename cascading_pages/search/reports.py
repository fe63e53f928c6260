"""The search terms report: what visitors searched for over a period, and what found nothing.

Read from Wagtail's search query log and :class:`~cascading_pages.search.models.QueryDailyMisses`
(recorded by ``cascading_pages.search.querylog``), for staff with the ``view_search_terms_report``
permission, in the admin's Reports menu; exported as CSV or Excel with Wagtail's own report
export. A recorded search holds only lower-case words and spaces, so an exported cell can never
start a spreadsheet formula.
"""

import datetime

import django_filters
from django import forms
from django.db.models import IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.admin.auth import permission_denied
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, NumberColumn
from wagtail.admin.views.reports import ReportView
from wagtail.admin.widgets import AdminDateInput
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

from cascading_pages.search.models import REPORT_PERMISSION, QueryDailyMisses

#: The period shown when none is chosen: the last 30 days, today included.
DEFAULT_DAYS = 30
#: The longest period one report covers.
MAX_DAYS = 366
NOTHING_FOUND = "nothing"


class PeriodForm(forms.Form):
    """The report's period: both dates optional (the last :data:`DEFAULT_DAYS` days), in order."""

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        # Errors go beside a date (Wagtail's filter panel shows field errors only).
        if start and end and start > end:
            self.add_error("date_to", "The start of the period must be on or before its end.")
            return cleaned
        first, last = period(start, end)
        if (last - first).days >= MAX_DAYS:
            self.add_error("date_from", f"Choose a period of at most {MAX_DAYS} days.")
        return cleaned


def period(start=None, end=None):
    """The first and last day of the period chosen (either may be missing)."""
    end = end or timezone.localdate()
    start = start or min(end, timezone.localdate()) - datetime.timedelta(days=DEFAULT_DAYS - 1)
    return start, end


def _keep(queryset, name, value):
    return queryset  # Applied together in SearchTermsFilterSet.filter_queryset.


class SearchTermsFilterSet(WagtailFilterSet):
    date_from = django_filters.DateFilter(label="From", method=_keep, widget=AdminDateInput)
    date_to = django_filters.DateFilter(label="To", method=_keep, widget=AdminDateInput)
    found = django_filters.ChoiceFilter(
        label="Show",
        method=_keep,
        choices=[(NOTHING_FOUND, "Only searches that found nothing")],
        empty_label="Every search",
    )

    class Meta:
        model = Query
        fields = []
        form = PeriodForm

    def filter_queryset(self, queryset):
        """``queryset`` (annotated by :func:`with_counts` for the period) narrowed to the searches
        made in it, and to those that found nothing when asked."""
        queryset = queryset.filter(searches__gt=0)
        if self.form.cleaned_data.get("found") == NOTHING_FOUND:
            queryset = queryset.filter(found_nothing__gt=0)
        return queryset


def _total(model, field, start, end):
    rows = model.objects.filter(query=OuterRef("pk"), date__range=(start, end)).order_by()
    return Coalesce(
        Subquery(rows.values("query").annotate(total=Sum(field)).values("total")[:1]),
        Value(0),
        output_field=IntegerField(),
    )


def with_counts(queryset, start, end):
    """Each query with ``searches`` and ``found_nothing``: how many from ``start`` to ``end``."""
    return queryset.annotate(
        searches=_total(QueryDailyHits, "hits", start, end),
        found_nothing=_total(QueryDailyMisses, "misses", start, end),
    )


class SearchTermsReportView(ReportView):
    page_title = "What visitors search for"
    header_icon = "search"
    filterset_class = SearchTermsFilterSet
    index_url_name = "cascading_search_terms"
    index_results_url_name = "cascading_search_terms_results"
    default_ordering = "-searches"
    columns = [
        Column("query_string", label="Search words", sort_key="query_string"),
        NumberColumn("searches", label="Searches", sort_key="searches"),
        NumberColumn("found_nothing", label="Found nothing", sort_key="found_nothing"),
    ]
    list_export = ["query_string", "searches", "found_nothing"]
    export_headings = {
        "query_string": "Search words",
        "searches": "Searches",
        "found_nothing": "Found nothing",
    }

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(REPORT_PERMISSION):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self):
        return with_counts(Query.objects.all(), *self.period)

    def order_queryset(self, queryset):
        # Ties alphabetically: the same order on every page and in the export.
        queryset = super().order_queryset(queryset)
        return queryset.order_by(*queryset.query.order_by, "query_string")

    def filter_queryset(self, queryset):
        if self.filters is not None and not self.filters.is_valid():
            # The form says what is wrong; nothing is listed until the period is corrected.
            return queryset.none()
        return super().filter_queryset(queryset)

    def get_filename(self):
        start, end = self.period
        return f"search-terms-{start:%Y-%m-%d}-to-{end:%Y-%m-%d}"

    @property
    def period(self):
        """The first and last day reported: those chosen, if the form is valid, else the default."""
        valid = self.filters is not None and self.filters.is_valid()
        cleaned = self.filters.form.cleaned_data if valid else {}
        return period(cleaned.get("date_from"), cleaned.get("date_to"))
