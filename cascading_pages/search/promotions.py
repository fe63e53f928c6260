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


def promotions_by_query():
    """{normalised search words: the ids of the pages promoted for them, in the editors' order}:
    every promotion of a page, for a caller that keeps them between changes."""
    promotions = (
        SearchPromotion.objects.filter(page__isnull=False)
        .order_by("sort_order", "pk")
        .values_list("query__query_string", "page_id")
    )
    by_query = {}
    for query_string, page_id in promotions:
        by_query.setdefault(query_string, {})[page_id] = None
    return {query_string: list(pages) for query_string, pages in by_query.items()}


def promoted_in(promotions, text):
    """The ids promoted for the search ``text`` in ``promotions`` (``promotions_by_query()``)."""
    return promotions.get(normalise_query_string(text), []) if text else []


def put_first(promoted, ids):
    """``ids`` with ``promoted`` (ids already known to be visible) first, each once."""
    if not promoted:
        return ids
    first = set(promoted)
    return [*promoted, *(pk for pk in ids if pk not in first)]
