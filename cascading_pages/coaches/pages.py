"""The coach directory page: the coaches under it, searched and filtered by ``CoachDirectory``."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from cascading_pages.coaches.directory import CoachDirectory
from cascading_pages.coaches.filters import CoachFilterSet
from cascading_pages.coaches.models import CoachPage
from cascading_pages.content.preview import HeadlessPreviewable
from cascading_pages.pagecache.pages import CachedForVisitors, on_every_answer
from cascading_pages.pagecache.store import private_pages_q
from cascading_pages.search.pages import PublicPagesIndex
from cascading_pages.search.querylog import record_search


class CoachIndexPage(CachedForVisitors, PublicPagesIndex, HeadlessPreviewable, Page):
    """The coach directory: every live coach under it, searchable and filterable, a page at a time."""

    parent_page_types = ["cascading_pages.HomePage"]
    subpage_types = ["cascading_pages.CoachPage"]
    max_count_per_parent = 1
    template = "cascading_pages/pages/coach_index_page.html"

    introduction = models.TextField(
        max_length=1000, blank=True, help_text="Shown under the page title, above the search and filters."
    )

    content_panels = Page.content_panels + [FieldPanel("introduction")]

    #: Every query parameter the directory reads (its filters, the sort, the page number).
    cache_query_params = (*CoachFilterSet.base_filters, "sort", "page")

    def get_search_result_description(self):
        """What the site-wide search shows under the title (cascading_pages.search.site)."""
        return self.introduction or self.search_description

    def get_coaches(self):
        """Live, public coach pages under this directory, with what a card shows (their regions
        are added by the directory's search, from its snapshot when it can)."""
        return (
            CoachPage.objects.child_of(self)
            .live()
            .exclude(private_pages_q())
            .select_related("photo", "availability_state")
            .prefetch_related("photo__renditions")
            .order_by("title", "pk")
        )

    def get_directory(self):
        """The search behind this page (and its JSON answer in the API): override to change it."""
        return CoachDirectory(self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        results = self.get_directory().search(request.GET)
        context["results"] = results
        context["coaches"] = results.page
        return context

    def get_cache_query(self, request, response):
        """The directory's query as its filters understood it (terms by slug, the search's words,
        the page number shown, as asked for or when not the first), or None for an answer with
        errors or from a degraded search."""
        results = response.context_data["results"]
        if not results.is_valid or results.notice:
            return None
        cleaned = results.filterset.form.cleaned_data
        pairs = [("q", results.text)] if results.text else []
        for name in results.filterset.vocabulary_filters:
            pairs.extend((name, term.slug) for term in cleaned.get(name) or ())
        for name in ("accepting", "sort"):
            if cleaned.get(name):
                pairs.append((name, cleaned[name]))
        if results.page.number != 1 or "page" in request.GET:
            pairs.append(("page", str(results.page.number)))
        return pairs

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        results = response.context_data["results"]
        # Parameters the directory cannot use are explained on the page, with a 400 status.
        if results.errors:
            response.status_code = 400
        elif results.text and request.GET.get("page", "1") == "1":  # A new search, not its next page.
            # Recorded again whenever the page cache serves this answer.
            on_every_answer(request, record_search, request.GET.get("q", ""), results.count)
        return response
