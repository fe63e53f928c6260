"""The coach directory: search, filter and page its coaches, with facet counts; suggest coaches'
names as a leader types; and one coach.

The list takes exactly the HTML directory's parameters and answers from the same service
(``CoachIndexPage.get_directory()``, a :class:`cascading_pages.coaches.directory.CoachDirectory`), so the two always
agree. Its parameters are checked by the directory's own rules: what the HTML page explains
beside a field comes back here as a 400 naming the parameter, with the same message. The
suggestions come from the same service (``suggest_names``), so they never name a coach the
directory would not list.
"""

from copy import copy
from typing import Annotated

from django.http import Http404
from django.http.request import split_domain_port
from ninja import Path, Query, Router
from ninja.decorators import decorate_view
from pydantic import WithJsonSchema
from wagtail.models import Site

from cascading_pages.api.caching import public_read
from cascading_pages.api.errors import (
    ERROR_RESPONSES,
    EXACT_CHOICES,
    form_errors,
    invalid_exact,
    problem_response,
)
from cascading_pages.api.rendering import json_answer
from cascading_pages.api.representation import coach_card, coach_name, coach_profile, page_link, public_pages
from cascading_pages.api.schemas import CoachList, CoachNameSuggestions, CoachProfile
from cascading_pages.coaches.filters import MAX_QUERY_LENGTH, SORT_CHOICES
from cascading_pages.coaches.models import CoachPage
from cascading_pages.coaches.pages import CoachIndexPage
from cascading_pages.pagecache.store import remember

router = Router(tags=["coaches"])

MAX_ID = 2**31 - 1


def Choice(*values):  # noqa: N802 (a type, as it is used)
    """A string documented as one of ``values``, left to the directory's form to check, so that a
    wrong one gets the same message as on the HTML page."""
    return Annotated[str, WithJsonSchema({"type": "string", "enum": list(values)})]


def vocabulary(name):
    return Query(
        None,
        description=f"Only coaches described by any of these {name} (by slug; repeat for several). "
        "Choices across filters all apply.",
    )


REGIONS, EXPERTISE, SECTORS, COMMUNITIES, LANGUAGES = (
    vocabulary(name) for name in ("regions", "areas of expertise", "sectors", "communities", "languages")
)


def directory_choice():
    """The ``directory`` parameter every directory operation takes (a new one for each)."""
    return Query(
        None, ge=1, le=MAX_ID, description="Which directory (a coach index page's id); default: the site's."
    )


@router.get(
    "/",
    response={200: CoachList, **ERROR_RESPONSES},
    summary="Search the coach directory",
    operation_id="coaches_list",
)
@decorate_view(public_read())
def list_coaches(
    request,
    q: str = Query(
        "",
        description=f"Search words (at most {MAX_QUERY_LENGTH} characters): a name, an organisation or a "
        "topic. With one or two words every word must match; with more, coaches matching every word come "
        "first, then those matching most of them (`partial_matches`). Punctuation and search syntax are ignored.",
    ),
    region: list[str] = REGIONS,
    expertise: list[str] = EXPERTISE,
    sector: list[str] = SECTORS,
    community: list[str] = COMMUNITIES,
    language: list[str] = LANGUAGES,
    accepting: Choice("", "1") = Query(
        "", description="`1`: only coaches taking new leaders now. Empty: every coach."
    ),
    sort: Choice("", *(value for value, _label in SORT_CHOICES)) = Query(
        "",
        description="`relevance` (with search words; their default), `name` (the default without words) "
        "or `updated`. Empty: the default.",
    ),
    page: str = Query(
        "",
        description="The page of results, from 1. A page that is not a number gives the first page, "
        "one past the end the last: a stale link still shows coaches.",
    ),
    exact: Choice(*EXACT_CHOICES) = Query(
        "",
        description="`1`: search the words as typed, without the spelling correction used when they "
        "find nobody.",
    ),
    directory: int | None = directory_choice(),
):
    """The directory's coaches, as its HTML page lists them, with a count for every facet option.

    Parameters the directory cannot use get a 400 that names each one and says why, in the words
    the HTML page uses.
    """
    if exact not in EXACT_CHOICES:
        return invalid_exact("Some of the search parameters could not be used.")
    index = get_directory_page(request, directory)
    results = index.get_directory().search(request.GET)
    if not results.is_valid:
        return problem_response(
            400, "Some of the search parameters could not be used.", parameter_errors(results.filterset)
        )
    return json_answer(
        {
            "directory": page_link(index, request),
            "count": results.count,
            "page": results.page.number,
            "num_pages": results.page.paginator.num_pages,
            "query": results.text,
            "corrected_query": results.correction or None,
            "correction_applied": bool(results.corrected_from),
            "sort": results.sort,
            "notice": results.notice or None,
            "truncated": results.truncated,
            "max_matches": results.max_matches,
            "partial_matches": results.partial_matches,
            "items": [
                coach_card(coach, request, recommended=coach.pk in results.promoted) for coach in results.page
            ],
            "facets": [
                {
                    "name": facet.name,
                    "label": facet.label,
                    "options": [
                        {"value": o.value, "label": o.label, "count": o.count, "selected": o.selected}
                        for o in facet.options
                    ],
                }
                for facet in results.facets
            ],
            "suggestions": [
                {"label": s.label, "count": s.count, "query": s.query} for s in results.suggestions
            ],
        }
    )


