from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.fields import RichTextField
from wagtail.models import Page, PageManager, PagePermissionTester
from wagtail.query import PageQuerySet
from wagtail.search import index

from cascading_pages.coaches.page_form import CoachPageForm
from cascading_pages.coaches.panels import AccountPanel, CoachManagementPanel
from cascading_pages.content.preview import HeadlessPreviewable
from cascading_pages.pagecache.pages import CachedForVisitors
from cascading_pages.search.indexing import schedule_index_update
from cascading_pages.search.pages import PublicPagesIndex
from cascading_pages.vocabularies.models import Community, ExpertiseArea, Language, Region, Sector


class Availability(models.TextChoices):
    AVAILABLE = "available", "Available"
    LIMITED = "limited", "Limited availability"
    FULL = "full", "Full: not taking new leaders"


class CoachPagePermissionTester(PagePermissionTester):
    """Only the programme team (who can publish profiles) copies, moves or deletes one.

    A coach has change permission on their own profile and nothing else; Wagtail would still let
    someone with change permission delete or move a profile that has never been published, and
    copy any page they can edit.
    """

    def is_programme_team(self):
        return self.user.is_active and (self.user.is_superuser or "publish" in self.permissions)

    def can_delete(self, ignore_bulk=False):
        return self.is_programme_team() and super().can_delete(ignore_bulk=ignore_bulk)

    def can_copy(self):
        return self.is_programme_team() and super().can_copy()


PRIVATE_COACH_FIELDS = ("contact_email", "account", "internal_notes")


def field_panels(panel):
    """Every ``FieldPanel`` inside ``panel`` (tabs, groups and all)."""
    if isinstance(panel, FieldPanel):
        yield panel
    for child in getattr(panel, "children", ()):
        yield from field_panels(child)


class CoachPageQuerySet(PageQuerySet):
    def accepting_new_leaders(self):
        """Coaches taking new leaders right now: the one answer the directory, the form and the API share.

        Reads the ``accepting_new_leaders`` column, which ``cascading_pages.coaches.availability.refresh``
        keeps equal to ``availability.is_accepting`` (declared availability, pause, capacity and
        profile freshness) and indexes as a search filter.
        """
        return self.filter(accepting_new_leaders=True)

    def not_accepting_new_leaders(self):
        return self.filter(accepting_new_leaders=False)


CoachPageManager = PageManager.from_queryset(CoachPageQuerySet)

# Who may see a coach's private details and invite, link or remove coach accounts.
MANAGE_COACH_ACCOUNTS = "cascading_pages.manage_coach_accounts"


