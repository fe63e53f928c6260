"""The browsable docs page (Swagger UI) served from our own static files, never another host.

Ninja falls back to CDN assets when ``"ninja"`` is not in ``INSTALLED_APPS``; this page always
uses the copies ninja ships (so ``"ninja"`` must be installed, which a system check enforces),
and turns off Swagger UI's online validator badge, which would call out to another host.
"""

import json

from django.apps import apps
from django.core import checks
from django.shortcuts import render
from ninja.openapi.docs import Swagger, _csrf_needed


class SelfHostedSwagger(Swagger):
    default_settings = {**Swagger.default_settings, "validatorUrl": None}

    def render_page(self, request, api, **kwargs):

        self.settings["url"] = self.get_openapi_url(api, kwargs)
        context = {
            "swagger_settings": json.dumps(self.settings, indent=1),
            "api": api,
            "add_csrf": _csrf_needed(api),
        }
        return render(request, self.template, context)


@checks.register
def ninja_is_installed(app_configs, **kwargs):
    if apps.is_installed("ninja"):
        return []
    return [
        checks.Error(
            '"ninja" is not in INSTALLED_APPS.',
            hint="The API's docs page serves django-ninja's own static files; add \"ninja\".",
            id="cascading_pages.E001",
        )
    ]
