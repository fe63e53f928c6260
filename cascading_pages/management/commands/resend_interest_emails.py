from django.core.management.base import BaseCommand

from cascading_pages.mail.delivery import send
from cascading_pages.mail.models import OutboxEmail


class Command(BaseCommand):
    help = (
        "Try again to send every programme email in the outbox that has not been sent (failed, or "
        "still queued): about expressions of interest, coach invitations and the scheduler's emails."
    )

    def handle(self, *args, **options):
        tried = failed = 0
        for email in OutboxEmail.objects.unsent().order_by("pk").iterator():
            tried += 1
            failed += 0 if send(email) else 1
        self.stdout.write(f"Tried {tried} email(s) not sent yet; {failed} still failed.")
        if failed:
            self.stderr.write("Some emails still failed: see the log or the admin's Outbox for the error.")
