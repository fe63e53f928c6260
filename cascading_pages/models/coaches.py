from django import forms
from django.conf import settings
from django.db import models
from django.utils.functional import cached_property
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from search.indexing import schedule_index_update

from .vocabularies import Community, ExpertiseArea, Language, Region, Sector


class Availability(models.TextChoices):
    AVAILABLE = "available", "Available"
    LIMITED = "limited", "Limited availability"
    FULL = "full", "Full: not taking new leaders"


class CoachIndexPage(Page):
    """The coach directory: every live coach under it, searchable and filterable, a page at a time."""

    parent_page_types = ["cascading_pages.HomePage"]
    subpage_types = ["cascading_pages.CoachPage"]
    max_count_per_parent = 1
    template = "cascading_pages/pages/coach_index_page.html"

    introduction = models.TextField(max_length=1000, blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]

    def get_coaches(self):
        """Live, public coach pages under this directory, with what a card shows."""
        return (
            CoachPage.objects.child_of(self)
            .live()
            .public()
            .select_related("photo")
            .prefetch_related("regions", "photo__renditions")
            .order_by("title", "pk")
        )

    def get_directory(self):
        """The search behind this page (and its JSON endpoint): override to change it."""
        from search.directory import CoachDirectory

        return CoachDirectory(self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        results = self.get_directory().search(request.GET)
        context["results"] = results
        context["coaches"] = results.page
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        # Parameters the directory cannot use are explained on the page, with a 400 status.
        if response.context_data["results"].errors:
            response.status_code = 400
        return response


PRIVATE_COACH_FIELDS = ("contact_email", "account", "internal_notes")


class CoachPage(Page):
    """One coach's public profile. The page title is the coach's name."""

    parent_page_types = ["cascading_pages.CoachIndexPage"]
    subpage_types = []
    template = "cascading_pages/pages/coach_page.html"

    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A head-and-shoulders photo. Give the image a description: it is the alt text.",
    )
    role = models.CharField(max_length=120, help_text="For example “Chief executive”.")
    organisation = models.CharField(max_length=200)
    organisation_url = models.URLField("organisation website", blank=True)
    regions = ParentalManyToManyField(Region, blank=True, related_name="coaches")
    expertise = ParentalManyToManyField(
        ExpertiseArea, blank=True, related_name="coaches", verbose_name="areas of expertise"
    )
    sectors = ParentalManyToManyField(Sector, blank=True, related_name="coaches")
    communities = ParentalManyToManyField(
        Community,
        blank=True,
        related_name="coaches",
        help_text="Communities the coach's organisation is led by and for. Optional and self-declared.",
    )
    languages = ParentalManyToManyField(
        Language, blank=True, related_name="coaches", help_text="Languages the coach can coach in."
    )
    availability = models.CharField(
        max_length=20, choices=Availability.choices, default=Availability.AVAILABLE
    )
    summary = models.TextField(max_length=300, help_text="Two or three sentences for the directory card.")
    biography = RichTextField(features=["bold", "italic", "link", "ol", "ul"])
    coaching_approach = RichTextField(blank=True, features=["bold", "italic", "link", "ol", "ul"])

    # Private: never rendered publicly, never in a public API or search result.
    contact_email = models.EmailField(
        help_text="Private. Where expressions of interest are sent; never shown publicly."
    )
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coach_page",
        help_text="Private. The coach's login, which lets them edit this profile.",
    )
    internal_notes = models.TextField(blank=True, help_text="Private notes for the programme team.")

    search_fields = Page.search_fields + [
        index.SearchField("title", boost=4),
        index.AutocompleteField("title"),
        index.SearchField("organisation", boost=2),
        index.SearchField("role"),
        index.SearchField("summary"),
        index.SearchField("biography"),
        index.SearchField("coaching_approach"),
        index.RelatedFields("expertise", [index.SearchField("name")]),
        index.RelatedFields("sectors", [index.SearchField("name")]),
        index.RelatedFields("communities", [index.SearchField("name")]),
        index.FilterField("availability"),
    ]

    content_panels = [
        FieldPanel("title", heading="Name"),
        FieldPanel("photo"),
        MultiFieldPanel(
            [FieldPanel("role"), FieldPanel("organisation"), FieldPanel("organisation_url")],
            heading="Role and organisation",
        ),
        FieldPanel("summary"),
        FieldPanel("biography"),
        FieldPanel("coaching_approach"),
        FieldPanel("availability"),
        MultiFieldPanel(
            [
                FieldPanel("regions", widget=forms.CheckboxSelectMultiple),
                FieldPanel("expertise", widget=forms.CheckboxSelectMultiple),
                FieldPanel("sectors", widget=forms.CheckboxSelectMultiple),
                FieldPanel("communities", widget=forms.CheckboxSelectMultiple),
                FieldPanel("languages", widget=forms.CheckboxSelectMultiple),
            ],
            heading="Where and how they coach",
        ),
    ]
    private_panels = [
        FieldPanel("contact_email"),
        FieldPanel("account"),
        FieldPanel("internal_notes"),
    ]

    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Profile"),
            ObjectList(private_panels, heading="Private"),
            ObjectList(Page.promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ]
    )

    # A copy of a profile is a new coach: it must not carry over who they are.
    exclude_fields_in_copy = list(PRIVATE_COACH_FIELDS)

    class Meta:
        verbose_name = "coach"

    def save(self, *args, **kwargs):
        result = super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        vocabularies = {f.name for f in self._meta.many_to_many if isinstance(f, ParentalManyToManyField)}
        if getattr(self, "search_auto_update", True) and (
            update_fields is None or vocabularies.intersection(update_fields)
        ):
            # ClusterableModel stores regions, expertise and the other vocabularies after Django's
            # post_save, and post_save is what updates the search index: left alone, the index
            # would describe the coach as they were one save ago. Index again now they are stored.
            schedule_index_update(self)
        return result

    @cached_property
    def directory(self):
        return CoachIndexPage.objects.parent_of(self).first()

    @property
    def is_full(self):
        return self.availability == Availability.FULL

    @property
    def photo_alt_text(self):
        return self.photo.default_alt_text if self.photo else ""
