"""What visitors search for, recorded without personal data for the search terms report.

Each search a visitor makes on a search page goes into Wagtail's search query log
(``wagtail.contrib.search_promotions``: ``Query`` and its ``QueryDailyHits``), and one that found
nothing into :class:`~cascading_pages.search.models.QueryDailyMisses` as well.

Threat model: people type their own details into search boxes ("jo@example.org", a phone number
to call back). The log is read by editors and exported as CSV, so only the words of a search are
kept: lower case, control characters and punctuation removed, at most :data:`MAX_LOGGED_LENGTH`
characters; and a search that looks like an email address (or a social media handle) or a phone
number is not recorded at all. No visitor, address or time of day is recorded with it.
"""

import logging
import re

from django.db import transaction
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query

from cascading_pages.search.models import QueryDailyMisses

#: The longest search recorded, in characters; the rest is cut off at a word.
MAX_LOGGED_LENGTH = 100

logger = logging.getLogger("cascading_pages.search")

#: An at sign before a word: an email address, however spaced ("jo @ example.org"), or a handle.
EMAIL = re.compile(r"@\s*\w")
#: Seven or more digits, however spaced or punctuated: "020 7946 0958", "+44 (0)7700-900123".
PHONE = re.compile(r"(?:\d[\s().+\-/]*){7,}")
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def loggable(typed):
    """What is recorded of the search ``typed``, or "" when nothing may be (empty, an email
    address or a phone number)."""
    text = CONTROL.sub(" ", typed or "")
    if EMAIL.search(text) or PHONE.search(text):
        return ""
    words = " ".join(re.findall(r"\w+", text.lower()))
    if len(words) > MAX_LOGGED_LENGTH:
        words = words[: MAX_LOGGED_LENGTH + 1].rsplit(" ", 1)[0][:MAX_LOGGED_LENGTH]
    return words.strip()


def record_search(typed, count):
    """Count one search for ``typed`` that found ``count`` results (0: found nothing).

    Never fails the search that is being answered: a failure is logged and forgotten.
    """
    text = loggable(typed)
    if not text:
        return
    try:
        with transaction.atomic():
            query = Query.get(text)
            query.add_hit(date=timezone.localdate())
            if not count:
                QueryDailyMisses.add_miss(query)
    except Exception:  # A busy or read-only database: the visitor still gets their results.
        logger.exception("Could not record a search")
