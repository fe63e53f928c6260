"""Pages: list them (by type, parent, menu), fetch one by id, or find one by its path.

A decoupled front end routes any URL with ``/pages/find/?path=…`` and renders the page from
its ``type`` and fields. Only live pages of the request's site without view restrictions are
visible; drafts, private pages and admin-only fields never leave.
"""

from typing import Literal

from django.http import Http404
from ninja import Path, Query, Router
from ninja.decorators import decorate_view
from wagtail.models import Site

from cascading_pages.api.caching import public_read
from cascading_pages.api.errors import ERROR_RESPONSES
from cascading_pages.api.representation import PAGE_FIELDS, page_detail, page_summary, public_pages
from cascading_pages.api.schemas import PageDetail, PageList

router = Router(tags=["pages"])

PAGE_MODELS_BY_LABEL = {model._meta.label: model for model in PAGE_FIELDS}
PageType = Literal[tuple(PAGE_MODELS_BY_LABEL)]
MAX_ID = 2**31 - 1
MAX_LIMIT = 100


@router.get("/", response={200: PageList, **ERROR_RESPONSES}, summary="List pages", operation_id="pages_list")
@decorate_view(public_read())
def list_pages(
    request,
    type: list[PageType] = Query(None, description="Only pages of these types (repeat for several)."),
    child_of: int | None = Query(None, ge=1, le=MAX_ID, description="Only children of this page."),
    in_menu: bool | None = Query(None, description="Only pages shown in menus (true) or not (false)."),
    limit: int = Query(20, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=1_000_000),
):
    """Live, public pages of this site in tree order, the order editors arrange them in.

    `child_of=<the home page's id>&in_menu=true` gives the site's main menu.
    """
    pages = public_pages(request)
    if type:
        pages = pages.type(*(PAGE_MODELS_BY_LABEL[label] for label in type))
    if child_of is not None:
        parent = public_pages(request).filter(pk=child_of).first()
        pages = pages.child_of(parent) if parent else pages.none()
    if in_menu is not None:
        pages = pages.filter(show_in_menus=in_menu)
    pages = pages.order_by("path")
    return {
        "count": pages.count(),
        "items": [page_summary(page, request) for page in pages[offset : offset + limit].specific()],
    }


@router.get(
    "/find/",
    response={200: PageDetail, **ERROR_RESPONSES},
    summary="Find a page by its path",
    operation_id="pages_find",
)
@decorate_view(public_read())
def find_page(
    request,
    path: str = Query(..., min_length=1, max_length=2000, description="A path on the site, e.g. `/faqs/`."),
):
    """What a front end calls to route any URL: the page at that path, with all its public fields."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("This site has no pages.")
    components = [component for component in path.split("/") if component]
    try:
        page, _args, _kwargs = site.root_page.specific.route(request, components)
    except Http404:
        page = None
    if page is None or not public_pages(request).filter(pk=page.pk).exists():
        raise Http404("No public page has that path.")
    return page_detail(page.specific, request)


@router.get(
    "/{page_id}/",
    response={200: PageDetail, **ERROR_RESPONSES},
    summary="A page and its public fields",
    operation_id="pages_detail",
)
@decorate_view(public_read())
def get_page(request, page_id: int = Path(..., ge=1, le=MAX_ID)):
    page = public_pages(request).filter(pk=page_id).specific().first()
    if page is None:
        raise Http404("No public page has that id.")
    return page_detail(page, request)
