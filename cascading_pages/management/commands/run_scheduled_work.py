"""Run the scheduled work (reminders, expiry, pauses, profile freshness) once; safe to repeat."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cascading_pages import scheduler


class Command(BaseCommand):
    help = (
        "Remind coaches, pass on or close unanswered expressions of interest, end pauses, ask coaches "
        "to confirm their profiles and lapse unconfirmed ones. Idempotent: run it from cron or a task "
        "worker as often as you like."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            help="Act as if it were this ISO date and time (for testing and catching up), e.g. 2026-05-01T09:00.",
        )

    def handle(self, *args, now=None, **options):
        if isinstance(now, str):
            try:
                parsed = datetime.datetime.fromisoformat(now)
            except ValueError:
                raise CommandError("--now needs an ISO date and time, e.g. 2026-05-01T09:00.") from None
            now = parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)
        report = scheduler.run(now)
        for line in report.lines():
            self.stdout.write(line)
