"""The coach directory's search: one service behind the HTML page and the JSON endpoint.

The search backend only ranks: for ``q`` it returns the ids of matching coaches, best first.
Everything else is worked out from the database, the same way on every backend: which coaches a
visitor may see (live, public, under this directory), the filters, the facet counts and the
pages. So the counts agree between the embedded backend and Elasticsearch, and a coach the index
still remembers (unpublished a moment ago, restricted, deleted) can never be shown.

Filters and counts come from the directory's snapshot (``cascading_pages.search.snapshot``: every visible coach's
id, sort positions and terms as bit masks, read from the database once per change) rather than
from one SQL count per vocabulary on every request; :class:`SQLSelection` gives the same answers
in SQL where a snapshot cannot be used.
"""

from copy import copy
from dataclasses import dataclass, field
from functools import partial
from urllib.parse import urlencode

from django.db.models import Count, QuerySet, prefetch_related_objects
from django_filters import ChoiceFilter
from modelcluster.queryset import FakeQuerySet

from cascading_pages.coaches.filters import (
    NAME,
    RELEVANCE,
    UPDATED,
    CoachFilterSet,
    VocabularyFilter,
    normalise_text,
)
from cascading_pages.coaches.matches import explain_matches
from cascading_pages.pagecache.store import remember, remember_rows
from cascading_pages.search.backends import (
    DEGRADED_NOTICE,
    DirectorySearch,
    SearchUnavailable,
    max_matches,
)
from cascading_pages.search.pagination import paginate_ids, with_params
from cascading_pages.search.promotions import promoted_in, promotions_by_query, put_first
from cascading_pages.search.snapshot import build_snapshot, get_snapshot
from cascading_pages.search.vocabulary import vocabulary_of
from cascading_pages.search.words import EXACT

