"""Every upload path keeps to one policy: at most 10 MB a file and 40 million pixels an image.

Coaches and editors alike: the profile picture in the admin's account settings (which Wagtail
leaves unlimited), images (add, multiple add, the chooser's upload) and documents. A file over the
limit gets a form error, or a 413 page when the whole request is bigger than any upload may be;
an image over the pixel limit is refused from its header, before anything decodes it.
"""

import io

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection
from wagtail.users.models import UserProfile

from tests.factories import make_coach_user, make_directory, make_editor, make_home
from tests.site.test_image_uploads import png, png_claiming

Image = get_image_model()
Document = get_document_model()
MB = 1024 * 1024


def padded(content, size):
    """``content`` followed by zeros up to ``size`` bytes (image readers ignore what follows the end)."""
    return content + b"\x00" * (size - len(content))


def big_png():
    """A real PNG image, 2000 x 1500 pixels, under 10 MB."""
    buffer = io.BytesIO()
    PILImage.new("RGB", (2000, 1500), "teal").save(buffer, "PNG")
    return buffer.getvalue()


class UploadTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = make_home()
        cls.coach = make_coach_user(
            make_directory(home),
            title="Priya Shah",
            login={
                "username": "priya",
                "email": "priya@example.org",
                "first_name": "Priya",
                "last_name": "Shah",
            },
        )
        cls.coach_page = cls.coach.coach_page
        cls.editor = make_editor(
            username="eddie", email="eddie@example.org", first_name="Ed", last_name="Ito"
        )

    def upload_avatar(self, user, name, content):
        self.client.force_login(user)
        return self.client.post(
            "/admin/account/",
            {
                "name_email-first_name": user.first_name,
                "name_email-last_name": user.last_name,
                "name_email-email": user.email,
                "locale-preferred_language": "en",
                "locale-current_time_zone": "",
                "theme-theme": "system",
                "theme-density": "default",
                "theme-contrast": "system",
                "theme-keyboard_shortcuts": "on",
                "avatar-avatar": SimpleUploadedFile(name, content, content_type="image/png"),
            },
        )

    def avatar_of(self, user):
        return UserProfile.get_for_user(user).avatar


class ProfilePictureTests(UploadTestCase):
    def assertAvatarRefused(self, user, response, message):
        self.assertEqual(response.status_code, 200, "the form again, with the reason")
        self.assertContains(response, message)
        self.assertFalse(self.avatar_of(user))

    def test_a_small_picture_is_taken_and_shrunk_to_an_avatar(self):
        for user in (self.coach, self.editor):
            with self.subTest(user=user.username):
                response = self.upload_avatar(user, "me.png", big_png())
                self.assertRedirects(response, "/admin/account/")
                avatar = self.avatar_of(user)
                self.assertTrue(avatar)
                self.assertEqual(PILImage.open(avatar).size, (400, 300))

    def test_a_tiny_file_claiming_thirteen_thousand_pixels_square_is_refused_unread(self):
        bomb = png_claiming(13_000, 13_000)
        self.assertLess(len(bomb), 100)
        for user in (self.coach, self.editor):
            with self.subTest(user=user.username):
                response = self.upload_avatar(user, "bomb.png", bomb)
                self.assertAvatarRefused(user, response, "This image has too many pixels")

    def test_a_49_megapixel_picture_is_refused(self):
        wide = png(7000, 7000, mode="1")  # a few kilobytes on disk
        self.assertGreater(7000 * 7000, settings.CASCADING_MAX_IMAGE_PIXELS)
        for user in (self.coach, self.editor):
            with self.subTest(user=user.username):
                response = self.upload_avatar(user, "wide.png", wide)
                self.assertAvatarRefused(user, response, "at most 40,000,000 are allowed")

    def test_a_file_over_ten_megabytes_is_refused_with_the_limit(self):
        over = padded(png(), settings.CASCADING_MAX_UPLOAD_SIZE + 1000)
        for user in (self.coach, self.editor):
            with self.subTest(user=user.username):
                response = self.upload_avatar(user, "big.png", over)
                self.assertAvatarRefused(user, response, "files of at most 10.0\xa0MB can be uploaded")

    def test_a_fourteen_and_a_half_megabyte_file_is_refused_before_it_is_read(self):
        huge = padded(png(), int(14.5 * MB))
        for user in (self.coach, self.editor):
            with self.subTest(user=user.username):
                response = self.upload_avatar(user, "huge.png", huge)
                self.assertEqual(response.status_code, 413)
                self.assertContains(response, "files of at most 10.0\xa0MB can be uploaded", status_code=413)
                self.assertFalse(self.avatar_of(user))


