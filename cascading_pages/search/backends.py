"""Which search backend the directory asks, what it can do, and what happens when it fails.

This is the one place that knows about search engines. Everything else asks Wagtail's search API
through :class:`DirectorySearch` and never looks at a backend's name.
"""

import json
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import NotSupportedError
from wagtail.search.backends import get_search_backend
from wagtail.search.query import Boost, Fuzzy, Or

from cascading_pages.conf import conf
from cascading_pages.search.partial import (
    MostWords,
    MostWordsFuzzy,
    full_then_partial,
    rank_by_words_matched,
    required_words,
)
from cascading_pages.search.vocabulary import words_query

logger = logging.getLogger("cascading_pages.search")

try:  # The elasticsearch client is a dependency, but a host may run without it.
    from elasticsearch import ApiError, TransportError
except ImportError:  # pragma: no cover
    ELASTICSEARCH_ERRORS = ()
else:
    # TransportError: unreachable or timed out; ApiError: the node answered with an error
    # (a missing index before `update_index`, a rejected query).
    ELASTICSEARCH_ERRORS = (TransportError, ApiError)

try:  # opensearch-py comes with the plugin's "opensearch" extra.
    from opensearchpy.exceptions import ConnectionError as OpenSearchConnectionError
    from opensearchpy.exceptions import TransportError as OpenSearchTransportError
except ImportError:
    OPENSEARCH_ERRORS = ()
else:
    # ConnectionError: unreachable, refused or timed out; TransportError (its base): that, or the
    # node answered with an error (a missing index, a rejected query, refused credentials).
    OPENSEARCH_ERRORS = (OpenSearchConnectionError, OpenSearchTransportError)

#: What a search engine's client raises when the engine cannot answer: the directory falls back.
ENGINE_ERRORS = ELASTICSEARCH_ERRORS + OPENSEARCH_ERRORS

# Whether a backend class compiles Fuzzy queries, learnt from the backend itself on first use.
_fuzzy_support = {}
_backends = {}


def search_alias():
    return conf.CASCADING_DIRECTORY_SEARCH_BACKEND


def fallback_alias():
    """The backend to answer from when the main one fails: a configured alias, or None."""
    configured = getattr(settings, "WAGTAILSEARCH_BACKENDS", {})
    alias = conf.CASCADING_DIRECTORY_FALLBACK_BACKEND
    if alias and alias in configured and alias != search_alias():
        return alias
    return None


def backend_for(alias):
    """Wagtail's search backend for ``alias``, kept for the life of the process.

    ``get_search_backend`` builds a new backend (for Elasticsearch, a new client and connection
    pool) on every call; the directory asks on every request. Keyed by the alias's settings, so
    changed settings (as in tests) get a new backend.
    """
    config = getattr(settings, "WAGTAILSEARCH_BACKENDS", {}).get(alias, {})
    key = (alias, json.dumps(config, sort_keys=True, default=str))
    backend = _backends.get(key)
    if backend is None:
        backend = _backends[key] = get_search_backend(alias)
    return backend


def max_matches():
    """How many of the best matches of a text search the directory filters, counts and pages.

    Reading ids out of Elasticsearch costs about 10 microseconds a hit, so a word found in every
    one of 20,000 profiles would otherwise cost 200 ms; past this many the page says "more than".
    """
    return conf.CASCADING_DIRECTORY_MAX_MATCHES


#: What a search page says when its answer came from the fallback backend (``degraded``).
DEGRADED_NOTICE = (
    "Search is working in a simpler mode at the moment, so the order of results may be less helpful "
    "than usual."
)


class SearchUnavailable(Exception):
    """Neither the search backend nor its fallback could answer."""


