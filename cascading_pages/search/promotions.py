"""Results editors put first for a search: Wagtail's search promotions ("Promoted search results"
in the admin's Settings menu, ``wagtail.contrib.search_promotions``).

Only a promotion of a page counts here (an external link is not a page a directory or a site
search can show), and only the page's id is read: the caller decides whether a visitor may see
it (live, public, in this directory or site, matching the other filters), so a promoted page that
is unpublished or private since it was promoted is never shown.
"""

from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.search.utils import normalise_query_string


def promoted_page_ids(text):
    """The ids of the pages promoted for the search ``text``, in the editors' order."""
    if not text:
        return []
    promotions = SearchPromotion.objects.filter(
        query__query_string=normalise_query_string(text), page__isnull=False
    ).order_by("sort_order", "pk")
    return list(dict.fromkeys(promotions.values_list("page_id", flat=True)))


def put_first(promoted, ids):
    """``ids`` with ``promoted`` (ids already known to be visible) first, each once."""
    if not promoted:
        return ids
    first = set(promoted)
    return [*promoted, *(pk for pk in ids if pk not in first)]
