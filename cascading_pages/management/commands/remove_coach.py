from django.core.management.base import BaseCommand, CommandError

from cascading_pages.coaches.accounts import remove_coach
from cascading_pages.coaches.models import CoachPage


class Command(BaseCommand):
    help = (
        "Take a coach's login away: deactivates the account and unlinks it from the profile. "
        "The profile stays published unless --unpublish is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--page", type=int, required=True, help="The id of the coach's profile page.")
        parser.add_argument("--unpublish", action="store_true", help="Also take the profile off the website.")

    def handle(self, *args, page, unpublish, **options):
        coach_page = CoachPage.objects.filter(pk=page).first()
        if coach_page is None:
            raise CommandError(f"There is no coach page with id {page}.")
        if coach_page.account is None:
            raise CommandError(f"“{coach_page.title}” has no coach login to remove.")
        user = remove_coach(coach_page, unpublish=unpublish)
        state = "unpublished" if unpublish else "still published"
        self.stdout.write(f"{user.email} can no longer log in; “{coach_page.title}” is {state}.")
