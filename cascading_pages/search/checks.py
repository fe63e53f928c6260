from django.apps import apps
from django.core import checks


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
