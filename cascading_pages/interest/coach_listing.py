"""The programme team's "Coaches" listing in the admin: every coach, where they stand, at a glance.

One row a coach: their name (to their profile's edit form), what they declare and whether they take
leaders now, their login, when they last confirmed their profile, how many leaders wait for their
answer, and whether the profile is live. Sortable by each, filterable by declared availability,
taking leaders now, having a login and region.

It lives here, not in ``coaches``, because "leaders waiting" counts expressions of interest, which
this concern owns and the coaches concern must not know. The whole page is one query for the rows
whatever the number of coaches: the availability record and login come with a join, the count of
leaders waiting with a subquery.

Only the programme team (``MANAGE_COACH_ACCOUNTS``) reaches it or sees it in the menu: not coaches
(whose admin is an allowlist, ``cascading_pages.coaches.lockdown``, that does not name it), nor
Wagtail's own Editors and Moderators.
"""

import django_filters
from django.conf import settings
from django.db.models import Count, F, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.forms import CheckboxSelectMultiple
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, LiveStatusTagColumn, NumberColumn, TitleColumn
from wagtail.admin.views.pages.listing import IndexView
from wagtail.admin.viewsets.pages import PageListingViewSet

from cascading_pages.coaches.models import MANAGE_COACH_ACCOUNTS, Availability, CoachPage
from cascading_pages.interest.models import ExpressionOfInterest
from cascading_pages.vocabularies.models import Region


def leaders_waiting():
    """For each coach (the outer query's row): open expressions of interest awaiting their answer."""
    waiting = (
        ExpressionOfInterest.objects.awaiting_answer()
        .filter(current_coach=OuterRef("pk"))
        .order_by()
        .values("current_coach")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(waiting, output_field=IntegerField()), Value(0))


def availability_text(coach):
    declared = Availability(coach.declared_availability).label
    if coach.declared_availability == Availability.FULL:
        return declared  # "Full: not taking new leaders" says it all
    now = "taking leaders now" if coach.accepting_new_leaders else "not taking leaders now"
    return f"{declared}; {now}"


def account_text(coach):
    account = coach.account
    if account is None:
        return "No login yet"
    if not account.has_usable_password():
        return f"{account.email} (invited, no password yet)"
    return account.email


class CoachListingFilterSet(WagtailFilterSet):
    declared = django_filters.MultipleChoiceFilter(
        field_name="availability_state__declared",
        label="Declared availability",
        choices=Availability.choices,
        widget=CheckboxSelectMultiple,
    )
    accepting_new_leaders = django_filters.BooleanFilter(
        field_name="accepting_new_leaders", label="Taking leaders now"
    )
    has_login = django_filters.BooleanFilter(
        field_name="account", lookup_expr="isnull", exclude=True, label="Has a login"
    )
    region = django_filters.ModelMultipleChoiceFilter(
        field_name="regions",
        queryset=Region.objects.all(),
        label="Region",
        widget=CheckboxSelectMultiple,
        distinct=True,
    )

    class Meta:
        model = CoachPage
        fields = []


class CoachListingView(IndexView):
    """Wagtail's flat page listing, for the programme team, with what a coach's row needs."""

    default_ordering = "title"

    def user_has_any_permission(self, permissions):
        return self.request.user.has_perm(MANAGE_COACH_ACCOUNTS)

    def user_has_permission(self, permission):
        return self.request.user.has_perm(MANAGE_COACH_ACCOUNTS) and super().user_has_permission(permission)

    def annotate_queryset(self, pages):
        """Wagtail's annotations for the title and status columns, without its ``.specific()``: the
        rows are coach pages already, and ``.specific()`` would fetch them again without the joins
        below, costing queries a row."""
        pages = pages.prefetch_related("content_type", "sites_rooted_here").defer_streamfields()
        if getattr(settings, "WAGTAIL_WORKFLOW_ENABLED", True):
            pages = pages.prefetch_workflow_states()
        if self.i18n_enabled:
            pages = pages.prefetch_related("locale").annotate_has_untranslated_locale()
        return pages.annotate_site_root_state().annotate_approved_schedule()

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("availability_state", "account")
            .annotate(last_confirmed=F("availability_state__confirmed_at"), leaders_waiting=leaders_waiting())
        )


class CoachMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(MANAGE_COACH_ACCOUNTS)


class CoachListingViewSet(PageListingViewSet):
    model = CoachPage
    index_view_class = CoachListingView
    filterset_class = CoachListingFilterSet
    name = "cascading_pages_coaches"
    url_prefix = "coaches"
    icon = "user"
    menu_label = "Coaches"
    menu_order = 250
    add_to_admin_menu = True
    menu_item_class = CoachMenuItem
    columns = [
        # A plain link to the profile's edit form: Wagtail's page title column adds a "view live"
        # action that looks up the site's root paths once a row.
        TitleColumn("title", label="Name", sort_key="title", url_name="wagtailadmin_pages:edit"),
        Column(
            "availability", label="Availability", accessor=availability_text, sort_key="accepting_new_leaders"
        ),
        Column("account", label="Login", accessor=account_text, sort_key="account__email"),
        DateColumn("last_confirmed", label="Last confirmed", sort_key="last_confirmed"),
        NumberColumn("leaders_waiting", label="Leaders waiting", sort_key="leaders_waiting"),
        # Live or draft, without Wagtail's link to the live page (the same lookup).
        LiveStatusTagColumn(),
    ]

    def get_index_view_kwargs(self, **kwargs):
        # The page model has no plural of its own: Wagtail would title the page "Coachs".
        return super().get_index_view_kwargs(**{**kwargs, "page_title": "Coaches"})

    def get_common_view_kwargs(self, **kwargs):
        # Coaches are added under the directory, from the page tree: no "add" here.
        return super().get_common_view_kwargs(**{**kwargs, "add_url_name": None})

    def get_urlpatterns(self):
        return [pattern for pattern in super().get_urlpatterns() if pattern.name != "choose_parent"]


coach_listing_viewset = CoachListingViewSet()
