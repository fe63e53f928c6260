import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from cascading_pages.interest.personal_data import erase_for, export_for


class Command(BaseCommand):
    help = (
        "Answer a leader's data request: `export EMAIL` prints, as JSON, everything held about the "
        "leader who gave that email address; `erase EMAIL --yes` deletes it."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "erase"])
        parser.add_argument("email")
        parser.add_argument("--yes", action="store_true", help="Confirm an erasure.")

    def handle(self, *args, action, email, yes=False, **options):
        email = email.strip()
        try:
            validate_email(email)
        except ValidationError as exc:
            raise CommandError(f"{email!r} is not an email address.") from exc
        if action == "export":
            self.stdout.write(json.dumps(export_for(email), indent=2, ensure_ascii=False))
            return
        if not yes:
            raise CommandError("Erasing cannot be undone: add --yes to confirm.")
        count = erase_for(email)
        self.stdout.write(f"Erased {count} expression(s) of interest from {email}.")
