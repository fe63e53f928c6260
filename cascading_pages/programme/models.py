"""``ProgrammeSettings``: one per site, under *Settings › Programme settings* in the admin."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.forms.models import validate_to_address
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


def site_id_of(page):
    """The id of the site ``page`` is in, as Wagtail finds it for the page's URL, or None.

    Wagtail keeps the sites' root paths in the cache: usually no query.
    """
    parts = page.get_url_parts() if page is not None else None
    return parts[0] if parts else None


@register_setting(icon="cog")
class ProgrammeSettings(BaseSiteSetting):
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

    @classmethod
    def for_page(cls, page):
        """The settings of the site ``page`` is in: a coach's profile, or a submission's form page.

        One query, once Wagtail has the sites' root paths cached. A page in no site, or in a site
        whose settings were never saved, gets the defaults (unsaved, with no inbox). Reading never
        creates a row: the admin does, when an editor opens the settings.
        """
        return cls.for_site_id(site_id_of(page))

    @classmethod
    def for_site_id(cls, site_id):
        found = cls.objects.filter(site_id=site_id).first() if site_id is not None else None
        return found if found is not None else cls(site_id=site_id)

    @property
    def inbox_addresses(self):
        return [address.strip() for address in self.inbox.split(",") if address.strip()]


class SettingsPerSite:
    """``for_page`` that reads each site's settings once, for work over many pages in one go.

    The scheduled work makes one per run: a change an editor saves during a run waits for the next.
    """

    def __init__(self):
        self._by_site = {}

    def for_page(self, page):
        site_id = site_id_of(page)
        if site_id not in self._by_site:
            self._by_site[site_id] = ProgrammeSettings.for_site_id(site_id)
        return self._by_site[site_id]
