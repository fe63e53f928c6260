"""What a leader can ask the coach directory for: the query parameters, checked and applied.

One FilterSet serves the HTML page and the JSON endpoint. Vocabulary filters take slugs and may
repeat (``?region=london&region=north-west``): OR within a filter, AND across filters.
"""

import copy

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db.models.expressions import RawSQL

from cascading_pages.coaches.models import CoachPage
from cascading_pages.pagecache.store import remember
from cascading_pages.search.backends import max_matches
from cascading_pages.search.partial import allows_partial
from cascading_pages.search.words import MAX_QUERY_LENGTH, normalise_text
from cascading_pages.vocabularies.models import Community, ExpertiseArea, Language, Region, Sector

RELEVANCE, NAME, UPDATED = "relevance", "name", "updated"
#: The hidden field of the directory page's form: the words its sort box was shown for.
SORTED_FOR = "sorted_for"
SORT_CHOICES = [
    (RELEVANCE, "Best match"),
    (NAME, "Name (A to Z)"),
    (UPDATED, "Recently updated"),
]


def integer_list(pks):
    """``pks`` as the right-hand side of ``__in``, written straight into the SQL.

    A search may match thousands of coaches, and the directory filters by them in several queries
    (results and each facet); Django would otherwise convert and bind every id in every query.
    ``int()`` makes sure nothing but numbers reach the SQL.
    """
    return RawSQL(",".join(str(int(pk)) for pk in pks), [])


class DirectoryForm(forms.Form):
    sort = forms.ChoiceField(
        label="Sort by",
        choices=SORT_CHOICES,
        required=False,
        error_messages={"invalid_choice": "Choose how to sort: best match, name or recently updated."},
    )

    def clean_q(self):
        return normalise_text(self.cleaned_data.get("q"))

    def clean(self):
        """Forget a sort chosen for other words, so that a new search is ranked best match first.

        The page's form carries a hidden ``sorted_for``: the words on the page the leader was
        looking at (none on a first visit, when the sort box shows "Name (A to Z)"). The sort box
        is sent with every submission, so without this a leader who types words and presses the
        button would send the alphabetical sort along with them. When the words differ from
        ``sorted_for``, the sort box is ignored and the default for the words applies (best match);
        a sort chosen after searching is sent with the same words, and kept. A link or API call
        without ``sorted_for`` gets exactly the sort it asks for.
        """
        cleaned = super().clean()
        if SORTED_FOR in self.data:
            shown = normalise_text(self.data.get(SORTED_FOR))
            if shown != cleaned.get("q", normalise_text(self.data.get("q"))):
                cleaned["sort"] = ""
        return cleaned


class SlugsField(django_filters.fields.ModelMultipleChoiceField):
    """Terms by slug; an empty value (``?region=``) means no choice rather than a bad one.

    The chosen terms are a list in the vocabulary's order, found among its terms as remembered
    between two changes (``pagecache.store.remember``: a vocabulary edit is one), not a query per
    request. An unknown slug is refused with ``invalid_choice``, the first in the order given."""

    def clean(self, value):
        if isinstance(value, list | tuple):
            value = [item for item in value if str(item).strip()]
            # Refused before the database sees them: PostgreSQL cannot compare a NUL character.
            for item in value:
                ProhibitNullCharactersValidator()(str(item))
        return super().clean(value)

    def _check_values(self, value):
        terms = remember(("vocabulary-terms", self.queryset.model._meta.label), self.terms_in_order)
        by_slug = {getattr(term, self.to_field_name): term for term in terms}
        for item in value:
            if str(item) not in by_slug:
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": item}
                )
        chosen = {str(item) for item in value}
        return [term for term in terms if getattr(term, self.to_field_name) in chosen]

    def terms_in_order(self):
        return tuple(self.queryset)


class VocabularyFilter(django_filters.ModelMultipleChoiceFilter):
    """Coaches described by any of the chosen terms of one vocabulary, given by slug."""

    field_class = SlugsField

    def __init__(self, model, relation, label, **kwargs):
        self.relation = relation
        super().__init__(
            field_name=f"{relation}__slug",
            lookup_expr="in",
            to_field_name="slug",
            queryset=model.objects.all(),
            label=label,
            error_messages={
                "invalid_choice": f"“%(value)s” is not a {model._meta.verbose_name} in the directory.",
                "invalid_list": f"Choose {model._meta.verbose_name_plural} from the list.",
            },
            **kwargs,
        )

    def __deepcopy__(self, memo):
        # django-filter deep-copies every filter for each filterset (each request). The terms'
        # queryset is never changed, so the copy shares it rather than copying the query.
        copied = copy.copy(self)
        copied.extra = dict(self.extra)
        return copied

    def filter(self, qs, value):
        if not value:
            return qs
        # A subquery rather than a join: a coach described by two of the chosen terms is still
        # one row, so no DISTINCT is needed here or in the counts built on this queryset.
        described = qs.model._base_manager.filter(
            **{f"{self.field_name}__{self.lookup_expr}": [term.slug for term in value]}
        )
        return qs.filter(pk__in=described.values("pk"))


