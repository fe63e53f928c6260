from django.core.management.base import BaseCommand

from cascading_pages.interest.mail import send_queued_emails
from cascading_pages.interest.models import ExpressionOfInterest, InterestEmail


class Command(BaseCommand):
    help = "Try again to send every email about an expression of interest that has not been sent."

    def handle(self, *args, **options):
        pending = ExpressionOfInterest.objects.filter(
            pk__in=InterestEmail.objects.exclude(state=InterestEmail.State.SENT).values("submission")
        )
        tried = failed = 0
        for submission in pending.iterator():
            tried += 1
            failed += send_queued_emails(submission)
        self.stdout.write(f"Tried {tried} expression(s) of interest; {failed} email(s) still failed.")
        if failed:
            self.stderr.write("Some emails still failed: see the log or the admin for the error.")
