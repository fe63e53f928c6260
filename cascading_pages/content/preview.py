"""Draft previews for a decoupled front end, built on wagtail-headless-preview.

When ``WAGTAIL_HEADLESS_PREVIEW["CLIENT_URLS"]`` names the front end, the editor's preview menu
gains a "Decoupled front end" mode. Choosing it stores the unsaved page under a signed token and
shows the front end's preview address in the preview panel
(``<client url>?content_type=cascading_pages.coachpage&token=…``); the front end then reads
the page from ``GET /api/v1/preview/`` with those two parameters. The default mode still renders
the HTML site's own template, so the site keeps working without a front end.
"""

from wagtail_headless_preview.models import HeadlessPreviewMixin
from wagtail_headless_preview.settings import headless_preview_settings

HEADLESS_PREVIEW_MODE = "headless"


def headless_preview_enabled():
    return bool(headless_preview_settings.CLIENT_URLS)


class HeadlessPreviewable(HeadlessPreviewMixin):
    @property
    def preview_modes(self):
        modes = list(super().preview_modes)
        if headless_preview_enabled():
            modes.append((HEADLESS_PREVIEW_MODE, "Decoupled front end"))
        return modes

    def serve_preview(self, request, mode_name):
        if mode_name == HEADLESS_PREVIEW_MODE and headless_preview_enabled():
            return HeadlessPreviewMixin.serve_preview(self, request, mode_name)
        # Skip the package's mixin, which would send every mode to the front end.
        return super(HeadlessPreviewMixin, self).serve_preview(request, mode_name)