MAX_SUGGESTIONS = 8
#: What a directory card shows of a coach's relations, fetched for each page of coaches.
CARD_RELATIONS = ("regions",)

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
    #: A spelling correction of the words: offered ("Did you mean"), or used because what was
    #: typed found nobody (then ``text`` is the correction and ``corrected_from`` what was typed).
    correction: str = ""
    corrected_from: str = ""
    #: Query strings: the correction's results; what was typed, searched exactly as typed.
    correction_query: str = ""
    original_query: str = ""
    #: Some coaches listed match only most of the words (after every coach matching all of them).
    partial_matches: bool = False
    #: The ids of the coaches shown first because editors promoted them for these words.
    promoted: set = field(default_factory=set)

    @property
    def count(self):
        return self.page.paginator.count

    @property
    def chosen_options(self):
        """How many filter options are ticked: a closed "Filter" disclosure says so on a phone."""
        return sum(option.selected for facet in self.facets for option in facet.options)

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

    Filters and facet counts are worked out in memory from a :class:`~cascading_pages.search.snapshot.DirectorySnapshot`
    of ``get_queryset()`` (kept current by ``cascading_pages.coaches.search_signals``) when the filterset has only filters
    it knows (the text search, vocabularies and choices); otherwise, or with ``use_snapshot =
    False``, in SQL. Both give the same answers.
    """

    filterset_class = CoachFilterSet
    search_class = DirectorySearch
    use_snapshot = True

    def __init__(self, index_page, per_page=None):
        self.index_page = index_page
        self.per_page = per_page
        self._vocabulary = None

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
        if params.get("q"):
            search.vocabulary = self.get_vocabulary()
        filterset = self.filterset_class(params, queryset=base, search=search, directory=self.index_page)
        filterset.is_valid()  # Invalid parameters are reported and left out, not fatal.
        notice = ""
        try:
            selection = self.select(filterset, base)
            facets = self.facets(filterset, selection)
            text = filterset.text
        except SearchUnavailable:
            filterset.form.cleaned_data.pop("q", None)
            selection = self.select(filterset, base)
            facets = self.facets(filterset, selection)
            text, notice = "", UNAVAILABLE_NOTICE
        if search.degraded:
            notice = DEGRADED_NOTICE

        sort = filterset.form.cleaned_data.get("sort") or (RELEVANCE if text else NAME)
        if sort == RELEVANCE and not text:
            sort = NAME
        if sort == RELEVANCE:
            ids = selection.ranked_ids(filterset.ranked_pks(text))
        else:
            ids = selection.ordered_ids(sort)
        promoted = self.promoted(filterset, base) if sort == RELEVANCE else []
        ids = put_first(promoted, ids)
        page = paginate_ids(ids, params.get("page"), base, self.per_page, fetch=self.fetch_coaches(base))
        selection.describe(page.object_list, filterset)  # Their terms, as the cards show them.
        explain_matches(page.object_list, text)  # Why each coach was listed.

        active = self.active_filters(filterset, params)
        results = DirectoryResults(filterset, page, text, sort, facets, active, notice)
        results.truncated = filterset.is_truncated(text)
        results.partial_matches = self.has_partial_matches(filterset, selection, text)
        results.promoted = set(promoted)
        if not results.count and active:
            results.suggestions = self.suggestions(filterset, selection, active, params)
        return self.correct_spelling(results, params)

    def fetch_coaches(self, queryset):
        """A function from a page's ids to its coaches ({pk: coach}) as ``queryset`` fetches them,
        remembered between two changes (``pagecache.store.remember_rows``): each coach is a copy,
        which the search then describes for this request alone (its terms, its match), sharing
        the work done once per coach (``row_memo``: the plain text of its profile, its matches)."""
        namespace = f"{type(self).__module__}.{type(self).__qualname__}:coaches:{self.index_page.pk}"

        def fetch(pks):
            coaches = remember_rows(namespace, pks, queryset.in_bulk)
            return {pk: copy_of(coach) for pk, coach in coaches.items()}

        return fetch

    def promoted(self, filterset, base):
        """The coaches editors promoted for these words that this search may show (visible here
        and matching every other filter), in the editors' order."""
        # Every promotion, read once per change (a search promotion is one: pagecache.store).
        picks = promoted_in(remember(("search-promotions",), promotions_by_query), filterset.text)
        if not picks:
            return []
        shown = set(
            filterset.filter_queryset(base, skip={"q"}).filter(pk__in=picks).values_list("pk", flat=True)
        )
        return [pk for pk in picks if pk in shown]

    def correct_spelling(self, results, params):
        """``results``, or those of a spelling correction of their words when they found nobody
        and it finds coaches; otherwise the correction is offered when it would find some.

        ``exact=1`` in ``params`` searches the words as typed ("Search instead for ...").
        """
        if not results.text or params.get(EXACT) == "1":
            return results
        correction = self.get_vocabulary().correct(results.text)
        if not correction:
            return results
        corrected_params = with_params(params, q=correction, page=None)
        if results.count:
            results.correction, results.correction_query = correction, f"?{corrected_params.urlencode()}"
            return results
        # The same page of the corrected search: the page's own links keep the words as typed.
        corrected = self.search(with_params(params, q=correction))
        if not corrected.count:
            return results
        corrected.correction, corrected.corrected_from = correction, results.text
        corrected.original_query = f"?{with_params(params, q=results.text, exact='1', page=None).urlencode()}"
        return corrected

    def has_partial_matches(self, filterset, selection, text):
        """Whether the coaches listed (on any page) include some matching only most of the words."""
        partial = filterset.partial_pks(text) if text else ()
        return bool(partial) and bool(selection.ranked_ids(list(partial)))

    def select(self, filterset, base):
        """The coaches matching ``filterset``, counted and ordered from a snapshot or in SQL."""
        snapshot = self.get_snapshot(filterset)
        if snapshot is None:
            return SQLSelection(self, filterset, base)
        return SnapshotSelection(snapshot, filterset)

    def get_snapshot(self, filterset):
        """This directory's snapshot, or None if ``filterset`` has filters it cannot apply."""
        if not self.use_snapshot or not SnapshotSelection.can_apply(filterset):
            return None
        name = ":".join(
            [
                f"{type(self).__module__}.{type(self).__qualname__}",
                f"{type(filterset).__module__}.{type(filterset).__qualname__}",
                str(self.index_page.pk),
            ]
        )
        return get_snapshot(name, lambda: self.build_snapshot(filterset))

    def get_vocabulary(self):
        """The words of the coaches a visitor may see here (a search's other word forms and
        spelling corrections come from them, never from a hidden coach), kept like the snapshot.

        Read once per directory object (one request's search, its spelling correction included)."""
        if self._vocabulary is None:
            name = f"{type(self).__module__}.{type(self).__qualname__}:vocabulary:{self.index_page.pk}"
            self._vocabulary = get_snapshot(name, lambda: vocabulary_of(self.get_queryset()))
        return self._vocabulary

    def build_snapshot(self, filterset):
        """Every visible coach's id in each sort order, and who each filter value selects."""
        base = self.get_queryset().order_by()
        visible = base.values("pk")
        sorts = [value for value, _ in filterset.form.fields["sort"].choices if value and value != RELEVANCE]
        orders = {sort: self.order(base, sort).values_list("pk", flat=True) for sort in sorts}
        masks, options = {}, {}
        for name, filter_ in filterset.filters.items():
            if isinstance(filter_, VocabularyFilter):
                masks[name] = term_members(base.model, filter_.relation, visible)
                options[name] = term_options(filter_)
            elif isinstance(filter_, ChoiceFilter):
                masks[name] = {
                    value: filter_.filter(base, value).values_list("pk", flat=True)
                    for value, _ in filter_.extra["choices"]
                }
        live = base.model.objects.live().count()
        return build_snapshot(orders.pop(NAME), orders, masks, live, options)

    def facets(self, filterset, selection):
        """For each vocabulary, how many coaches each term would give: counted with the search
        and every *other* active filter, so choosing an option never leads to an empty page."""
        cleaned = getattr(filterset.form, "cleaned_data", {})
        facets = []
        for name, filter_ in filterset.vocabulary_filters.items():
            selected = {term.slug for term in chosen(cleaned.get(name))}
            counts = selection.term_counts(name)
            options = [
                FacetOption(slug, label, counts.get(pk, 0), slug in selected)
                for pk, slug, label in selection.options(name, filter_)
            ]
            facets.append(Facet(name, str(filter_.label), options, filterset.errors.get(name, [])))
        accepting = filterset.filters["accepting"]
        count = selection.choice_count("accepting", "1")
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
            for term in chosen(cleaned.get(name)):
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

    def suggestions(self, filterset, selection, active, params):
        """Each active filter group, and how many coaches there would be without it."""
        suggestions = []
        for name in dict.fromkeys(a.name for a in active):
            count = selection.count(skip={name})
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


