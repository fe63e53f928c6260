"""FAQs: every entry grouped by category in the editors' order, and single entries."""

from django.http import Http404
from ninja import Path, Router
from ninja.decorators import decorate_view

from cascading_pages.api.caching import public_read
from cascading_pages.api.errors import ERROR_RESPONSES
from cascading_pages.api.representation import faq_entry, faq_groups, page_link, public_pages
from cascading_pages.api.schemas import FaqEntry, FaqList
from cascading_pages.faqs.models import FaqIndexPage, FaqPage

router = Router(tags=["faqs"])


@router.get(
    "/",
    response={200: FaqList, **ERROR_RESPONSES},
    summary="All FAQ entries, grouped by category",
    operation_id="faqs_list",
)
@decorate_view(public_read())
def list_faqs(request):
    """The site's FAQ index: categories in their sort order, entries in theirs (as the HTML page)."""
    index = public_pages(request).type(FaqIndexPage).order_by("path").specific().first()
    if index is None:
        return {"index": None, "groups": []}
    return {"index": page_link(index, request), "groups": faq_groups(index, request)}


@router.get(
    "/{entry_id}/",
    response={200: FaqEntry, **ERROR_RESPONSES},
    summary="One FAQ entry",
    operation_id="faqs_detail",
)
@decorate_view(public_read())
def get_faq(request, entry_id: int = Path(..., ge=1, le=2**31 - 1)):
    entry = public_pages(request).type(FaqPage).filter(pk=entry_id).first()
    if entry is None:
        raise Http404("No public FAQ entry has that id.")
    return faq_entry(entry.specific, request)
