"""Best matches first, then partial ones: a long search also finds what covers most of its words.

A search of one or two words must match every word, as before. From three words on, a result
may miss some: it must match at least ``required_words(n)`` of the ``n`` words (Elasticsearch's
``minimum_should_match`` of ``"2<75%"``: three of four words, three of five, six of eight). The
results matching every word come first, in the engine's order; those matching fewer follow,
ranked by how many words they match, then by the engine's score.

- On Elasticsearch and OpenSearch (a backend with ``supports_minimum_should_match``) one query
  finds them: :class:`MostWords` (and :class:`MostWordsFuzzy`) compile to a ``match`` with
  ``minimum_should_match``, through :class:`MinimumShouldMatchCompiler`.
- Elsewhere (Wagtail's database backend) each word is searched on its own and the answers are
  counted: a few more queries, for a search of three words or more.

Knows nothing of coaches: ``cascading_pages.search.backends.DirectorySearch`` asks it.
"""

from wagtail.search.query import Fuzzy, PlainText

#: From this many words a search also finds results matching only most of them.
PARTIAL_FROM_WORDS = 3
#: Elasticsearch's syntax for :func:`required_words`: up to two words all of them, then 75%.
MINIMUM_SHOULD_MATCH = "2<75%"


def required_words(count):
    """How many of ``count`` words a result must match: all of one or two, then 75% rounded
    down (as Elasticsearch reads ``"2<75%"``)."""
    if count < PARTIAL_FROM_WORDS:
        return count
    return count * 75 // 100


def allows_partial(text):
    """Whether a search for ``text`` may also list results missing some words."""
    return len(set(text.lower().split())) >= PARTIAL_FROM_WORDS


class MostWords(PlainText):
    """Plain words of which a result must match ``minimum_should_match`` (Elasticsearch syntax).

    A backend that does not know the option reads it as a plain "any word" search.
    """

    def __init__(self, query_string, minimum_should_match=MINIMUM_SHOULD_MATCH, boost=1.0):
        super().__init__(query_string, operator="or", boost=boost)
        self.minimum_should_match = minimum_should_match


class MostWordsFuzzy(Fuzzy):
    """:class:`MostWords`, forgiving a misspelling in each word."""

    def __init__(self, query_string, minimum_should_match=MINIMUM_SHOULD_MATCH):
        super().__init__(query_string, operator="or")
        self.minimum_should_match = minimum_should_match


class MinimumShouldMatchCompiler:
    """For a subclass of Wagtail's Elasticsearch or OpenSearch query compiler: passes a query's
    ``minimum_should_match`` on to the ``match`` or ``multi_match`` it compiles to."""

    def _compile_plaintext_query(self, query, fields, boost=1.0):
        return _with_minimum(super()._compile_plaintext_query(query, fields, boost), query)

    def _compile_fuzzy_query(self, query, fields):
        return _with_minimum(super()._compile_fuzzy_query(query, fields), query)


def _with_minimum(compiled, query):
    minimum = getattr(query, "minimum_should_match", None)
    if minimum is None:
        return compiled
    if "multi_match" in compiled:
        compiled["multi_match"]["minimum_should_match"] = minimum
    else:
        for options in compiled["match"].values():
            options["minimum_should_match"] = minimum
    return compiled


def rank_by_words_matched(full, per_word, required):
    """The ids matching every word (``full``, best first), then those found by at least
    ``required`` of the single-word searches ``per_word`` (lists of ids, best first), most
    words first, then by their best position in any of those lists."""
    seen = set(full)
    counts, best = {}, {}
    for ranked in per_word:
        for position, pk in enumerate(ranked):
            if pk in seen:
                continue
            counts[pk] = counts.get(pk, 0) + 1
            best[pk] = min(best.get(pk, position), position)
    partial = [pk for pk, count in counts.items() if count >= required]
    partial.sort(key=lambda pk: (-counts[pk], best[pk]))
    return list(full) + partial


def full_then_partial(full, partial):
    """``full`` (matching every word), then the rest of ``partial``, each in its own order."""
    seen = set(full)
    return list(full) + [pk for pk in partial if pk not in seen]