@dataclass
class DirectorySearch:
    """Text search for the directory on one backend alias, falling back to another on failure.

    ``degraded`` is set once an answer came from the fallback, so the page can say so. With a
    ``vocabulary`` (:class:`~cascading_pages.search.vocabulary.Vocabulary`) each word also finds
    its other English forms and the words it starts, on every backend.
    """

    alias: str = field(default_factory=search_alias)
    fallback: str | None = field(default_factory=fallback_alias)
    degraded: bool = False
    vocabulary: object = None

    def ranked_pks(self, text, queryset, limit=None):
        """The primary keys in ``queryset`` matching ``text``, best match first."""
        limit = limit or max_matches()
        return self._with_fallback(
            lambda backend: _ranked_pks(backend, text, queryset, limit, self.vocabulary)
        )

    def ranked_pks_with_partial(self, text, queryset, limit=None):
        """(pks, partial): the primary keys in ``queryset`` matching every word of ``text``, best
        first, then those matching most of its words (``cascading_pages.search.partial``); and
        the set of those partial matches."""
        limit = limit or max_matches()
        return self._with_fallback(
            lambda backend: _ranked_pks_with_partial(backend, text, queryset, limit, self.vocabulary)
        )

    def suggest(self, text, queryset, limit):
        """Objects in ``queryset`` whose autocomplete fields (a coach's name) start with ``text``."""
        return self._with_fallback(
            lambda backend: list(backend.autocomplete(text, queryset, operator="and")[:limit])
        )

    def _with_fallback(self, run):
        try:
            return run(backend_for(self.alias))
        except ENGINE_ERRORS as exc:
            if not self.fallback:
                logger.warning("Directory search backend %r failed, no fallback: %r", self.alias, exc)
                raise SearchUnavailable(str(exc)) from exc
            logger.warning(
                "Directory search backend %r failed; answering from %r instead: %r",
                self.alias,
                self.fallback,
                exc,
            )
            self.degraded = True
            return run(backend_for(self.fallback))


def text_query(backend, text, vocabulary=None):
    """The query for a leader's words: every word must match (or one of its forms in
    ``vocabulary``); on backends that can, a close misspelling matches too, ranked below."""
    exact = words_query(text, vocabulary)
    if supports_fuzzy(backend) is False:
        return exact
    return Or([Boost(exact, 2.0), Fuzzy(text, operator="and")])


def supports_fuzzy(backend):
    """True or False once the backend has been asked; None before."""
    return _fuzzy_support.get(type(backend))


def _ranked_pks(backend, text, queryset, limit, vocabulary=None):
    query = text_query(backend, text, vocabulary)
    try:
        pks = _fetch_pks(backend.search(query, queryset, order_by_relevance=True), limit)
    except (NotImplementedError, NotSupportedError):
        # The backend cannot run fuzzy queries (SQLite, PostgreSQL without pg_trgm): remember
        # that, and ask for exact words only from now on.
        if supports_fuzzy(backend) is not None:
            raise
        _fuzzy_support[type(backend)] = False
        return _ranked_pks(backend, text, queryset, limit, vocabulary)
    _fuzzy_support.setdefault(type(backend), True)
    return pks


def most_words_query(backend, text):
    """Like :func:`text_query`, but a result need only match most of the words."""
    exact = MostWords(text)
    if supports_fuzzy(backend) is False:
        return exact
    return Or([Boost(exact, 2.0), MostWordsFuzzy(text)])


def _ranked_pks_with_partial(backend, text, queryset, limit, vocabulary=None):
    full = _ranked_pks(backend, text, queryset, limit, vocabulary)
    if getattr(backend, "supports_minimum_should_match", False):
        # One query finds every result matching most of the words, ranked by the engine.
        results = backend.search(most_words_query(backend, text), queryset, order_by_relevance=True)
        pks = full_then_partial(full, _fetch_pks(results, limit))
    else:
        # Each word on its own, and the answers counted.
        words = list(dict.fromkeys(text.lower().split()))
        per_word = [_ranked_pks(backend, word, queryset, limit, vocabulary) for word in words]
        pks = rank_by_words_matched(full, per_word, required_words(len(words)))
    pks = pks[:limit]
    return pks, set(pks[len(full) :])


def _fetch_pks(results, limit):
    pks_of = getattr(results, "ranked_pks", None)
    if pks_of is not None:  # Our Elasticsearch or OpenSearch results: ids straight from the hits.
        return pks_of(limit)
    return [obj.pk for obj in results[:limit]]
