from django.core.management.base import BaseCommand, CommandError

from cascading_pages.coaches.accounts import CoachAccountError, invite_coach
from cascading_pages.coaches.models import CoachPage
from cascading_pages.public_url import configured_base


class Command(BaseCommand):
    help = (
        "Give a coach a login for their profile: creates (or re-opens) the account, links it to the "
        "coach page and emails a link to choose a password. No password is ever set for them."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="The coach's email address; it becomes their login.")
        parser.add_argument("--page", type=int, required=True, help="The id of the coach's profile page.")
        parser.add_argument(
            "--base-url",
            default=None,
            help="Where the admin is served, for the emailed link (default: CASCADING_PUBLIC_URL).",
        )

    def handle(self, *args, email, page, base_url, **options):
        coach_page = CoachPage.objects.filter(pk=page).first()
        if coach_page is None:
            raise CommandError(f"There is no coach page with id {page}.")
        base_url = base_url or configured_base()
        if not base_url:
            raise CommandError("Set CASCADING_PUBLIC_URL or pass --base-url, so the emailed link works.")
        try:
            user = invite_coach(coach_page, email, base_url=base_url)
        except CoachAccountError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Invited {user.email} to edit “{coach_page.title}” (page {coach_page.pk}).")
