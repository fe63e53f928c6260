"""A host that forgets to name the plugin's image form is warned by ``manage.py check``: without it
the image screens say nothing of alt text and store a coach photo with no description."""

from io import StringIO

from django.core import checks
from django.core.management import call_command
from django.test import SimpleTestCase, override_settings

from cascading_pages.coaches.photos import ImageForm


class HostImageForm(ImageForm):
    """A host's own image form, built on the plugin's."""


def warnings():
    return [message for message in checks.run_checks() if message.id == "cascading_pages.W002"]


class ImageFormCheckTests(SimpleTestCase):
    def test_the_site_as_configured_is_not_warned(self):
        self.assertEqual(warnings(), [])

    @override_settings(WAGTAILIMAGES_IMAGE_FORM_BASE=f"{__name__}.HostImageForm")
    def test_a_host_form_built_on_the_plugins_is_not_warned(self):
        self.assertEqual(warnings(), [])

    def test_a_host_without_the_plugins_form_is_told_what_it_loses_and_what_to_set(self):
        for value in ("", "wagtail.images.forms.BaseImageForm", "myproject.forms.MissingForm"):
            with self.subTest(value=value), override_settings(WAGTAILIMAGES_IMAGE_FORM_BASE=value):
                (warning,) = warnings()
                self.assertEqual(warning.level, checks.WARNING)
                self.assertIn("alt-text guidance", warning.msg)
                self.assertIn("require a description for a coach photo", warning.msg)
                self.assertIn(
                    'WAGTAILIMAGES_IMAGE_FORM_BASE = "cascading_pages.coaches.photos.ImageForm"', warning.hint
                )

    @override_settings(WAGTAILIMAGES_IMAGE_FORM_BASE="")
    def test_manage_py_check_shows_the_warning_and_still_passes(self):
        out, err = StringIO(), StringIO()
        call_command("check", stdout=out, stderr=err)
        self.assertIn("cascading_pages.W002", err.getvalue() + out.getvalue())
