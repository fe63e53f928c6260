from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core import checks

# The client each engine's backend needs, and how to install it with the plugin.
CLIENT_INSTALLS = {
    "elasticsearch": 'pip install "cascading-leadership"',
    "opensearchpy": 'pip install "cascading-leadership[opensearch]"',
}


@checks.register()
def check_index_receivers(app_configs, **kwargs):
    if apps.get_app_config("cascading_pages").replaced_wagtail_index_receivers:
        return []
    return [
        checks.Warning(
            "Wagtail's search index receivers were not replaced: deleted objects leave the index "
            "inside the request, and imports index each coach separately.",
            hint='List "cascading_pages" after "wagtail.search" in INSTALLED_APPS.',
            id="cascading_pages.W001",
        )
    ]


@checks.register()
def check_search_backends_load(app_configs, **kwargs):
    """A backend whose client library is missing (OpenSearch without the plugin's ``opensearch``
    extra) is reported when the site starts, not as an error on the first search."""
    errors = []
    for alias, config in getattr(settings, "WAGTAILSEARCH_BACKENDS", {}).items():
        path = config.get("BACKEND", "")
        try:
            import_module(path)
        except ImportError as exc:
            install = CLIENT_INSTALLS.get((exc.name or "").split(".")[0])
            errors.append(
                checks.Error(
                    f"Search backend {alias!r} ({path}) cannot be loaded: {exc}",
                    hint=f"Install its client: {install}" if install else "Correct its BACKEND setting.",
                    id="cascading_pages.E005",
                )
            )
    return errors
