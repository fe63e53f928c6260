"""One upload policy for every way a file reaches the site: how big, and how many pixels.

Wagtail's image and document forms (add, multiple add, the choosers' upload) check
``WAGTAILIMAGES_MAX_UPLOAD_SIZE``, ``WAGTAILIMAGES_MAX_IMAGE_PIXELS`` and
``WAGTAILDOCS_MAX_UPLOAD_SIZE``, which the host sets from the two settings here. Three paths are
left, and this module closes them:

- Pillow itself: ``limit_pillow()`` (the app's ``ready()``) sets ``PIL.Image.MAX_IMAGE_PIXELS`` to
  ``CASCADING_MAX_IMAGE_PIXELS``: Pillow then refuses, from the header and before allocating
  anything, every image over twice that (Django's ``ImageField``, renditions, any code), and warns
  above it; a warnings filter makes that warning an error too where nothing resets the filters
  (a test runner does). The forms here check the limit itself, whatever the filters.
- The profile picture in the admin's account settings (``wagtail.admin.views.account``), whose
  form has no limit and decodes and resizes whatever it gets: ``AvatarForm`` checks the file's
  size and pixels first and answers with a form error. ``use_avatar_form()`` gives Wagtail's
  avatar panel this form.
- A request too big for any of them: ``UploadSizeLimitMiddleware`` answers 413 with a page saying
  the limit, before Django reads the body, when its declared length is over the upload limit plus
  ``FORM_ALLOWANCE`` for the rest of the form.
"""

import warnings

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from PIL import Image
from wagtail.admin.forms.account import AvatarPreferencesForm
from wagtail.admin.views.account import AvatarSettingsPanel

from cascading_pages.conf import conf

#: Room in a request for the fields around its file (title, collection, tags, CSRF token).
FORM_ALLOWANCE = 1024 * 1024


def limit_pillow():
    """Pillow refuses (raises) any image over ``CASCADING_MAX_IMAGE_PIXELS`` as it reads its header."""
    Image.MAX_IMAGE_PIXELS = conf.CASCADING_MAX_IMAGE_PIXELS
    warnings.filterwarnings("error", category=Image.DecompressionBombWarning)


def too_many_pixels_message():
    return f"This image has too many pixels: at most {conf.CASCADING_MAX_IMAGE_PIXELS:,} are allowed."


def too_big_message(size=None):
    limit = filesizeformat(conf.CASCADING_MAX_UPLOAD_SIZE)
    if size is None:
        return f"This file is too big: files of at most {limit} can be uploaded."
    return f"This file is too big ({filesizeformat(size)}): files of at most {limit} can be uploaded."


def check_image_upload(upload):
    """Refuse ``upload`` if it is over the size limit or declares too many pixels; only the image's
    header is read."""
    if upload.size > conf.CASCADING_MAX_UPLOAD_SIZE:
        raise ValidationError(too_big_message(upload.size), code="file_too_large")
    position = upload.tell()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            width, height = Image.open(upload).size
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise ValidationError(too_many_pixels_message(), code="file_too_many_pixels") from None
    except Exception:
        raise ValidationError(
            "Upload a valid image: the file is not an image, or a damaged one.", code="invalid_image"
        ) from None
    finally:
        upload.seek(position)
    if width * height > conf.CASCADING_MAX_IMAGE_PIXELS:
        raise ValidationError(too_many_pixels_message(), code="file_too_many_pixels")


class LimitedImageField(forms.ImageField):
    """Django's ImageField, refusing an oversized file or image before Pillow decodes any of it."""

    def to_python(self, data):
        if data and hasattr(data, "size"):
            check_image_upload(data)
        return super().to_python(data)


class AvatarForm(AvatarPreferencesForm):
    """Wagtail's profile picture form with the upload policy."""

    avatar = LimitedImageField(label=AvatarPreferencesForm.base_fields["avatar"].label, required=False)


def use_avatar_form():
    """Wagtail builds the account settings' avatar panel from ``AvatarSettingsPanel`` and offers no
    setting or hook to change it: give the panel ``AvatarForm``, and a template that shows the
    form's errors (Wagtail's shows none, so a refused picture would vanish without a word)."""
    AvatarSettingsPanel.form_class = AvatarForm
    AvatarSettingsPanel.template_name = "cascading_pages/admin/account/avatar_panel.html"


class UploadSizeLimitMiddleware:
    """Answer 413, with the limit, to a file upload whose body is bigger than any upload may be."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.content_type == "multipart/form-data":
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > conf.CASCADING_MAX_UPLOAD_SIZE + FORM_ALLOWANCE:
                return TemplateResponse(
                    request,
                    "cascading_pages/pages/upload_too_large.html",
                    {"message": too_big_message()},
                    status=413,
                ).render()
        return self.get_response(request)
