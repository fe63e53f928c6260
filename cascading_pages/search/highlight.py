"""Where a search's words appear in a text: a short snippet with the matched words marked.

Worked out in Python from the stored text and the searched words, so it is the same on every
backend and needs nothing from the engine (a page shows only a dozen results). A word of the text
matches a searched word when they are the same after lower-casing and a light stemming
("recruiting" and "recruitment" both stem to "recruit"), or, for words of five letters or more,
when they are one edit apart (a letter missing, added, changed or two swapped), as a search engine's
fuzzy matching forgives a misspelling.

The snippet is HTML: the text is escaped and only ``<mark>`` tags are added, so nothing typed
into a search or stored in a profile can inject markup through it.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import mark_safe

from cascading_pages.search.words import normalise_text

#: The longest snippet, in characters of text (before escaping and marks).
SNIPPET_LENGTH = 200

_WORD = re.compile(r"\w+")
# Longest first, so that "ments" is taken before "s". Each leaves at least three letters.
_SUFFIXES = ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "ed", "s")


@lru_cache(maxsize=8192)  # Profiles share most of their words: each is stemmed once.
def stem(word):
    """``word`` lower-cased, without one common English ending: good enough to tell that two
    forms of a word are the same word, not a linguist's stemmer."""
    word = word.lower()
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            word = word[: -len(suffix)]
            if suffix in ("ies", "ied"):
                word += "y"
            break
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word


def one_edit_apart(a, b):
    """Whether ``a`` becomes ``b`` by one inserted, deleted or changed letter, or two neighbours
    swapped (``a != b``)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        changed = a[i + 1 :] == b[i + 1 :]
        swapped = i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]
        return changed or swapped
    return a[i:] == b[i + 1 :]


class WordMatcher:
    """Answers "does this word of a text match one of the searched words?" for one search.

    ``WordMatcher.of(text)`` is shared by the searches for the same words: a directory lists the
    same coaches for them again and again, and each word of their profiles is then matched once.
    """

    #: The most answers one matcher keeps: with the matchers kept (``of``), a few megabytes at most.
    MOST_SEEN = 5_000

    @staticmethod
    @lru_cache(maxsize=16)
    def of(text):
        return WordMatcher(text)

    def __init__(self, text):
        words = normalise_text(text).lower().split()
        self.words = list(dict.fromkeys(words))
        #: The searched words as one string: what the matches depend on.
        self.words_key = " ".join(self.words)
        self.stems = {stem(word): word for word in self.words}
        self._seen = {}

    def __bool__(self):
        return bool(self.words)

    def match(self, word):
        """The searched word that ``word`` matches, or None."""
        try:
            return self._seen[word]
        except KeyError:
            if len(self._seen) >= self.MOST_SEEN:
                self._seen.clear()
            found = self._seen[word] = self._match(word.lower())
            return found

    def _match(self, word):
        stemmed = stem(word)
        if stemmed in self.stems:
            return self.stems[stemmed]
        if len(word) < 5:
            return None
        for searched in self.words:
            if len(searched) >= 5 and (
                one_edit_apart(word, searched) or one_edit_apart(stemmed, stem(searched))
            ):
                return searched
        return None

    def matched_words(self, text):
        """The searched words found in ``text``."""
        # Each different word once: a profile repeats its everyday words many times.
        words = set(_WORD.findall((text or "").lower()))
        return {found for word in words if (found := self.match(word))}


@dataclass
class Snippet:
    """A piece of a text around its matches: ``html`` has them in ``<mark>``, the rest escaped."""

    html: str
    #: How many different searched words the whole text holds.
    matched: int


def snippet(text, matcher, length=SNIPPET_LENGTH):
    """The part of ``text`` (at most ``length`` characters) with the most searched words, marked;
    None when it holds none of them."""
    text = " ".join((text or "").split())
    spans = [(m.start(), m.end()) for m in _WORD.finditer(text) if matcher.match(m.group())]
    if not spans:
        return None
    start, end = _best_window(text, spans, matcher, length)
    pieces = ["…" if start > 0 else ""]
    position = start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        pieces.append(escape(text[position:span_start]))
        pieces.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        position = span_end
    pieces.append(escape(text[position:end]))
    pieces.append("…" if end < len(text) else "")
    matched = len(matcher.matched_words(text))
    return Snippet(mark_safe("".join(pieces)), matched)  # Every piece is escaped above.


def _best_window(text, spans, matcher, length):
    """(start, end) of the stretch of ``text`` holding the most different searched words, cut at
    word boundaries."""
    if len(text) <= length:
        return 0, len(text)
    # A window slides over the matches (each start in turn): linear in their number.
    words = [matcher.match(text[s:e]) for s, e in spans]
    in_window = {}
    best, best_count, j = spans[0][0], -1, 0
    for i, (first, _) in enumerate(spans):
        while j < len(spans) and spans[j][1] <= first + length:
            in_window[words[j]] = in_window.get(words[j], 0) + 1
            j += 1
        if len(in_window) > best_count:
            best, best_count = first, len(in_window)
        if j > i:  # The window's first match leaves it before the next start.
            in_window[words[i]] -= 1
            if not in_window[words[i]]:
                del in_window[words[i]]
        else:
            j = i + 1
    # Start a little before the first match, for context, at a word's start.
    start = max(0, best - 40)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < best else best
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        if space > best:
            end = space
    return start, end
