"""The site-wide search page: every public page of this site, on the configured search backend.

A thin view over the plugin's :class:`~cascading_pages.search.site.SiteSearch`, which also answers
the API's ``/api/v1/search/``, so the page and the JSON always agree.
"""

from django.template.response import TemplateResponse

from cascading_pages.search.querylog import record_search
from cascading_pages.search.site import SiteSearch


def search(request):
    results = SiteSearch(request).search(request.GET)
    if not results.is_valid:
        status = 400  # The page explains what was wrong beside the search box.
    elif not results.available:
        status = 503  # Neither search backend answered: the page says so and to try again.
    else:
        status = 200
        if results.query and request.GET.get("page", "1") == "1":  # A new search, not its next page.
            record_search(request.GET.get("query", ""), results.count)
    return TemplateResponse(
        request, "search/search.html", {"results": results, "form": results.form}, status=status
    )
