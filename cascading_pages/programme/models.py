"""The programme's site settings, each under *Settings* in the admin, one per site:
``ProgrammeSettings`` (how it follows up), ``ProgrammeEmails`` (the programme's words in its emails)
and ``SiteFooter`` (the footer of every public page)."""

import logging

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.contrib.forms.models import validate_to_address
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Site

from cascading_pages.programme.wording import PlaceholderValidator, fill, listed

logger = logging.getLogger(__name__)


def site_id_of(page):
    """The id of the site ``page`` is in, as Wagtail finds it for the page's URL, or None.

    Wagtail keeps the sites' root paths in the cache: usually no query.
    """
    parts = page.get_url_parts() if page is not None else None
    return parts[0] if parts else None


class PerSite:
    """``for_page`` and ``for_site_id`` for a site setting: read, never created, by the plugin."""

    @classmethod
    def for_page(cls, page):
        """The settings of the site ``page`` is in: a coach's profile, or a submission's form page.

        One query, once Wagtail has the sites' root paths cached. A page in no site, or in a site
        whose settings were never saved, gets the defaults (unsaved). Reading never creates a row:
        the admin does, when an editor opens the settings.
        """
        return cls.for_site_id(site_id_of(page))

    @classmethod
    def for_site_id(cls, site_id):
        found = cls.objects.filter(site_id=site_id).first() if site_id is not None else None
        return found if found is not None else cls(site_id=site_id)

    @classmethod
    def for_request(cls, request):
        """The settings of the request's site, read once per request, as Wagtail's ``{{ settings }}``
        in templates asks for them. Unlike Wagtail's own, reading never saves a row: a visitor's page
        view writes nothing (which would also keep the page out of the page cache)."""
        attr_name = cls.get_cache_attr_name()
        if not hasattr(request, attr_name):
            site = Site.find_for_request(request)
            setattr(request, attr_name, cls.for_site_id(site.pk if site is not None else None))
        return getattr(request, attr_name)


@register_setting(icon="cog")
class ProgrammeSettings(PerSite, BaseSiteSetting):
    """How the programme follows up expressions of interest and keeps coach profiles fresh."""

    # Coaches' answers
    days_to_answer = models.PositiveSmallIntegerField(
        default=10,
        validators=[MinValueValidator(2), MaxValueValidator(60)],
        help_text=(
            "Days a coach has to accept or decline. Without an answer by then (and at least two days "
            "after the reminder), the leader is passed to their second choice or told what to do next."
        ),
    )
    remind_after_days = models.PositiveSmallIntegerField(
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(59)],
        help_text=(
            "Days after asking a coach that one reminder is sent, if they have not answered. Usually a "
            "few days before the deadline above."
        ),
    )
    # Fresh profiles
    profile_check_days = models.PositiveSmallIntegerField(
        "ask coaches to confirm their profile every (days)",
        default=183,
        validators=[MinValueValidator(7), MaxValueValidator(1000)],
        help_text="183 days is about six months. Coaches get a “still accurate?” email with a one-click confirm.",
    )
    profile_lapse_days = models.PositiveSmallIntegerField(
        "unconfirmed profiles stop taking leaders after (days)",
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=(
            "Days after that email without a confirmation before the coach shows as not taking new "
            "leaders. The programme inbox is told."
        ),
    )
    # Leaders
    one_open_per_leader = models.BooleanField(
        "one open expression of interest per leader",
        default=True,
        help_text=(
            "A leader whose earlier expression of interest is still waiting or in coaching cannot send "
            "another: the form thanks whoever sent it as usual (it never says who has applied), and the "
            "leader is emailed where the first one stands."
        ),
    )
    # Programme inbox
    inbox = models.CharField(
        "programme inbox",
        max_length=255,
        validators=[validate_to_address],
        help_text=(
            "Every expression of interest is emailed here, and so is the news of coach profiles that "
            "lapse. Separate several addresses with commas."
        ),
    )
    from_address = models.EmailField(
        "send emails from",
        max_length=255,
        blank=True,
        help_text=(
            "The sender of the emails about expressions of interest, to leaders, coaches and the "
            "programme inbox. Leave it empty to use the site's usual sender address."
        ),
    )
    inbox_subject = models.CharField(
        "subject of the programme inbox's email",
        max_length=255,
        blank=True,
        help_text="Leave it empty for “New expression of interest for” and the coach's name.",
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("days_to_answer"), FieldPanel("remind_after_days")], heading="Coaches' answers"
        ),
        MultiFieldPanel(
            [FieldPanel("profile_check_days"), FieldPanel("profile_lapse_days")], heading="Fresh profiles"
        ),
        MultiFieldPanel([FieldPanel("one_open_per_leader")], heading="Leaders"),
        MultiFieldPanel(
            [FieldPanel("inbox"), FieldPanel("from_address"), FieldPanel("inbox_subject")],
            heading="Programme inbox",
        ),
    ]

    class Meta:
        verbose_name = "programme settings"
        verbose_name_plural = "programme settings"

    @property
    def inbox_addresses(self):
        return [address.strip() for address in self.inbox.split(",") if address.strip()]


