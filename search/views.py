"""The site-wide search page: every public page of the site, on the configured search backend."""

from django.template.response import TemplateResponse
from wagtail.models import Page

from cascading_pages.search.pagination import paginate


def search(request):
    query = request.GET.get("query", "").strip()[:200]
    results = Page.objects.live().public().search(query) if query else Page.objects.none()
    return TemplateResponse(
        request, "search/search.html", {"search_query": query, "search_results": paginate(request, results)}
    )
