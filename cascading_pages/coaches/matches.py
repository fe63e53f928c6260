"""Why a coach was listed for a search: where the leader's words appear in their profile.

A directory card (and ``/api/v1/coaches/``) shows a short snippet of the summary, biography,
coaching approach or areas of expertise with the matched words marked
(``cascading_pages.search.highlight``): the field that holds the most of the words, in that
order on a tie (a summary is shown whole: it is at most 300 characters). A coach found only by name, organisation or role has none: the card already
shows those.
"""

from dataclasses import dataclass
from html import unescape

from django.db.models import prefetch_related_objects

from cascading_pages.pagecache.store import row_memo
from cascading_pages.search.highlight import SNIPPET_LENGTH, WordMatcher, snippet
from cascading_pages.search.vocabulary import TAG

#: A summary is short (300 characters at most): its snippet is all of it, so a card can show it marked.
SUMMARY_LENGTH = 300


@dataclass
class Match:
    #: Which part of the profile: ``summary``, ``biography``, ``coaching_approach`` or ``expertise``.
    field: str
    label: str
    #: A piece of that text, escaped, with the searched words in ``<mark>``.
    snippet: str


def plain_text(html):
    """The text of rich text's HTML, each tag a space (a paragraph's last word is not glued to the
    next one's first). The snippet escapes it again; a regular expression is quicker than Django's
    ``strip_tags`` over a dozen biographies per request, and enough for HTML Wagtail stored."""
    return unescape(TAG.sub(" ", html or ""))


def rich_texts(coach):
    """(biography, coaching approach) of ``coach`` as plain text, worked out once per coach: the
    copies of a remembered coach share it (``pagecache.store.row_memo``)."""
    memo = row_memo(coach)
    if "rich_texts" not in memo:
        memo["rich_texts"] = (plain_text(coach.biography), plain_text(coach.coaching_approach))
    return memo["rich_texts"]


def profile_texts(coach):
    """(field, label, plain text) for each part of a coach's profile a match is shown from."""
    biography, coaching_approach = rich_texts(coach)
    return [
        ("summary", "Summary", coach.summary),
        ("biography", "Biography", biography),
        ("coaching_approach", "Coaching approach", coaching_approach),
        ("expertise", "Areas of expertise", ", ".join(term.name for term in coach.expertise.all())),
    ]


def why_listed(coach, matcher):
    """The :class:`Match` best explaining why ``coach`` matched ``matcher``'s words, or None."""
    best, most = None, 0
    for name, label, text in profile_texts(coach):
        # Counted first; only the part shown is cut into a snippet (a dozen cards, four parts each).
        matched = len(matcher.matched_words(text))
        if matched > most:
            best, most = (name, label, text), matched
    if best is None:
        return None
    name, label, text = best
    found = snippet(text, matcher, SUMMARY_LENGTH if name == "summary" else SNIPPET_LENGTH)
    return Match(name, label, found.html)


#: The most searches whose matches one coach keeps (``explained``): with the 2,000 coaches a
#: process remembers at most, a few megabytes of snippets whatever visitors search for.
MOST_EXPLAINED = 8


def explained(coach):
    """{search words: Match or None} found for ``coach`` so far, shared by the copies of a
    remembered coach (``pagecache.store.row_memo``): the same coaches are listed for the same
    words until something changes, and a change fetches them afresh."""
    found = row_memo(coach).setdefault("matches", {})
    if len(found) >= MOST_EXPLAINED:
        found.clear()
    return found


def explain_matches(coaches, text):
    """Set ``match`` (a :class:`Match` or None) on each of ``coaches`` for the search ``text``."""
    matcher = WordMatcher.of(text)
    if matcher and coaches:
        prefetch_related_objects(coaches, "expertise")
    for coach in coaches:
        if not matcher:
            coach.match = None
            continue
        found = explained(coach)
        if matcher.words_key not in found:
            found[matcher.words_key] = why_listed(coach, matcher)
        coach.match = found[matcher.words_key]