class AcceptingFilter(django_filters.ChoiceFilter):
    """Ticked (``accepting=1``): only coaches accepting new leaders right now.

    That is ``CoachPage.accepting_new_leaders``, kept by ``cascading_pages.coaches.availability``: not
    declared full, not at capacity, not paused, and a profile confirmed recently enough.
    """

    def __init__(self, **kwargs):
        super().__init__(
            field_name="accepting_new_leaders",
            lookup_expr="exact",
            choices=[("1", "Accepting new leaders only")],
            error_messages={"invalid_choice": "To see only coaches accepting new leaders, use accepting=1."},
            **kwargs,
        )

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**{f"{self.field_name}__{self.lookup_expr}": True})


class CoachFilterSet(django_filters.FilterSet):
    """The directory's query. ``q`` is answered by ``search`` (a :class:`DirectorySearch`)."""

    q = django_filters.CharFilter(
        label="Search coaches",
        method="filter_text",
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "max_length": f"Search for at most {MAX_QUERY_LENGTH} characters: a name, an organisation or a topic."
        },
    )
    region = VocabularyFilter(Region, "regions", "Region")
    expertise = VocabularyFilter(ExpertiseArea, "expertise", "Area of expertise")
    sector = VocabularyFilter(Sector, "sectors", "Sector")
    community = VocabularyFilter(Community, "communities", "Community")
    language = VocabularyFilter(Language, "languages", "Language")
    accepting = AcceptingFilter(label="Availability")

    class Meta:
        model = CoachPage
        fields = []
        form = DirectoryForm

    def __init__(self, data=None, queryset=None, *, search, directory=None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.search = search
        self.directory = directory
        self._ranked = {}
        self._truncated = {}
        self._partial = {}

    def get_form_class(self):
        """The form class, made once per filterset class rather than on every request: its fields
        are the same for every request (each form copies them when it is made)."""
        form_class = type(self).__dict__.get("_form_class")
        if form_class is None:
            form_class = super().get_form_class()
            type(self)._form_class = form_class
        return form_class

    @property
    def vocabulary_filters(self):
        return {name: f for name, f in self.filters.items() if isinstance(f, VocabularyFilter)}

    @property
    def text(self):
        return self.form.cleaned_data.get("q", "") if hasattr(self.form, "cleaned_data") else ""

    def ranked_pks(self, text):
        """The best matches for ``text`` (at most ``max_matches()`` visible here), best first: from
        three words on, those matching every word, then those matching most of them
        (``cascading_pages.search.partial``).

        Asked of the search backend once. Its index holds live, public coaches only
        (``cascading_pages.search.pages``), but not only this directory's: ask for as many more as
        there are coaches elsewhere.
        """
        if text not in self._ranked:
            live = CoachPage.objects.live()
            limit = max_matches() + self.hidden_live_coaches()
            # Only ids are needed: the database backends would otherwise load whole pages.
            if allows_partial(text):
                pks, self._partial[text] = self.search.ranked_pks_with_partial(
                    text, live.only("pk"), limit=limit
                )
            else:
                pks = self.search.ranked_pks(text, live.only("pk"), limit=limit)
            self._ranked[text] = pks
            self._truncated[text] = len(pks) >= limit
        return self._ranked[text]

    def partial_pks(self, text):
        """Of ``ranked_pks(text)``, those matching only most of the words (a set)."""
        self.ranked_pks(text)
        return self._partial.get(text, set())

    #: How many live coaches a visitor cannot see here, when the directory already knows.
    known_hidden_live_coaches = None

    def hidden_live_coaches(self):
        """At most how many indexed coaches a visitor cannot see here: the live, public ones under
        other directories (private coaches are not in the index at all)."""
        if self.known_hidden_live_coaches is not None:
            return self.known_hidden_live_coaches
        directory = self.directory
        if directory is None:
            return 0
        return CoachPage.objects.live().public().exclude(path__startswith=directory.path).count()

    def is_truncated(self, text):
        """Whether ``text`` matched more coaches than the directory considers."""
        return bool(text) and self._truncated.get(text, False)

    def filter_text(self, queryset, name, value):
        if not value:
            return queryset
        pks = self.ranked_pks(value)
        if not pks:
            return queryset.none()
        return queryset.filter(pk__in=integer_list(pks))

    def filter_queryset(self, queryset, skip=()):
        """``queryset`` narrowed by every valid filter except those named in ``skip``.

        Invalid values (reported through ``errors``) are left out rather than failing the page.
        """
        cleaned = getattr(self.form, "cleaned_data", {})
        for name, filter_ in self.filters.items():
            if name in skip or name not in cleaned:
                continue
            queryset = filter_.filter(queryset, cleaned[name])
        return queryset
