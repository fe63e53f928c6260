from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.coreutils import resolve_model_string
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cascading_pages.content.blocks import ContentStreamBlock
from cascading_pages.content.preview import HeadlessPreviewable
from cascading_pages.pagecache.pages import CachedForVisitors
from cascading_pages.search.pages import PublicPagesIndex


class ContentPage(CachedForVisitors, PublicPagesIndex, HeadlessPreviewable, Page):
    """A page of programme text: a short introduction and a body of content blocks."""

    introduction = models.TextField(
        max_length=500, blank=True, help_text="One or two sentences shown under the page title."
    )
    body = StreamField(ContentStreamBlock(), blank=True)

    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("body"),
    ]

    class Meta:
        abstract = True

    def get_search_result_description(self):
        """What the site-wide search shows under the title (cascading_pages.search.site)."""
        return self.introduction or self.search_description


class HomePage(ContentPage):
    """The programme's landing page."""

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "cascading_pages.StandardPage",
        "cascading_pages.CoachIndexPage",
        "cascading_pages.FaqIndexPage",
        "cascading_pages.ExpressionOfInterestPage",
    ]
    template = "cascading_pages/pages/home_page.html"

    def get_child_of_type(self, model_string):
        """The first live, public child page of one type ("app_label.ModelName"), as that type.

        Named, not imported: the concerns that define these pages build on this one.
        """
        model = resolve_model_string(model_string)
        return model.objects.child_of(self).live().public().first()

    def get_directory(self):
        """The coach directory under this home page, for the "find a coach" link."""
        return self.get_child_of_type("cascading_pages.CoachIndexPage")

    def get_interest_page(self):
        """The expression of interest form under this home page, for coach profiles' links."""
        return self.get_child_of_type("cascading_pages.ExpressionOfInterestPage")


class StandardPage(ContentPage):
    """Any other page of programme text: about, cost and bursaries, privacy notice."""

    parent_page_types = ["cascading_pages.HomePage", "cascading_pages.StandardPage"]
    subpage_types = ["cascading_pages.StandardPage"]
    template = "cascading_pages/pages/standard_page.html"