class CoachPage(CachedForVisitors, PublicPagesIndex, HeadlessPreviewable, Page):
    """One coach's public profile. The page title is the coach's name."""

    parent_page_types = ["cascading_pages.CoachIndexPage"]
    subpage_types = []
    template = "cascading_pages/pages/coach_page.html"
    # A profile shows its own fields and availability record (``CoachAvailability``, a page part
    # for the page cache) besides what every page shows: changing one coach renders the lists of
    # coaches again, not every other profile.
    cache_shows_only_itself = True

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
    # Not content: written by cascading_pages.coaches.availability.refresh and kept out of revisions.
    # What the coach declares (available, limited, full) is not a page field either: it is on their
    # ``CoachAvailability`` record beside capacity and pause, and takes effect at once.
    accepting_new_leaders = models.BooleanField(
        default=True,
        editable=False,
        db_index=True,
        help_text="Whether the coach is taking new leaders right now; kept up to date automatically.",
    )
    summary = models.TextField(max_length=300, help_text="Two or three sentences for the directory card.")
    biography = RichTextField(
        features=["bold", "italic", "link", "ol", "ul"],
        help_text="The main text of the profile: the coach's background and what "
        "they bring to leaders. Leaders' searches of the directory include it.",
    )
    coaching_approach = RichTextField(
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text="Optional. How the coach works with leaders, shown under “Coaching approach” when filled in.",
    )

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
        index.FilterField("accepting_new_leaders"),
    ]
    # How the site-wide search shows a coach (see cascading_pages.search.site): public fields only.
    search_result_type = "Coach"

    content_panels = [
        # For the programme team: availability, login and leaders waiting, with Invite,
        # Availability and Remove beside them.
        CoachManagementPanel(permission=MANAGE_COACH_ACCOUNTS, heading="Coach"),
        FieldPanel("title", heading="Name"),
        FieldPanel("photo"),
        MultiFieldPanel(
            [FieldPanel("role"), FieldPanel("organisation"), FieldPanel("organisation_url")],
            heading="Role and organisation",
        ),
        FieldPanel("summary"),
        FieldPanel("biography"),
        FieldPanel("coaching_approach"),
        MultiFieldPanel(
            [
                FieldPanel("regions", widget=forms.CheckboxSelectMultiple),
                FieldPanel("expertise", widget=forms.CheckboxSelectMultiple),
                FieldPanel("sectors", widget=forms.CheckboxSelectMultiple),
                FieldPanel("communities", widget=forms.CheckboxSelectMultiple),
                FieldPanel("languages", widget=forms.CheckboxSelectMultiple),
            ],
            heading="Regions, expertise and languages",
        ),
    ]
    # A coach edits their own contact email; only the programme team sees the rest. The account
    # is read-only here: "Invite coach" and "Remove coach" manage it (see accounts.py), and the
    # field links to the invitation while there is no login.
    private_panels = [
        FieldPanel("contact_email"),
        AccountPanel("account", permission=MANAGE_COACH_ACCOUNTS),
        FieldPanel("internal_notes", permission=MANAGE_COACH_ACCOUNTS),
    ]

    # The address, title tag and menus: the programme team's, not the coach's (no Promote tab for them).
    promote_panels = [
        MultiFieldPanel(
            [
                FieldPanel("slug", permission=MANAGE_COACH_ACCOUNTS),
                FieldPanel("seo_title", permission=MANAGE_COACH_ACCOUNTS),
                FieldPanel("search_description", permission=MANAGE_COACH_ACCOUNTS),
            ],
            heading="For search engines",
        ),
        MultiFieldPanel(
            [FieldPanel("show_in_menus", permission=MANAGE_COACH_ACCOUNTS)], heading="For site menus"
        ),
    ]

    # A coach's photo and links: only what the chooser would offer them (content/forms.py); the form
    # speaks to a coach as "you" (coaches/page_form.py).
    base_form_class = CoachPageForm
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Profile"),
            ObjectList(private_panels, heading="Private"),
            ObjectList(promote_panels, heading="Promote", permission=MANAGE_COACH_ACCOUNTS),
            ObjectList(Page.settings_panels, heading="Settings"),
        ]
    )

    # A copy of a profile is a new coach: it must not carry over who they are.
    exclude_fields_in_copy = list(PRIVATE_COACH_FIELDS)

    objects = CoachPageManager()

    class Meta:
        verbose_name = "coach"
        permissions = [
            ("manage_coach_accounts", "Can see coaches' private details and manage their accounts"),
        ]

    def permissions_for_user(self, user):
        return CoachPagePermissionTester(user, self)

    @classmethod
    def editor_only_panels(cls):
        """The private fields only the programme team edits (a ``permission=`` on the panel): who
        may log in as the coach, and the team's notes. (The Promote tab's fields are the team's too,
        but they are ordinary content, kept in revisions.)"""
        return [panel for group in cls.private_panels for panel in field_panels(group) if panel.permission]

    def with_content_json(self, content):
        """What only the programme team edits is not part of a revision: reverting to an old one,
        or publishing a coach's draft, never re-links or unlinks an account or takes the team's notes
        back to an old version. They stay as they are now (``save_revision`` stores the team's own
        changes to them at once)."""
        page = super().with_content_json(content)
        for panel in self.editor_only_panels():
            attname = self._meta.get_field(panel.field_name).attname
            setattr(page, attname, getattr(self, attname))
        # Nor whether the coach is taking leaders now: that follows their availability record and
        # acceptances, not a draft. (Old revisions may still hold an "availability" value from when
        # it was a page field: there is no such field now, so it is ignored.)
        page.accepting_new_leaders = self.accepting_new_leaders
        return page

    def save_revision(self, user=None, *args, **kwargs):
        """A revision saved by someone who may edit the team's fields stores those on the page at
        once: no revision is ever read for them again (``with_content_json``)."""
        revision = super().save_revision(user, *args, **kwargs)
        changed = {
            panel.field_name: getattr(self, panel.field_name)
            for panel in self.editor_only_panels()
            if not panel.read_only and (user is None or user.has_perm(panel.permission))
        }
        if changed:
            type(self).objects.filter(pk=self.pk).update(**changed)
        return revision

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

    def get_search_result_description(self):
        return self.summary

    @cached_property
    def directory(self):
        """The directory (``CoachIndexPage``) this profile is listed in."""
        parent = self.get_parent()
        return parent.specific if parent is not None else None

    @cached_property
    def interest_page(self):
        """The expression of interest form of this coach's site, if it has one."""
        directory = self.directory
        home = directory.get_parent().specific if directory is not None else None
        return home.get_interest_page() if hasattr(home, "get_interest_page") else None

    @property
    def is_accepting_new_leaders(self):
        """For one page; ``CoachPage.objects.accepting_new_leaders()`` is the same answer for many."""
        return self.accepting_new_leaders

    @property
    def is_full(self):
        return not self.accepting_new_leaders

    @property
    def declared_availability(self):
        """What the coach declares on their availability record: available, limited or full."""
        state = self.state
        return state.declared if state is not None else Availability.AVAILABLE

    @property
    def shown_availability(self):
        """The availability visitors see: "full" whenever the coach is not taking new leaders."""
        return self.declared_availability if self.accepting_new_leaders else Availability.FULL

    @property
    def shown_availability_label(self):
        return Availability(self.shown_availability).label

    @property
    def state(self):
        """The coach's capacity, pause and freshness record (``CoachAvailability``), or None."""
        try:
            return self.availability_state
        except models.ObjectDoesNotExist:
            return None

    @property
    def available_again_on(self):
        """The date a paused coach said they take leaders again, if they gave one and it is to come."""
        state = self.state
        if state is None or self.accepting_new_leaders or not state.paused:
            return None
        return state.available_again_on

    @property
    def profile_confirmed_at(self):
        state = self.state
        return state.confirmed_at if state is not None else None

    @property
    def photo_alt_text(self):
        return self.photo.default_alt_text if self.photo else ""