class SettingsPerSite:
    """``for_page`` that reads each site's settings (``ProgrammeSettings`` unless another
    ``setting`` is given) once, for work over many pages in one go.

    The scheduled work makes one per run: a change an editor saves during a run waits for the next.
    """

    def __init__(self, setting=None):
        self._setting = setting or ProgrammeSettings
        self._by_site = {}

    def for_page(self, page):
        site_id = site_id_of(page)
        if site_id not in self._by_site:
            self._by_site[site_id] = self._setting.for_site_id(site_id)
        return self._by_site[site_id]


# The programme's words in its emails

LEADER_AND_COACH = ("leader_name", "coach_name")


def wording(label, default, placeholders=(), *, paragraph=False, help_text=""):
    """A field for some of an email's words, which may use ``placeholders`` (names) in braces."""
    offer = f"You can use {listed(placeholders)}." if placeholders else ""
    options = {
        "default": default,
        "validators": [PlaceholderValidator(placeholders)],
        "help_text": " ".join(part for part in (help_text, offer) if part),
    }
    if paragraph:
        return models.TextField(label, **options)
    return models.CharField(label, max_length=255, **options)


def _subject(default, placeholders=LEADER_AND_COACH):
    return wording("subject", default, placeholders)


def _opening(default, placeholders=LEADER_AND_COACH):
    return wording(
        "opening paragraph",
        default,
        placeholders,
        paragraph=True,
        help_text="After “Dear …,”. What follows it (the details, the links) is written by the site.",
    )


