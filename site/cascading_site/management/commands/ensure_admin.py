import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Make sure an administrator account exists for the Wagtail admin. Its password comes from "
        "CASCADING_ADMIN_PASSWORD or is generated and printed once; an existing account is never "
        "changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default=os.environ.get("CASCADING_ADMIN_USERNAME", "admin"))
        parser.add_argument(
            "--email", default=os.environ.get("CASCADING_ADMIN_EMAIL", "admin@example.invalid")
        )
        parser.add_argument(
            "--admin-url", default="http://127.0.0.1:8000/admin/", help="Where to log in, for the message."
        )

    def handle(self, *args, username, email, admin_url, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            self.stdout.write(
                f"The admin account “{username}” already exists; its password is unchanged. "
                "(Forgotten it? python site/manage.py changepassword " + username + ")"
            )
            return
        password = os.environ.get("CASCADING_ADMIN_PASSWORD")
        generated = not password
        if generated:
            password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email=email, password=password)
        self.stdout.write(self.style.SUCCESS(f"Created the admin account “{username}”."))
        if generated:
            self.stdout.write(
                self.style.WARNING(
                    f"Its generated password, shown only this once: {password}\nLog in at {admin_url}"
                )
            )
