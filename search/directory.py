"""The coach directory's search: one service behind the HTML page and the JSON endpoint.

The search backend only ranks: for ``q`` it returns the ids of matching coaches, best first.
Everything else happens in the database, the same way on every backend: which coaches a visitor
may see (live, public, under this directory), the filters, the facet counts and the pages. So
the counts agree between the embedded backend and Elasticsearch, and a coach the index still
remembers (unpublished a moment ago, restricted, deleted) can never be shown.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count

from .backends import DirectorySearch, SearchUnavailable, max_matches
from .filters import NAME, RELEVANCE, UPDATED, CoachFilterSet, normalise_text
from .pagination import paginate_ids

MAX_SUGGESTIONS = 8

DEGRADED_NOTICE = (
    "Search is working in a simpler mode at the moment, so the order of results may be less helpful "
    "than usual."
)
UNAVAILABLE_NOTICE = (
    "Searching by words is not available at the moment, so we are showing every coach that matches "
    "your other choices."
)


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str
    label: str
    options: list
    errors: list = field(default_factory=list)

    @property
    def visible_options(self):
        """The options worth offering: those with coaches, and any the leader already chose."""
        return [option for option in self.options if option.count or option.selected]


@dataclass
class ActiveFilter:
    name: str
    value: str
    label: str
    remove_query: str


@dataclass
class Suggestion:
    """A way out of an empty result: drop one filter to see ``count`` coaches."""

    label: str
    count: int
    query: str


@dataclass
class DirectoryResults:
    filterset: CoachFilterSet
    page: object
    text: str
    sort: str
    facets: list
    active_filters: list
    notice: str = ""
    suggestions: list = field(default_factory=list)
    #: The search matched more coaches than the directory considers (the best ``max_matches()``).
    truncated: bool = False

    @property
    def count(self):
        return self.page.paginator.count

    @property
    def errors(self):
        return self.filterset.errors

    @property
    def is_valid(self):
        return not self.filterset.errors

    @property
    def max_matches(self):
        return max_matches()


class CoachDirectory:
    """Search, filter, count and page the coaches under one :class:`CoachIndexPage`.

    Override points: ``filterset_class``, ``search_class``, ``get_queryset`` and ``order``.
    """

    filterset_class = CoachFilterSet
    search_class = DirectorySearch

    def __init__(self, index_page, per_page=None):
        self.index_page = index_page
        self.per_page = per_page

    def get_queryset(self):
        """The coaches a visitor may see here, with what a card shows."""
        return self.index_page.get_coaches()

    def order(self, queryset, sort):
        if sort == UPDATED:
            return queryset.order_by("-last_published_at", "title", "pk")
        return queryset.order_by("title", "pk")

    def search(self, params):
        base = self.get_queryset()
        search = self.search_class()
        filterset = self.filterset_class(params, queryset=base, search=search, directory=self.index_page)
        filterset.is_valid()  # Invalid parameters are reported and left out, not fatal.
        notice = ""
        try:
            matching = filterset.filter_queryset(base)
            facets = self.facets(filterset, base)
            text = filterset.text
        except SearchUnavailable:
            filterset.form.cleaned_data.pop("q", None)
            matching = filterset.filter_queryset(base)
            facets = self.facets(filterset, base)
            text, notice = "", UNAVAILABLE_NOTICE
        if search.degraded:
            notice = DEGRADED_NOTICE

        sort = filterset.form.cleaned_data.get("sort") or (RELEVANCE if text else NAME)
        if sort == RELEVANCE and not text:
            sort = NAME
        page_number = params.get("page")
        if sort == RELEVANCE:
            visible = set(matching.order_by().values_list("pk", flat=True))
            ids = [pk for pk in filterset.ranked_pks(text) if pk in visible]
        else:
            # Only ids are sorted (a narrow sort), then the page's coaches are fetched.
            ids = self.order(matching, sort).values_list("pk", flat=True)
        page = paginate_ids(ids, page_number, base, self.per_page)

        active = self.active_filters(filterset, params)
        results = DirectoryResults(filterset, page, text, sort, facets, active, notice)
        results.truncated = filterset.is_truncated(text)
        if not results.count and active:
            results.suggestions = self.suggestions(filterset, base, active, params)
        return results

    def facets(self, filterset, base):
        """For each vocabulary, how many coaches each term would give: counted with the search
        and every *other* active filter, so choosing an option never leads to an empty page."""
        cleaned = getattr(filterset.form, "cleaned_data", {})
        facets = []
        for name, filter_ in filterset.vocabulary_filters.items():
            others = filterset.filter_queryset(base, skip={name}).order_by().values("pk")
            selected = {term.slug for term in cleaned.get(name) or ()}
            counts = term_counts(base.model, filter_.relation, others)
            options = [
                FacetOption(term.slug, term.name, counts.get(term.pk, 0), term.slug in selected)
                for term in filter_.queryset
            ]
            facets.append(Facet(name, str(filter_.label), options, filterset.errors.get(name, [])))
        accepting = filterset.filters["accepting"]
        others = filterset.filter_queryset(base, skip={"accepting"})
        count = accepting.filter(others.order_by(), "1").count()
        option = FacetOption("1", "Accepting new leaders only", count, bool(cleaned.get("accepting")))
        facets.append(
            Facet("accepting", str(accepting.label), [option], filterset.errors.get("accepting", []))
        )
        return facets

    def active_filters(self, filterset, params):
        cleaned = getattr(filterset.form, "cleaned_data", {})
        active = []
        if cleaned.get("q"):
            active.append(ActiveFilter("q", cleaned["q"], f"Search: {cleaned['q']}", _without(params, "q")))
        for name, filter_ in filterset.vocabulary_filters.items():
            for term in cleaned.get(name) or ():
                active.append(
                    ActiveFilter(
                        name, term.slug, f"{filter_.label}: {term.name}", _without(params, name, term.slug)
                    )
                )
        if cleaned.get("accepting"):
            active.append(
                ActiveFilter("accepting", "1", "Accepting new leaders only", _without(params, "accepting"))
            )
        return active

    def suggestions(self, filterset, base, active, params):
        """Each active filter group, and how many coaches there would be without it."""
        suggestions = []
        for name in dict.fromkeys(a.name for a in active):
            count = filterset.filter_queryset(base, skip={name}).count()
            label = "your search words" if name == "q" else str(filterset.filters[name].label).lower()
            if count:
                suggestions.append(Suggestion(label, count, _without(params, name)))
        return suggestions

    def suggest_names(self, params):
        """Up to eight live, public coaches here whose names start with what was typed."""
        text = normalise_text(params.get("q", ""))[:100]
        if not text:
            return []
        try:
            matches = self.search_class().suggest(text, self.get_queryset().model.objects.live(), 50)
        except SearchUnavailable:
            return []
        visible = set(self.get_queryset().filter(pk__in=[m.pk for m in matches]).values_list("pk", flat=True))
        return [m for m in matches if m.pk in visible][:MAX_SUGGESTIONS]


def term_counts(model, relation, coaches):
    """{term id: how many of ``coaches`` it describes}, counted on the relation's own table."""
    field = model._meta.get_field(relation)
    through = field.remote_field.through
    return dict(
        through.objects.filter(**{f"{field.m2m_field_name()}__in": coaches})
        .values_list(field.m2m_reverse_field_name())
        .annotate(n=Count("*"))
        .order_by()
    )


def _without(params, name, value=None):
    """The query string of ``params`` without ``name`` (or just one of its values), from page 1."""
    kept = []
    for key in params:
        if key == "page":
            continue
        for item in params.getlist(key):
            if key == name and (value is None or item == value):
                continue
            kept.append((key, item))
    encoded = urlencode(kept)
    return f"?{encoded}" if encoded else "?"
