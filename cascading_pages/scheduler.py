"""The scheduled work, in one place: ``run(now)``, called by ``manage.py run_scheduled_work``.

Reminders to coaches, expressions of interest passed on or closed for want of an answer, pauses
that end by date, "still accurate?" emails and profiles that lapse without a confirmation. Each
step records what it did before or as it sends, so running it twice (or late) sends nothing twice:
run it from cron or a task worker as often as you like (hourly is plenty). The days each step waits
are each site's ``ProgrammeSettings``, read once per run.
"""

import datetime
from dataclasses import dataclass, field

from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from cascading_pages.coaches import availability
from cascading_pages.coaches.models import CoachAvailability
from cascading_pages.interest import responses
from cascading_pages.mail import outbox
from cascading_pages.programme.models import ProgrammeEmails, SettingsPerSite
from cascading_pages.public_url import page_url, public_url
from cascading_pages.signed_links import PROFILE_CHECK, make_token


@dataclass
class Report:
    reminded: list = field(default_factory=list)
    expired: list = field(default_factory=list)
    pauses_ended: list = field(default_factory=list)
    profile_checks_sent: list = field(default_factory=list)
    profiles_lapsed: list = field(default_factory=list)
    flags_changed: int = 0

    def lines(self):
        return [
            f"Coaches reminded: {len(self.reminded)}",
            f"Expressions of interest passed on or closed without an answer: {len(self.expired)}",
            f"Pauses ended: {len(self.pauses_ended)}",
            f"“Still accurate?” emails sent: {len(self.profile_checks_sent)}",
            f"Profiles lapsed: {len(self.profiles_lapsed)}",
            f"Coaches whose “accepting new leaders” changed otherwise: {self.flags_changed}",
        ]


def run(now=None):
    now = now or timezone.now()
    programme_settings = SettingsPerSite()
    report = Report()
    report.reminded = responses.send_reminders(now, programme_settings)
    report.expired = responses.expire_unanswered(now, programme_settings)
    report.pauses_ended = availability.end_pauses(now)
    report.profile_checks_sent = send_profile_checks(now, programme_settings)
    report.profiles_lapsed = lapse_unconfirmed_profiles(now, programme_settings)
    report.flags_changed = availability.refresh_all(now)
    return report


def profile_check_url(coach):
    token = make_token(PROFILE_CHECK, coach.pk)
    return public_url(reverse("cascading_profile_check", args=[token]), page=coach)


def send_profile_checks(now, programme_settings=None):
    """Ask each coach whose confirmation is due whether their profile is still accurate, once."""
    programme_settings = programme_settings or SettingsPerSite()
    emails_per_site = SettingsPerSite(ProgrammeEmails)
    sent = []
    states = CoachAvailability.objects.filter(prompted_at__isnull=True, coach__live=True)
    for state in states.select_related("coach"):
        coach = state.coach
        programme = programme_settings.for_page(coach)
        if not availability.profile_check_due(state, programme, now) or not coach.contact_email:
            continue
        with transaction.atomic():
            # Recorded with the email queued: a failed one is kept in the outbox, never queued twice.
            if not CoachAvailability.objects.filter(pk=state.pk, prompted_at__isnull=True).update(
                prompted_at=now
            ):
                continue
            emails = emails_per_site.for_page(coach)
            context = {
                "coach": coach,
                "confirmed_at": state.confirmed_at,
                "confirm_url": profile_check_url(coach),
                "profile_url": page_url(coach),
                "lapse_on": now + datetime.timedelta(days=programme.profile_lapse_days),
                "words": emails.text("profile_check_opening", coach_name=coach.title),
                "sign_off": emails.text("sign_off"),
            }
            _queue(
                "coaches.profile-check",
                emails.subject("profile_check_subject", coach_name=coach.title),
                "cascading_pages/emails/profile_check_coach.txt",
                context,
                [coach.contact_email],
                about=coach,
            )
        sent.append(coach)
    return sent


def lapse_unconfirmed_profiles(now, programme_settings=None):
    """Profiles not confirmed in time stop taking new leaders; each programme inbox is told once."""
    programme_settings = programme_settings or SettingsPerSite()
    lapsed_by_inbox = {}
    states = CoachAvailability.objects.filter(prompted_at__isnull=False, lapsed_at__isnull=True)
    for state in states.select_related("coach"):
        coach = state.coach
        programme = programme_settings.for_page(coach)
        if not availability.profile_lapse_due(state, programme, now):
            continue
        with transaction.atomic():
            if not CoachAvailability.objects.filter(pk=state.pk, lapsed_at__isnull=True).update(
                lapsed_at=now
            ):
                continue
            availability.refresh(coach, now)
        lapsed_by_inbox.setdefault(tuple(programme.inbox_addresses), []).append((coach, state))
    for addresses, lapsed in lapsed_by_inbox.items():
        if addresses:
            _queue(
                "coaches.profiles-lapsed",
                f"{len(lapsed)} coach profile(s) no longer taking new leaders",
                "cascading_pages/emails/profiles_lapsed_programme.txt",
                {"lapsed": lapsed, "admin_url": public_url(reverse("wagtailadmin_home"))},
                list(addresses),
            )
    return [coach for lapsed in lapsed_by_inbox.values() for coach, _ in lapsed]


def _queue(kind, subject, template, context, to, about=None):
    """Queue the email in the outbox: sent once the step's transaction commits, kept if it fails."""
    message = EmailMessage(subject, render_to_string(template, context), None, to)
    outbox.queue(message, kind=kind, about=about)
