from django.apps import AppConfig


class CascadingPagesConfig(AppConfig):
    name = "cascading_pages"
    label = "cascading_pages"
    verbose_name = "Cascading Leadership pages"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .exports import protect_wagtail_exports
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
        protect_wagtail_exports()
