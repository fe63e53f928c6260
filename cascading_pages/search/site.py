"""Search every public page of one site: the service behind a host's search page and the API's.

The search backend ranks, with the coach directory's backend choice and fallback
(:class:`~cascading_pages.search.backends.DirectorySearch`); the database decides what a visitor
may see: live pages of the request's site with no view restriction on them or their ancestors. So
a page the index still remembers (unpublished a moment ago, restricted since) is never shown.

This module knows no page type. A page type says how it appears in results with two optional
members, read from the page's most specific class:

- ``search_result_type``: a word or two for it, such as ``"Coach"`` (default ``"Page"``);
- ``get_search_result_description()``: public text about it, such as a coach's summary
  (default: the page's search description). It is shortened here to a line or two.

Spelling is corrected as in the coach directory, by the same corrector
(:meth:`~cascading_pages.search.vocabulary.Vocabulary.correct`), from the words of every page a
visitor may find here: coaches, FAQ entries and programme pages alike, since all of them are
searched ("bursaries" is a word of this site though no coach uses it). A search that finds nothing
is answered with its correction's results ("Showing results for ..."); one that finds some offers
the correction ("Did you mean ...?") only when it would find clearly more. ``exact=1`` searches
the words as typed.
"""

from dataclasses import dataclass

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_delete, post_save
from django.utils.text import Truncator
from wagtail.models import Page, Site

from cascading_pages.search.backends import DEGRADED_NOTICE, DirectorySearch, SearchUnavailable, max_matches
from cascading_pages.search.pagination import paginate_ids, with_params
from cascading_pages.search.promotions import promoted_page_ids, put_first
from cascading_pages.search.snapshot import coaches_changed, get_snapshot
from cascading_pages.search.vocabulary import Vocabulary, merged, vocabulary_of
from cascading_pages.search.words import EXACT, MAX_QUERY_LENGTH, normalise_text

DEFAULT_RESULT_TYPE = "Page"
#: How long a result's description may be, in words.
DESCRIPTION_WORDS = 30
#: "Did you mean" is offered when the correction finds at least this many times as many pages.
CLEARLY_MORE = 1.5

UNAVAILABLE_NOTICE = (
    "Search is not available at the moment. Please try again in a few minutes, or find your way from "
    "the menu."
)


class SiteSearchForm(forms.Form):
    query = forms.CharField(
        label="Search this site",
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "max_length": f"Search for at most {MAX_QUERY_LENGTH} characters: a name, a topic or a question."
        },
    )

    def clean_query(self):
        return normalise_text(self.cleaned_data.get("query"))


@dataclass
class SiteSearchResult:
    """One page as a result shows it: every field public."""

    page: Page
    title: str
    type: str
    url: str
    description: str
    #: Shown first because editors promoted it for these words.
    recommended: bool = False


@dataclass
class SiteSearchResults:
    form: SiteSearchForm
    #: The words searched for: punctuation and engine syntax removed; empty when nothing was searched.
    query: str
    #: One page of :class:`SiteSearchResult`, from ``cascading_pages.search.pagination``.
    page: object
    notice: str = ""
    #: False when neither the search backend nor its fallback could answer.
    available: bool = True
    #: The words matched more pages than are considered (the best ``max_matches()``).
    truncated: bool = False
    #: A spelling correction of the words: offered ("Did you mean"), or used because what was
    #: typed found nothing (then ``query`` is the correction and ``corrected_from`` what was typed).
    correction: str = ""
    corrected_from: str = ""
    #: Query strings: the correction's results; what was typed, searched exactly as typed.
    correction_query: str = ""
    original_query: str = ""

    @property
    def count(self):
        return self.page.paginator.count

    @property
    def errors(self):
        return self.form.errors

    @property
    def is_valid(self):
        return not self.form.errors

    @property
    def typed(self):
        """What the visitor typed, as they typed it (for "nothing to search for in …")."""
        return (self.form.data.get("query") or "").strip()

    @property
    def max_matches(self):
        return max_matches()