# Registered before "/{coach_id}/": routes are tried in order, and that one would take "suggest"
# for a coach id (and refuse it as not a number).
@router.get(
    "/suggest/",
    response={200: CoachNameSuggestions, **ERROR_RESPONSES},
    summary="Suggest coaches' names as a leader types",
    operation_id="coaches_suggest",
    url_name="coaches_suggest",
)
@decorate_view(public_read())
def suggest_coaches(
    request,
    q: str = Query(
        ...,
        min_length=1,
        max_length=MAX_QUERY_LENGTH,
        description=f"What the leader has typed so far (at most {MAX_QUERY_LENGTH} characters), e.g. `Ama` "
        "or `amara ok`: every word must match a word of the name, the last one from its start. "
        "Punctuation is ignored.",
    ),
    directory: int | None = directory_choice(),
):
    """Coaches of the directory whose names start with what was typed, for a search box's
    suggestions: the coaches the directory lists, never a draft, private or unpublished one."""
    index = get_directory_page(request, directory)
    coaches = index.get_directory().suggest_names({"q": q})
    return {
        "directory": page_link(index, request),
        "suggestions": [coach_name(coach, request) for coach in coaches],
    }


@router.get(
    "/{coach_id}/",
    response={200: CoachProfile, **ERROR_RESPONSES},
    summary="A coach's public profile",
    operation_id="coaches_detail",
)
@decorate_view(public_read())
def get_coach(request, coach_id: int = Path(..., ge=1, le=MAX_ID)):
    """Everything the coach's profile page shows; never their contact details or account."""
    coach = (
        public_pages(request, CoachPage)
        .filter(pk=coach_id)
        .select_related("photo", "availability_state")
        .prefetch_related("photo__renditions")
        .first()
    )
    if coach is None:
        raise Http404("No public coach has that id.")
    return coach_profile(coach, request)


def get_directory_page(request, directory_id=None):
    """The site's coach directory, or the one with ``directory_id``: live, public, on this site.

    Which site and which page they are, and the sites' root paths (page URLs), are remembered in
    this process until any page, view restriction or site changes
    (``cascading_pages.pagecache.store.remember``): four queries a request otherwise. Each request
    gets its own copy of the page; the site and root paths go where Wagtail keeps them for a request
    (``request._wagtail_site`` for ``Site.find_for_request``, ``request._wagtail_cached_site_root_paths``
    for ``Page.get_url``), so the cards' URLs need no lookup either.
    """
    # The request's host and port, as Site.find_for_request reads them.
    key = ("coach-directory", split_domain_port(request._get_raw_host())[0], request.get_port(), directory_id)
    site, index, root_paths = remember(key, lambda: _find_directory(request, directory_id))
    if not hasattr(request, "_wagtail_site"):
        request._wagtail_site = site
    if not hasattr(request, "_wagtail_cached_site_root_paths"):
        request._wagtail_cached_site_root_paths = root_paths
    if index is None:
        raise Http404(
            "No public coach directory has that id." if directory_id else "This site has no coach directory."
        )
    return copy(index)


def _find_directory(request, directory_id):
    """(the request's site, its directory page or None, the sites' root paths), from the database."""
    directories = public_pages(request, CoachIndexPage).order_by("path")
    if directory_id is not None:
        directories = directories.filter(pk=directory_id)
    else:
        # From the few directory pages, not along every page of the tree in path order (which is
        # what the database does for "the first in path order" on its own: 20,000 coaches' pages).
        directories = directories.filter(pk__in=CoachIndexPage.objects.values("pk"))
    return Site.find_for_request(request), directories.first(), Site.get_site_root_paths()


def parameter_errors(filterset):
    """The directory's reasons, one per problem, each naming its query parameter."""
    return form_errors(filterset.form)
