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
from django.utils.html import strip_tags

from cascading_pages.search.highlight import SNIPPET_LENGTH, WordMatcher, snippet

#: A summary is short (300 characters at most): its snippet is all of it, so a card can show it marked.
SUMMARY_LENGTH = 300


@dataclass
class Match:
    #: Which part of the profile: ``summary``, ``biography``, ``coaching_approach`` or ``expertise``.
    field: str
    label: str
    #: A piece of that text, escaped, with the searched words in ``<mark>``.
    snippet: str


def profile_texts(coach):
    """(field, label, plain text) for each part of a coach's profile a match is shown from."""
    return [
        ("summary", "Summary", coach.summary),
        ("biography", "Biography", unescape(strip_tags(coach.biography or ""))),
        ("coaching_approach", "Coaching approach", unescape(strip_tags(coach.coaching_approach or ""))),
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


def explain_matches(coaches, text):
    """Set ``match`` (a :class:`Match` or None) on each of ``coaches`` for the search ``text``."""
    matcher = WordMatcher(text)
    if matcher and coaches:
        prefetch_related_objects(coaches, "expertise")
    for coach in coaches:
        coach.match = why_listed(coach, matcher) if matcher else None
