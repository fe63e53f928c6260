"""An editor uploading something that is not a sensible image is told why, and nothing is stored.

The limits are the host's settings: WAGTAILIMAGES_EXTENSIONS, WAGTAILIMAGES_MAX_UPLOAD_SIZE and
WAGTAILIMAGES_MAX_IMAGE_PIXELS (site/cascading_site/settings/base.py).
"""

import io
import struct
import zlib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Collection

Image = get_image_model()


def png(width=4, height=3, mode="RGB"):
    buffer = io.BytesIO()
    PILImage.new(mode, (width, height)).save(buffer, "PNG")
    return buffer.getvalue()


def png_claiming(width, height):
    """A tiny PNG whose header declares ``width`` x ``height`` pixels: a decompression bomb's calling card."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 16))
        + chunk(b"IEND", b"")
    )


class ImageUploadTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = get_user_model().objects.create_user("eddie", "eddie@example.org", "pw")
        cls.editor.groups.add(Group.objects.get(name="Programme editors"))
        cls.collection = Collection.get_first_root_node()

    def setUp(self):
        self.client.force_login(self.editor)

    def upload(self, name, content):
        return self.client.post(
            "/admin/images/add/",
            {"title": name, "file": SimpleUploadedFile(name, content), "collection": self.collection.pk},
        )

    def assertRefused(self, response, message):
        self.assertEqual(response.status_code, 200, "the form is shown again, not an error page")
        self.assertContains(response, message)
        self.assertEqual(Image.objects.count(), 0)

    def test_a_real_png_is_accepted(self):
        response = self.upload("photo.png", png())
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Image.objects.get().width, 4)

    def test_a_file_that_is_not_an_image_but_named_png_is_refused(self):
        self.assertRefused(self.upload("notes.png", b"%PDF-1.4 not a picture at all"), "Upload a valid image")

    def test_an_image_whose_name_lies_about_its_format_is_refused(self):
        buffer = io.BytesIO()
        PILImage.new("RGB", (4, 3)).save(buffer, "GIF")
        self.assertRefused(self.upload("photo.png", buffer.getvalue()), "Not a valid .png image")

    def test_file_types_outside_the_allowed_list_are_refused(self):
        svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
        self.assertRefused(self.upload("logo.svg", svg), "Not a supported image format")
        self.assertRefused(
            self.upload("page.html", b"<script>alert(1)</script>"), "Not a supported image format"
        )

    def test_a_file_over_the_size_limit_is_refused(self):
        limit = settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE
        oversized = png() + b"\x00" * (limit + 1)
        self.assertRefused(self.upload("huge.png", oversized), "This file is too big")

    def test_an_image_with_more_pixels_than_allowed_is_refused(self):
        width, height = 8000, 6000  # 48 million pixels, only a few kilobytes as a 1-bit PNG
        self.assertGreater(width * height, settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS)
        self.assertRefused(self.upload("wide.png", png(width, height, mode="1")), "too many pixels")

    def test_a_decompression_bomb_header_is_refused_without_decoding_it(self):
        bomb = png_claiming(60_000, 60_000)
        self.assertLess(len(bomb), 100)
        self.assertRefused(self.upload("bomb.png", bomb), "too many pixels")

    def test_the_multiple_upload_also_answers_with_the_reason(self):
        response = self.client.post(
            "/admin/images/multiple/add/",
            {"files[]": SimpleUploadedFile("bomb.png", png_claiming(60_000, 60_000))},
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(response.json()["success"])
        self.assertIn("too many pixels", response.json()["error_message"])
        self.assertEqual(Image.objects.count(), 0)