class SQLSelection:
    """The coaches matching a filterset, counted and ordered by the database on every request."""

    def __init__(self, directory, filterset, base):
        self.directory = directory
        self.filterset = filterset
        self.base = base
        self.matching = filterset.filter_queryset(base)

    def options(self, name, filter_):
        return term_options(filter_)

    def describe(self, coaches, filterset):
        """Fetch the listed coaches' regions (a card shows them) in one query."""
        prefetch_related_objects(coaches, *CARD_RELATIONS)

    def term_counts(self, name):
        others = self.filterset.filter_queryset(self.base, skip={name}).order_by().values("pk")
        return term_counts(self.base.model, self.filterset.filters[name].relation, others)

    def choice_count(self, name, value):
        others = self.filterset.filter_queryset(self.base, skip={name})
        return self.filterset.filters[name].filter(others.order_by(), value).count()

    def count(self, skip=()):
        return self.filterset.filter_queryset(self.base, skip=skip).count()

    def ranked_ids(self, ranked):
        visible = set(self.matching.order_by().values_list("pk", flat=True))
        return [pk for pk in ranked if pk in visible]

    def ordered_ids(self, sort):
        # Only ids are sorted (a narrow sort), then the page's coaches are fetched.
        return self.directory.order(self.matching, sort).values_list("pk", flat=True)


