"""The words an index holds, so that a search can find what a leader means on every backend.

Wagtail's database backend on SQLite matches whole words as written: "restructure" does not find
"restructuring", "gover" finds nothing and "govrnance" finds nothing. A :class:`Vocabulary` of the
words in the searchable text (built by :func:`vocabulary_of` from a queryset's search fields) lets
the query say what the leader meant before any backend sees it:

- :meth:`Vocabulary.expand`: each word stands for the vocabulary's words with the same English
  stem (``cascading_pages.search.stemming``) or starting with it ("gover" for "governance");
- :meth:`Vocabulary.correct`: a word the vocabulary does not know becomes its nearest known word
  (at most two edits, one for short words; the more frequent word on a tie).

The same vocabulary serves Elasticsearch and OpenSearch, which stem and forgive misspellings on
their own, so a correction reads the same whatever the engine. Only words from what a visitor
may see must go in: a correction offers its words to anyone.

This module knows no page type; the caller says which objects' words to read, and keeps the
vocabulary current (the coach directory keeps it with its snapshot, the site search with the same
generations: ``cascading_pages.search.site``).
"""

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Model
from wagtail.fields import StreamField
from wagtail.search import index
from wagtail.search.query import And, Or, PlainText

from cascading_pages.search.stemming import stem

#: Words shorter than this are not expanded to the words they start.
MIN_PREFIX = 3
#: The most vocabulary words one search word stands for (the most frequent first).
MAX_EXPANSIONS = 20
#: Words shorter than this are never corrected: too many words are one edit from them.
MIN_CORRECTABLE = 4


@dataclass
class Vocabulary:
    """{word: how many times it occurs}, with lookups by stem and by prefix."""

    counts: dict = field(default_factory=dict)

    def __post_init__(self):
        self.words = sorted(self.counts)
        self.by_stem = {}
        for word in self.words:
            self.by_stem.setdefault(stem(word), []).append(word)

    def __getstate__(self):
        return {"counts": self.counts}

    def __setstate__(self, state):
        self.counts = state["counts"]
        self.__post_init__()

    def __bool__(self):
        return bool(self.counts)

    def knows(self, word):
        """Whether ``word`` (lower case) finds something: a word, a word's stem or start."""
        return word in self.counts or stem(word) in self.by_stem or bool(self.starting_with(word, 1))

    def starting_with(self, prefix, limit=MAX_EXPANSIONS):
        if len(prefix) < MIN_PREFIX:
            return []
        start = bisect.bisect_left(self.words, prefix)
        found = []
        for word in self.words[start:]:
            if not word.startswith(prefix):
                break
            found.append(word)
        return self._most_frequent(found, limit)

    def expand(self, word):
        """``word`` and the vocabulary's words it stands for: the same stem, or starting with it."""
        word = word.lower()
        related = set(self.by_stem.get(stem(word), ())) | set(self.starting_with(word, limit=None))
        related.discard(word)
        return [word, *self._most_frequent(related, MAX_EXPANSIONS)]

    def correct(self, text):
        """``text`` with each unknown word replaced by its nearest known word, or None when no
        word needs (or has) a correction."""
        words = text.split()
        corrected = [_in_case_of(word, self.nearest(word.lower())) for word in words]
        if [word.lower() for word in words] == [word.lower() for word in corrected]:
            return None
        return " ".join(corrected)

    def nearest(self, word):
        """The known word closest to an unknown ``word``, or None (``word`` is known, or nothing is close)."""
        if len(word) < MIN_CORRECTABLE or not word.isalpha() or self.knows(word):
            return None
        most = 1 if len(word) <= 5 else 2
        best = None
        letters = set(word)
        for candidate in self.words:
            # Cheap tests first: each edit changes the length by one at most, and a letter or two.
            if abs(len(candidate) - len(word)) > most or len(letters ^ set(candidate)) > 2 * most:
                continue
            distance = edit_distance(word, candidate, most)
            if distance <= most:
                key = (distance, -self.counts[candidate], candidate)
                if best is None or key < best:
                    best = key
        return best[2] if best else None

    def _most_frequent(self, words, limit):
        ranked = sorted(words, key=lambda word: (-self.counts[word], word))
        return ranked if limit is None else ranked[:limit]


def _in_case_of(typed, correction):
    """``correction`` capitalised as ``typed`` was ("Patil" becomes "Patel"), or ``typed`` if None."""
    if correction is None:
        return typed
    return correction.capitalize() if typed[:1].isupper() else correction


def words_query(text, vocabulary=None):
    """The query for a leader's ``text``: every word must match, each as itself or as one of the
    words it stands for in ``vocabulary`` (:meth:`Vocabulary.expand`)."""
    if not vocabulary:
        return PlainText(text, operator="and")
    parts = []
    for word in text.split():
        forms = vocabulary.expand(word)
        parts.append(PlainText(word) if len(forms) == 1 else Or([PlainText(form) for form in forms]))
    return parts[0] if len(parts) == 1 else And(parts)


def edit_distance(a, b, most=2):
    """The Damerau-Levenshtein distance (optimal string alignment) between ``a`` and ``b``, or
    ``most + 1`` as soon as it must be more than ``most``."""
    previous2, previous = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > most:
            return most + 1
        previous2, previous = previous, current
    return previous[-1]


WORD = re.compile(r"[^\W\d_]+")
#: An HTML tag (rich text is stored as HTML): only the words between tags are counted. Quicker
#: than Django's ``strip_tags`` over every coach's biography, and enough to find words.
TAG = re.compile(r"<[^>]*>")


def words_of(text):
    """The lower-case words of ``text`` (HTML tags removed), as a vocabulary counts them."""
    return WORD.findall(TAG.sub(" ", str(text or "")).lower())


def vocabulary_of(queryset):
    """The words of the search fields of every object in ``queryset`` (the model's own fields and
    the ``RelatedFields`` on its relations), read in a few queries.

    A StreamField counts the text its blocks index (``get_searchable_content``), not its stored
    JSON, whose block names and ids are no words of the page.
    """
    counts = Counter()
    queryset = queryset.order_by().prefetch_related(None)
    for path in text_paths(queryset.model):
        model_field = queryset.model._meta.get_field(path) if "__" not in path else None
        for value in queryset.values_list(path, flat=True).iterator():
            if isinstance(model_field, StreamField):
                value = " ".join(model_field.get_searchable_content(value))
            counts.update(words_of(value))
    return Vocabulary(dict(counts))


def merged(vocabularies):
    """One :class:`Vocabulary` of the words of all of ``vocabularies``, their counts added."""
    counts = Counter()
    for vocabulary in vocabularies:
        counts.update(vocabulary.counts)
    return Vocabulary(dict(counts))


def text_paths(model):
    """The ``values_list`` paths of the database columns behind ``model``'s search fields."""
    paths = []
    concrete = {f.name for f in model._meta.get_fields() if getattr(f, "concrete", False)}
    for search_field in model.get_search_fields():
        if isinstance(search_field, index.SearchField) and search_field.field_name in concrete:
            paths.append(search_field.field_name)
        elif isinstance(search_field, index.RelatedFields) and search_field.field_name in {
            f.name for f in model._meta.get_fields()
        }:
            related = model._meta.get_field(search_field.field_name).related_model
            if not (isinstance(related, type) and issubclass(related, Model)):
                continue
            names = {f.name for f in related._meta.get_fields() if getattr(f, "concrete", False)}
            for sub in search_field.fields:
                if isinstance(sub, index.SearchField) and sub.field_name in names:
                    paths.append(f"{search_field.field_name}__{sub.field_name}")
    return list(dict.fromkeys(paths))
