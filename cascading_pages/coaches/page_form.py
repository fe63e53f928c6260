"""The coach profile's admin form: in the coach's own voice when a coach fills it in.

The model's help texts speak about "the coach", for the programme team. A coach reads the same
form about themselves, so for them each such text is said to "you" (``COACH_VOICE``). The form
imports no models: ``CoachPage.base_form_class`` is this.
"""

from cascading_pages.content.forms import PermittedChoicesPageForm

# coaches.models.MANAGE_COACH_ACCOUNTS (this module is imported by that one): the programme team's
# permission. Whoever edits a profile without it is its coach.
TEAM_PERMISSION = "cascading_pages.manage_coach_accounts"

COACH_VOICE = {
    "photo": "A head-and-shoulders photo of you. Give the image a description: it is the alt text "
    "that screen readers read out to leaders who cannot see it.",
    "communities": "Communities your organisation is led by and for. Optional and self-declared.",
    "languages": "Languages you can coach in.",
    "availability": "What you declare. Whatever you choose here, a pause, reaching your capacity or "
    "an unconfirmed profile also shows you as not taking new leaders: set those under “My availability”.",
    "biography": "The main text of your profile: your background and what you bring to leaders. "
    "Leaders' searches of the directory include it.",
    "coaching_approach": "Optional. How you work with leaders, shown under “Coaching approach” "
    "when filled in.",
    "contact_email": "Private. Where leaders' expressions of interest are sent to you; never shown publicly.",
}


class CoachPageForm(PermittedChoicesPageForm):
    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is not None and not for_user.has_perm(TEAM_PERMISSION):
            for name, help_text in COACH_VOICE.items():
                if name in self.fields:
                    self.fields[name].help_text = help_text
