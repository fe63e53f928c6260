"""The coach profile's admin form: in the coach's own voice when a coach fills it in.

A photo must have a description: Wagtail uses an image's description as its alt text, and without
one a screen reader announces the file's title ("IMG_2041") or nothing. ``clean`` says how to
add it.

The model's help texts speak about "the coach", for the programme team. A coach reads the same
form about themselves, so for them each such text is said to "you" (``COACH_VOICE``). The form
imports no models: ``CoachPage.base_form_class`` is this.
"""

from django.core.exceptions import ValidationError

from cascading_pages.content.forms import PermittedChoicesPageForm

# coaches.models.MANAGE_COACH_ACCOUNTS (this module is imported by that one): the programme team's
# permission. Whoever edits a profile without it is its coach.
TEAM_PERMISSION = "cascading_pages.manage_coach_accounts"

COACH_VOICE = {
    "photo": "A head-and-shoulders photo of you. It needs a description (set it where you edit the "
    "image): that is the alt text read out to leaders who cannot see it.",
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


PHOTO_NEEDS_ALT_TEXT = (
    "This photo has no description, which is the alt text read out to leaders who cannot see it. "
    "Open the photo (“Edit this image” in its ⋯ menu), describe it in a few words in “Description”, "
    "for example “{name} smiling, in a garden”, save the image, then save this page again."
)


class CoachPageForm(PermittedChoicesPageForm):
    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is not None and not for_user.has_perm(TEAM_PERMISSION):
            for name, help_text in COACH_VOICE.items():
                if name in self.fields:
                    self.fields[name].help_text = help_text

    def clean(self):
        # After the check that the author may choose the photo at all (``PermittedChoicesPageForm``),
        # which takes a refused photo out of the form shown again.
        cleaned_data = super().clean()
        photo = cleaned_data.get("photo")
        if photo is not None and "photo" not in self.errors and not (photo.description or "").strip():
            name = (self.data.get("title") or "").strip() or "A coach"
            self.add_error(
                "photo", ValidationError(PHOTO_NEEDS_ALT_TEXT.format(name=name), code="no_alt_text")
            )
        return cleaned_data
