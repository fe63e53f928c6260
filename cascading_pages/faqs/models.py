from itertools import groupby

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.rich_text import get_text_for_indexing
from wagtail.search import index

from cascading_pages.content.preview import HeadlessPreviewable
from cascading_pages.pagecache.pages import CachedForVisitors
from cascading_pages.search.pages import PublicPagesIndex
from cascading_pages.vocabularies.models import Vocabulary


class FaqCategory(Vocabulary):
    """A heading the FAQ index groups its entries under."""

    class Meta(Vocabulary.Meta):
        verbose_name = "FAQ category"
        verbose_name_plural = "FAQ categories"


class FaqIndexPage(CachedForVisitors, PublicPagesIndex, HeadlessPreviewable, Page):
    """All frequently asked questions, grouped by category."""

    parent_page_types = ["cascading_pages.HomePage"]
    subpage_types = ["cascading_pages.FaqPage"]
    max_count_per_parent = 1
    template = "cascading_pages/pages/faq_index_page.html"

    introduction = models.TextField(
        max_length=500, blank=True, help_text="Shown under the page title, above the questions."
    )

    content_panels = Page.content_panels + [FieldPanel("introduction")]

    def get_search_result_description(self):
        """What the site-wide search shows under the title (cascading_pages.search.site)."""
        return self.introduction or self.search_description

    def get_entries(self):
        """Live, public FAQ entries under this index, in category then editor order."""
        return (
            FaqPage.objects.child_of(self)
            .live()
            .public()
            .select_related("category")
            .order_by("category__sort_order", "category__name", "sort_order", "title")
        )

    def get_entries_by_category(self):
        """[(category or None, [entry, ...]), ...] in the order editors set."""
        return [
            (category, list(entries))
            for category, entries in groupby(self.get_entries(), key=lambda entry: entry.category)
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["entries_by_category"] = self.get_entries_by_category()
        return context

    class Meta:
        verbose_name = "FAQ index page"


class FaqPage(CachedForVisitors, PublicPagesIndex, HeadlessPreviewable, Page):
    """One question and its answer; the page title is the question."""

    parent_page_types = ["cascading_pages.FaqIndexPage"]
    subpage_types = []
    template = "cascading_pages/pages/faq_page.html"

    answer = RichTextField(features=["bold", "italic", "link", "ol", "ul", "h3"])
    category = models.ForeignKey(
        FaqCategory,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="entries",
        help_text="The heading this question is listed under on the FAQ page (without one: “Other "
        "questions”). Categories are kept under Vocabularies.",
    )
    sort_order = models.PositiveIntegerField(
        default=0, help_text="Position within its category; lower numbers come first."
    )

    search_fields = Page.search_fields + [
        index.SearchField("answer"),
        index.FilterField("category"),
    ]
    # How the site-wide search shows an entry (see cascading_pages.search.site).
    search_result_type = "FAQ"

    content_panels = [
        FieldPanel("title", heading="Question"),
        FieldPanel("answer"),
        FieldPanel("category"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        verbose_name = "FAQ entry"
        verbose_name_plural = "FAQ entries"

    def get_search_result_description(self):
        """The answer as plain text: the site-wide search shows its opening words."""
        return get_text_for_indexing(self.answer)

    @property
    def anchor(self):
        return f"faq-{self.slug}"