class SnapshotSelection:
    """The same answers as :class:`SQLSelection`, from a :class:`DirectorySnapshot`'s masks."""

    def __init__(self, snapshot, filterset):
        self.snapshot = snapshot
        cleaned = getattr(filterset.form, "cleaned_data", {})
        #: {filter name: mask of the coaches it lets through}, for each active filter.
        self.masks = {}
        filterset.known_hidden_live_coaches = snapshot.hidden_live
        if filterset.text:
            self.masks["q"] = snapshot.mask_of(filterset.ranked_pks(filterset.text))
        for name, filter_ in filterset.filters.items():
            value = chosen(cleaned.get(name))
            if not value or name == "q":
                continue
            values = snapshot.masks[name]
            if isinstance(filter_, VocabularyFilter):
                mask = 0
                for term in value:
                    mask |= values.get(term.pk, 0)
            else:
                mask = values.get(value, 0)
            self.masks[name] = mask
        self.matching = self.mask()

    @staticmethod
    def can_apply(filterset):
        return all(
            name == "q" or isinstance(filter_, VocabularyFilter | ChoiceFilter)
            for name, filter_ in filterset.filters.items()
        )

    def mask(self, skip=()):
        mask = self.snapshot.everyone
        for name, selected in self.masks.items():
            if name not in skip:
                mask &= selected
        return mask

    def options(self, name, filter_):
        """The filter's terms as ``(pk, slug, name)``, in the editors' order, as the snapshot keeps them."""
        # A snapshot shared by a process running older code may have none.
        listed = getattr(self.snapshot, "options", {}).get(name)
        return term_options(filter_) if listed is None else listed

    def describe(self, coaches, filterset):
        """Put on each listed coach its terms of every vocabulary, from the snapshot: no query.

        ``coach.regions.all()`` (a card) and ``coach.expertise.all()`` (a match) then read them
        as if prefetched; the terms carry their id, slug and name."""
        snapshot = self.snapshot
        unknown = [coach for coach in coaches if coach.pk not in snapshot.positions]
        for name, filter_ in filterset.vocabulary_filters.items():
            listed = getattr(snapshot, "options", {}).get(name)
            if listed is None:  # A snapshot shared by a process running older code.
                unknown = coaches
                break
            model, members = filter_.queryset.model, snapshot.masks[name]
            terms = snapshot.made_once(("terms", name), partial(term_masks, model, listed, members))
            for coach in coaches:
                position = snapshot.positions.get(coach.pk)
                if position is None:
                    continue
                bit = 1 << position
                cache = coach.__dict__.setdefault("_prefetched_objects_cache", {})
                cache[filter_.relation] = FakeQuerySet(model, [term for term, mask in terms if mask & bit])
        if unknown:
            prefetch_related_objects(unknown, *CARD_RELATIONS)

    def term_counts(self, name):
        others = self.mask(skip={name})
        return {
            value: (others & selected).bit_count() for value, selected in self.snapshot.masks[name].items()
        }

    def choice_count(self, name, value):
        return (self.mask(skip={name}) & self.snapshot.masks[name].get(value, 0)).bit_count()

    def count(self, skip=()):
        return self.mask(skip).bit_count()

    def ranked_ids(self, ranked):
        return self.snapshot.pks_in(self.matching, ranked)

    def ordered_ids(self, sort):
        return self.snapshot.ordered_pks(self.matching, sort)


def copy_of(coach):
    """A copy of a remembered coach for one request: its own attributes and prefetched relations,
    sharing what no request changes (its photo, its availability) and the work done once per coach
    (``row_memo``)."""
    copied = copy(coach)
    copied.__dict__.pop("_prefetched_objects_cache", None)
    return copied


def chosen(value):
    """A filter's cleaned value, or ``()`` when nothing was chosen.

    A vocabulary filter left empty cleans to ``terms.none()``: a queryset that is never sent to
    the database but still compiles a query each time it is asked whether it is empty (five
    vocabularies, three times a request)."""
    if isinstance(value, QuerySet) and value.query.is_empty():
        return ()
    return value or ()


def term_masks(model, listed, members):
    """(term, mask of the coaches it describes) for each of ``listed`` (``(pk, slug, name)``), the
    terms as ``model`` instances holding just those fields."""
    return [(model(pk=pk, slug=slug, name=label), members.get(pk, 0)) for pk, slug, label in listed]


def term_options(filter_):
    """A vocabulary filter's terms as ``(pk, slug, name)``, in the editors' order."""
    return filter_.queryset.values_list("pk", "slug", "name")


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


def term_members(model, relation, coaches):
    """{term id: ids of the ``coaches`` it describes}, read from the relation's own table."""
    field = model._meta.get_field(relation)
    through = field.remote_field.through
    members = {}
    rows = through.objects.filter(**{f"{field.m2m_field_name()}__in": coaches}).values_list(
        field.m2m_reverse_field_name(), field.m2m_field_name()
    )
    for term, coach in rows.order_by():
        members.setdefault(term, []).append(coach)
    return members


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
