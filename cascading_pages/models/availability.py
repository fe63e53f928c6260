"""What a coach's availability rests on besides their profile: capacity, a pause, and freshness.

This is a separate row, not page fields, on purpose: a coach changes their capacity or pauses at
once, without waiting for an editor to approve a revision; publishing an old revision must never
undo it; and accepting a leader locks this row (``select_for_update``), never the page that
editors publish. The rule that turns it into "accepting new leaders" is in
``cascading_pages.availability``.
"""

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone

from .coaches import CoachPage


class CoachAvailability(models.Model):
    coach = models.OneToOneField(
        CoachPage, primary_key=True, on_delete=models.CASCADE, related_name="availability_state"
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


class UsedLink(models.Model):
    """A signed email link that has been used, so that it works only once (see ``signed_links``)."""

    nonce = models.CharField(max_length=64, unique=True)
    purpose = models.CharField(max_length=40)
    used_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "used email link"

    def __str__(self):
        return f"{self.purpose} link used at {self.used_at:%d %b %Y %H:%M}"
