"""The site-wide search: every public page of the request's site, best match first.

The same service as the host's search page (:class:`cascading_pages.search.site.SiteSearch`), so
the two always agree, with the same words, fallback, notice and pages.
"""

from typing import Annotated

from ninja import Query, Router
from ninja.decorators import decorate_view
from pydantic import WithJsonSchema

from cascading_pages.api.caching import public_read
from cascading_pages.api.errors import (
    ERROR_RESPONSES,
    EXACT_CHOICES,
    Problem,
    form_errors,
    invalid_exact,
    problem_response,
)
from cascading_pages.api.schemas import SearchResults
from cascading_pages.search.site import SiteSearch
from cascading_pages.search.words import MAX_QUERY_LENGTH

router = Router(tags=["search"])


@router.get(
    "/",
    response={200: SearchResults, **ERROR_RESPONSES, 503: Problem},
    summary="Search the whole site",
    operation_id="search",
)
@decorate_view(public_read())
def search_site(
    request,
    query: str = Query(
        "",
        description=f"Search words (at most {MAX_QUERY_LENGTH} characters). Every word must match; "
        "punctuation and search syntax are ignored. Empty: nothing is searched.",
    ),
    page: str = Query(
        "",
        description="The page of results, from 1. A page that is not a number gives the first page, "
        "one past the end the last: a stale link still shows results.",
    ),
    exact: Annotated[str, WithJsonSchema({"type": "string", "enum": list(EXACT_CHOICES)})] = Query(
        "",
        description="`1`: search the words as typed, without the spelling correction used when they "
        "find nothing.",
    ),
):
    """Programme pages, FAQ entries and coaches that visitors may see, as the site's search page
    lists them. Only public fields are searched and returned.

    Spelling is corrected from the words of the pages searched, as on the search page: words that
    find nothing are answered with their correction's results (`correction_applied`); words that
    find some get a correction offered (`corrected_query`) when it would find clearly more. Pages
    editors promoted for the words come first, on the first page, marked `recommended`.

    A search too long (or with a null character) gets a 400 naming `query`, in the search page's
    words. When neither the search engine nor its fallback can answer, a 503 says so.
    """
    if exact not in EXACT_CHOICES:
        return invalid_exact("The search could not be used.")
    results = SiteSearch(request).search(request.GET)
    if not results.is_valid:
        return problem_response(400, "The search could not be used.", form_errors(results.form))
    if not results.available:
        return problem_response(503, results.notice)
    return {
        "query": results.query,
        "corrected_query": results.correction or None,
        "correction_applied": bool(results.corrected_from),
        "count": results.count,
        "page": results.page.number,
        "num_pages": results.page.paginator.num_pages,
        "notice": results.notice or None,
        "truncated": results.truncated,
        "max_matches": results.max_matches,
        "items": [
            {
                "id": result.page.pk,
                "title": result.title,
                "type": result.type,
                "url": result.url,
                "description": result.description,
                "recommended": result.recommended,
            }
            for result in results.page
        ],
    }