class CoachAvailability(models.Model):
    """What a coach's availability rests on: what they declare, capacity, a pause, and freshness.

    This is a separate row, not page fields, on purpose: a coach declares themselves full, changes
    their capacity or pauses at once, without waiting for an editor to approve a revision;
    publishing an old revision must never undo it; and accepting a leader locks this row
    (``select_for_update``), never the page that editors publish. The rule that turns it into "accepting new leaders" is in
    ``cascading_pages.coaches.availability``.
    """

    coach = models.OneToOneField(
        CoachPage, primary_key=True, on_delete=models.CASCADE, related_name="availability_state"
    )
    declared = models.CharField(
        "my availability",
        max_length=20,
        choices=Availability.choices,
        default=Availability.AVAILABLE,
        help_text="“Full” shows you as not taking new leaders, at once, whatever your capacity.",
    )
    capacity = models.PositiveSmallIntegerField(
        "leaders I can coach at once",
        default=2,
        validators=[MaxValueValidator(20)],
        help_text="Leaders you have accepted and are coaching count towards this.",
    )
    paused = models.BooleanField(
        "pause new leaders",
        default=False,
        help_text="For a holiday or a busy period: you show as not taking new leaders.",
    )
    available_again_on = models.DateField(
        "available again from",
        null=True,
        blank=True,
        help_text="Optional. Shown in the directory; the pause ends by itself on this day.",
    )
    confirmed_at = models.DateTimeField(
        default=timezone.now, help_text="When the coach last confirmed their profile is up to date."
    )
    prompted_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the coach was last asked whether their profile is still accurate.",
    )
    lapsed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the profile dropped out of “accepting new leaders” for want of a confirmation.",
    )

    class Meta:
        verbose_name = "coach availability"
        verbose_name_plural = "coach availability"

    def __str__(self):
        return f"Availability of {self.coach.title}"

    def is_paused_on(self, day):
        """Paused on ``day``: a pause with a date ends on that date even before the scheduler runs."""
        return self.paused and (self.available_again_on is None or day < self.available_again_on)