class ImageAndDocumentTests(UploadTestCase):
    def test_a_coach_uploading_a_photo_from_the_chooser_gets_the_same_limits(self):
        self.client.force_login(self.coach)
        collection = Collection.objects.get(name="Coach photos")
        for name, content, message, status in [
            ("bomb.png", png_claiming(13_000, 13_000), "too many pixels", 200),
            (
                "big.png",
                padded(png(), settings.CASCADING_MAX_UPLOAD_SIZE + 1000),
                "This file is too big",
                200,
            ),
            ("huge.png", padded(png(), int(14.5 * MB)), "This file is too big", 413),
        ]:
            with self.subTest(name):
                response = self.client.post(
                    "/admin/images/chooser/create/",
                    {
                        "image-chooser-upload-title": name,
                        "image-chooser-upload-file": SimpleUploadedFile(name, content),
                        "image-chooser-upload-collection": collection.pk,
                    },
                )
                self.assertContains(response, message, status_code=status)
        self.assertEqual(Image.objects.count(), 0)

    def test_an_editor_uploading_a_document_over_the_limit_is_told_why(self):
        self.client.force_login(self.editor)
        root = Collection.get_first_root_node()
        over = padded(b"%PDF-1.4\n", settings.CASCADING_MAX_UPLOAD_SIZE + 1000)
        response = self.client.post(
            "/admin/documents/add/",
            {"title": "Report", "file": SimpleUploadedFile("report.pdf", over), "collection": root.pk},
        )
        self.assertContains(response, "This file is too big")
        huge = padded(b"%PDF-1.4\n", int(14.5 * MB))
        response = self.client.post(
            "/admin/documents/add/",
            {"title": "Report", "file": SimpleUploadedFile("report.pdf", huge), "collection": root.pk},
        )
        self.assertContains(response, "This file is too big", status_code=413)
        self.assertEqual(Document.objects.count(), 0)

    def test_an_editor_adding_images_one_or_many_at_a_time_gets_a_413_for_a_huge_file(self):
        self.client.force_login(self.editor)
        huge = padded(png(), int(14.5 * MB))
        for url, field in [("/admin/images/add/", "file"), ("/admin/images/multiple/add/", "files[]")]:
            with self.subTest(url):
                response = self.client.post(
                    url, {"title": "Huge", field: SimpleUploadedFile("huge.png", huge)}
                )
                self.assertContains(response, "This file is too big", status_code=413)
        self.assertEqual(Image.objects.count(), 0)


class PillowTests(TestCase):
    def test_pillow_itself_refuses_the_thirteen_thousand_pixel_square_from_its_header(self):
        # Pillow's own default (89 million) would only have warned about 169 million pixels and
        # then decoded them: any form or rendition that is not ours is covered too.
        self.assertEqual(PILImage.MAX_IMAGE_PIXELS, settings.CASCADING_MAX_IMAGE_PIXELS)
        with self.assertRaises(PILImage.DecompressionBombError):
            PILImage.open(io.BytesIO(png_claiming(13_000, 13_000)))
        bomb = SimpleUploadedFile("bomb.png", png_claiming(13_000, 13_000))
        with self.assertRaises(forms.ValidationError):
            forms.ImageField().clean(bomb)  # Django's own field, as any plain form uses it
