"""What a visitor types into a search box, as the plain words a search backend is asked for.

Shared by every search the site offers (the coach directory, the site-wide search), so each takes
the same length of query and reads punctuation and engine syntax the same way.
"""

import re

#: The longest search accepted, in characters; a longer one is refused with a reason.
MAX_QUERY_LENGTH = 200
#: Words past this many are left out.
MAX_QUERY_WORDS = 20
#: The query parameter that turns spelling correction off: ``exact=1`` searches the words as typed.
EXACT = "exact"


def normalise_text(value):
    """The words of a search, without punctuation or engine syntax (quotes, colons, ``~``...).

    Both backends then see plain words: SQLite's FTS syntax and Lucene's never reach them.
    """
    return " ".join(re.findall(r"\w+", value or "")[:MAX_QUERY_WORDS])