class SiteSearch:
    """Search, check and page the public pages of the request's site.

    Override points: ``form_class``, ``search_class``, ``get_queryset``, ``describe`` and
    ``get_vocabulary``.
    """

    form_class = SiteSearchForm
    search_class = DirectorySearch

    def __init__(self, request, per_page=None):
        self.request = request
        self.site = Site.find_for_request(request)
        self.per_page = per_page

    def get_queryset(self):
        """The pages a visitor may find: live, public, on this site."""
        if self.site is None:
            return Page.objects.none()
        return Page.objects.live().public().in_site(self.site)

    def search(self, params):
        """The results for the query string ``params`` (``query``, ``page`` and ``exact``), or
        those of a spelling correction of the words (see the module's docstring)."""
        return self.correct_spelling(self.find(params), params)

    def find(self, params):
        """The results for ``params``' words as they are, without a spelling correction."""
        form = self.form_class(params)
        # An invalid query is reported (``errors``) and nothing is searched.
        text = form.cleaned_data["query"] if form.is_valid() else ""
        visible = self.get_queryset()
        search = self.search_class()
        ids, notice, available, truncated, promoted = [], "", True, False, []
        if text:
            # Each word also finds its other forms and the words it starts, on every backend.
            search.vocabulary = self.get_vocabulary()
            limit = max_matches()
            try:
                ranked = search.ranked_pks(text, visible.only("pk"), limit=limit)
            except SearchUnavailable:
                notice, available = UNAVAILABLE_NOTICE, False
            else:
                truncated = len(ranked) >= limit
                # The index may lag behind the database: only pages visible now are shown.
                shown = set(visible.filter(pk__in=ranked).values_list("pk", flat=True))
                ids = [pk for pk in ranked if pk in shown]
            promoted = self.promoted(text)
            ids = put_first(promoted, ids)
            if search.degraded:  # Answered, by the fallback.
                notice = DEGRADED_NOTICE
        page = paginate_ids(ids, params.get("page"), visible.specific(), self.per_page)
        page.object_list = [self.describe(result) for result in page.object_list]
        for result in page.object_list:
            result.recommended = result.page.pk in promoted
        return SiteSearchResults(form, text, page, notice, available, truncated)

    def correct_spelling(self, results, params):
        """``results``, or those of a spelling correction of their words when they found nothing
        and it finds some; otherwise the correction is offered when it would find clearly more."""
        if not results.query or not results.available or params.get(EXACT) == "1":
            return results
        correction = self.get_vocabulary().correct(results.query)
        if not correction:
            return results
        if results.count:
            corrected = self.find(with_params(params, query=correction, page=None))
            if corrected.count > results.count and corrected.count >= results.count * CLEARLY_MORE:
                results.correction = correction
                results.correction_query = f"?{with_params(params, query=correction, page=None).urlencode()}"
            return results
        # Nothing found: the correction's results, on the page asked for.
        corrected = self.find(with_params(params, query=correction))
        if not corrected.count:
            return results
        corrected.correction, corrected.corrected_from = correction, results.query
        corrected.original_query = (
            f"?{with_params(params, query=results.query, exact='1', page=None).urlencode()}"
        )
        return corrected

    def get_vocabulary(self):
        """The words of the pages a visitor may find here, kept like the directory's snapshots.

        Only those words: a correction offers its words to anyone, so never a word of a draft,
        a private page or a coach's private fields (which are not search fields).
        """
        if self.site is None:
            return Vocabulary()
        name = f"{type(self).__module__}.{type(self).__qualname__}:vocabulary:{self.site.pk}"
        return get_snapshot(name, self.build_vocabulary)

    def build_vocabulary(self):
        """The words of every visible page's search fields, a few queries per page type."""
        visible = self.get_queryset()
        type_ids = visible.order_by().values_list("content_type", flat=True).distinct()
        vocabularies = []
        for type_id in type_ids:
            model = ContentType.objects.get_for_id(type_id).model_class()
            if model is not None and issubclass(model, Page):
                vocabularies.append(vocabulary_of(model.objects.filter(pk__in=visible.values("pk"))))
        return merged(vocabularies)

    def promoted(self, text):
        """The pages editors promoted for ``text`` that a visitor may see here, in their order."""
        picks = promoted_page_ids(text)
        if not picks:
            return []
        shown = set(self.get_queryset().filter(pk__in=picks).values_list("pk", flat=True))
        return [pk for pk in picks if pk in shown]

    def describe(self, page):
        """``page`` (a specific page) as a result: its title, type in words, path and description."""
        describe = getattr(page, "get_search_result_description", None)
        description = describe() if describe else page.search_description
        return SiteSearchResult(
            page=page,
            title=page.title,
            type=getattr(page, "search_result_type", DEFAULT_RESULT_TYPE),
            url=page.get_url(request=self.request) or "",
            description=Truncator(" ".join((description or "").split())).words(DESCRIPTION_WORDS),
        )


def _page_changed(sender, instance, raw=False, using=None, **kwargs):
    if not raw and isinstance(instance, Page):
        coaches_changed(using)


def connect():
    """Keep the site's vocabulary current: a page saved (published, unpublished, edited) or
    deleted makes it out of date once committed, with the directories' snapshots. (A move, a view
    restriction and a coach's terms already do: ``cascading_pages.coaches.signals``.)"""
    post_save.connect(_page_changed, dispatch_uid="site-search-vocabulary-saved")
    post_delete.connect(_page_changed, dispatch_uid="site-search-vocabulary-deleted")
