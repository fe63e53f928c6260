from django.apps import AppConfig


class CascadingSearchConfig(AppConfig):
    # The package is ``search`` (the design's layout); the label is distinctive so that a host
    # project may keep its own ``search`` app beside this one.
    name = "search"
    label = "cascading_search"
    verbose_name = "Cascading Leadership coach directory search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals

        signals.connect()