@register_setting(icon="mail")
class ProgrammeEmails(PerSite, BaseSiteSetting):
    """The programme's own words in the emails it sends leaders and coaches: subject lines, opening
    and closing paragraphs, the sign-off. The facts in between (details, dates, links) stay the
    site's. Each text may use the placeholders its email offers: ``text(field, **values)`` fills them.
    """

    # Every email
    sign_off = wording(
        "sign-off",
        "Cascading Leadership",
        help_text="The last line of the emails to leaders and coaches about expressions of interest and profiles.",
    )
    # Leaders
    leader_received_subject = _subject("We have received your expression of interest: Cascading Leadership")
    leader_received_opening = _opening(
        "Thank you for registering your interest in working with {coach_name} through Cascading Leadership."
    )
    leader_accepted_subject = _subject("Your coach has accepted: Cascading Leadership")
    leader_accepted_opening = _opening(
        "Good news: {coach_name} has accepted your expression of interest and would be glad to coach you "
        "through Cascading Leadership."
    )
    leader_passed_on_subject = _subject("News about your coach: Cascading Leadership")
    leader_not_matched_subject = _subject("News about your coach: Cascading Leadership")
    leader_not_matched_closing = wording(
        "closing paragraph",
        "We are sorry for the wait, and we hope you find the right coach soon.",
        ("leader_name",),
        paragraph=True,
        help_text="Before the sign-off, after the steps to choose another coach.",
    )
    leader_already_open_subject = _subject("Your expression of interest: Cascading Leadership")
    # Coaches
    coach_received_subject = _subject("A leader would like to work with you: Cascading Leadership")
    coach_received_opening = _opening(
        "{leader_name} would like to work with you through Cascading Leadership."
    )
    coach_offer_subject = _subject("A leader would like to work with you: Cascading Leadership")
    coach_offer_opening = _opening(
        "{leader_name} would like to work with you through Cascading Leadership. You were their second "
        "choice of coach, and their first choice could not take them on."
    )
    coach_reminder_subject = _subject("Reminder: a leader is waiting for your answer")
    profile_check_subject = _subject("Is your Cascading Leadership profile still accurate?", ("coach_name",))
    profile_check_opening = _opening(
        "Leaders choose their coach from the Cascading Leadership directory, so it matters that your "
        "profile is right.",
        ("coach_name",),
    )
    # Coaches' logins
    invitation_subject = _subject(
        "Set your password to update your {site_name} coach profile", ("coach_name", "site_name")
    )
    changes_sent_subject = _subject("Your profile changes are sent for approval", ("coach_name",))
    changes_requested_subject = _subject(
        "The programme team asked for changes to your profile", ("coach_name",)
    )
    changes_approved_subject = _subject("Your profile changes are live", ("coach_name",))

    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    MultiFieldPanel(
                        [FieldPanel("leader_received_subject"), FieldPanel("leader_received_opening")],
                        heading="When a leader sends an expression of interest",
                    ),
                    MultiFieldPanel(
                        [FieldPanel("leader_accepted_subject"), FieldPanel("leader_accepted_opening")],
                        heading="When their coach accepts",
                    ),
                    MultiFieldPanel(
                        [FieldPanel("leader_passed_on_subject")],
                        heading="When they are passed on to their second choice",
                    ),
                    MultiFieldPanel(
                        [FieldPanel("leader_not_matched_subject"), FieldPanel("leader_not_matched_closing")],
                        heading="When no coach could take them on",
                    ),
                    MultiFieldPanel(
                        [FieldPanel("leader_already_open_subject")],
                        heading="When they try to send a second one while the first is open",
                    ),
                ],
                heading="Emails to leaders",
            ),
            ObjectList(
                [
                    MultiFieldPanel(
                        [FieldPanel("coach_received_subject"), FieldPanel("coach_received_opening")],
                        heading="When a leader chooses them",
                    ),
                    MultiFieldPanel(
                        [FieldPanel("coach_offer_subject"), FieldPanel("coach_offer_opening")],
                        heading="When a leader is passed on to them as second choice",
                    ),
                    MultiFieldPanel(
                        [FieldPanel("coach_reminder_subject")], heading="When they have not answered yet"
                    ),
                    MultiFieldPanel(
                        [FieldPanel("profile_check_subject"), FieldPanel("profile_check_opening")],
                        heading="When it is time to confirm their profile",
                    ),
                    MultiFieldPanel(
                        [
                            FieldPanel("invitation_subject"),
                            FieldPanel("changes_sent_subject"),
                            FieldPanel("changes_requested_subject"),
                            FieldPanel("changes_approved_subject"),
                        ],
                        heading="Subjects of the emails about their login and profile changes",
                    ),
                ],
                heading="Emails to coaches",
            ),
            ObjectList([FieldPanel("sign_off")], heading="Sign-off"),
        ]
    )

    class Meta:
        verbose_name = "programme emails"
        verbose_name_plural = "programme emails"

    def text(self, field, **values):
        """The field's words with ``values`` in place of its placeholders.

        A text saved around the form (from a shell, say) that cannot be filled is logged and the
        default words go instead: an email is never lost to its wording.
        """
        try:
            return fill(getattr(self, field), values)
        except (KeyError, ValueError):
            logger.warning("The programme emails' %s cannot be filled; its default words were sent.", field)
            return fill(self._meta.get_field(field).default, values)

    def subject(self, field, **values):
        """``text``, on one line, as an email subject must be."""
        return " ".join(self.text(field, **values).split())


# The footer


class FooterLinkValue(blocks.StructValue):
    @property
    def href(self):
        """The page's address if it is live, else the web address; "" for neither."""
        page = self.get("page")
        if page is not None and page.live:
            return page.url or ""
        return self.get("url") or ""


class FooterLinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=60, help_text="The words of the link, such as “Privacy”.")
    page = blocks.PageChooserBlock(required=False, help_text="A page of this site…")
    url = blocks.URLBlock(required=False, label="or web address", help_text="…or an address elsewhere.")

    class Meta:
        icon = "link"
        value_class = FooterLinkValue

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise blocks.StructBlockValidationError(
                block_errors={"url": ValidationError("Choose a page or give a web address: one of them.")}
            )
        return value


@register_setting(icon="doc-full")
class SiteFooter(PerSite, BaseSiteSetting):
    """The words and links at the foot of every public page."""

    text = RichTextField(
        "footer text",
        blank=True,
        features=["bold", "italic", "link"],
        help_text="Leave it empty to keep the words the site came with.",
    )
    contact_email = models.EmailField(
        "programme team's email address",
        blank=True,
        help_text="Shown as “Contact the programme team”. Leave it empty to show none.",
    )
    links = StreamField(
        [("link", FooterLinkBlock())],
        blank=True,
        help_text="Links shown in a row under the text, such as a privacy notice or accessibility statement.",
    )

    panels = [
        FieldPanel("text"),
        FieldPanel("contact_email"),
        FieldPanel("links"),
    ]

    class Meta:
        verbose_name = "footer"
        verbose_name_plural = "footer"
