from django.apps import AppConfig, apps
from django.core import checks


class CascadingSearchConfig(AppConfig):
    # The package is ``search`` (the design's layout); the label is distinctive so that a host
    # project may keep its own ``search`` app beside this one.
    name = "search"
    label = "cascading_search"
    verbose_name = "Cascading Leadership coach directory search"
    default_auto_field = "django.db.models.BigAutoField"

    replaced_wagtail_index_receivers = False

    def ready(self):
        from . import indexing, signals

        self.replaced_wagtail_index_receivers = indexing.connect()
        signals.connect()


@checks.register()
def check_index_receivers(app_configs, **kwargs):
    if apps.get_app_config("cascading_search").replaced_wagtail_index_receivers:
        return []
    return [
        checks.Warning(
            "Wagtail's search index receivers were not replaced: deleted objects leave the index "
            "inside the request, and imports index each coach separately.",
            hint='List "search" (search.apps.CascadingSearchConfig) after "wagtail.search" in INSTALLED_APPS.',
            id="cascading_search.W001",
        )
    ]
