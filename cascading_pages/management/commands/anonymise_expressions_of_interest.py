from django.core.management.base import BaseCommand, CommandError

from cascading_pages.conf import conf
from cascading_pages.interest.models import ExpressionOfInterest
from cascading_pages.interest.personal_data import anonymise


class Command(BaseCommand):
    help = (
        "Anonymise expressions of interest older than the retention period "
        "(CASCADING_INTEREST_RETENTION_DAYS): names, contact details, free-text answers, notes and "
        "email history go; what the take-up overview counts stays. Safe to run daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Anonymise submissions older than this many days instead of the setting.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Only say how many would be anonymised.")

    def handle(self, *args, days=None, dry_run=False, **options):
        days = conf.CASCADING_INTEREST_RETENTION_DAYS if days is None else days
        if days < 1:
            raise CommandError("The retention period must be at least one day.")
        due = ExpressionOfInterest.objects.older_than(days).not_anonymised()
        if dry_run:
            self.stdout.write(
                f"{due.count()} expression(s) of interest older than {days} days would be anonymised."
            )
            return
        count = anonymise(due)
        self.stdout.write(f"Anonymised {count} expression(s) of interest older than {days} days.")
