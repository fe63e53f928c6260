"""Wagtail's image form, with guidance on alt text and a description required for coach photos.

Wagtail uses an image's description as its alt text. A coach photo without one is read out as its
file's title ("IMG_2041") or not at all, so the coach profile refuses such a photo
(``page_form.CoachPageForm``); this form says so where the image itself is edited, on every screen
that uses Wagtail's image form: add, edit, the multiple uploader (which asks for the description
before it stores the image, as it does for any required field) and the image chooser's upload.

The host names it in its settings::

    WAGTAILIMAGES_IMAGE_FORM_BASE = "cascading_pages.coaches.photos.ImageForm"

and ``manage.py check`` warns (``cascading_pages.W002``) when it does not.
"""

from django.core import checks
from django.core.exceptions import ValidationError
from wagtail.images.forms import BaseImageForm, get_image_base_form

from cascading_pages.coaches.accounts import COACH_PHOTOS_COLLECTION

ALT_TEXT_GUIDANCE = (
    "The alt text, read out to people who cannot see the image. Describe what matters in a few "
    "words: for a coach photo, “Amina Patel smiling, outdoors in a garden”, not just “Photo of Amina "
    "Patel”. Required for coach photos. An image that is only decoration may have none: tick “Image "
    "is decorative” where you insert it."
)

COACH_PHOTO_NEEDS_ALT_TEXT = (
    "A coach photo needs a description: leaders who cannot see the photo hear it instead. "
    "Describe what they would see."
)


class ImageForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "description" in self.fields:
            self.fields["description"].help_text = ALT_TEXT_GUIDANCE

    def destination(self):
        """The collection the image will be saved in (the form hides the field when there is one)."""
        if "collection" in self.fields:
            return self.cleaned_data.get("collection")
        if len(self.collections) == 1:
            return self.collections[0]
        return self.instance.collection if self.instance.collection_id else None

    def clean(self):
        cleaned_data = super().clean()
        if "description" in self.fields and not (cleaned_data.get("description") or "").strip():
            collection = self.destination()
            if collection is not None and collection.name == COACH_PHOTOS_COLLECTION:
                self.add_error("description", ValidationError(COACH_PHOTO_NEEDS_ALT_TEXT, code="no_alt_text"))
        return cleaned_data


@checks.register()
def check_image_form_base(app_configs, **kwargs):
    """Without this form, the image screens neither say what good alt text is nor require a coach
    photo's description; only the coach profile refuses the photo, far from where it is fixed."""
    try:
        form = get_image_base_form()
    except ImportError:
        form = None
    if isinstance(form, type) and issubclass(form, ImageForm):
        return []
    return [
        checks.Warning(
            "WAGTAILIMAGES_IMAGE_FORM_BASE is not the plugin's image form: the image screens lose the "
            "alt-text guidance on the description and no longer require a description for a coach photo.",
            hint=f'Set WAGTAILIMAGES_IMAGE_FORM_BASE = "{__name__}.ImageForm" (or a subclass of it).',
            id="cascading_pages.W002",
        )
    ]
