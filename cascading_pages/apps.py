from django.apps import AppConfig


class CascadingPagesConfig(AppConfig):
    name = "cascading_pages"
    label = "cascading_pages"
    verbose_name = "Cascading Leadership pages"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .exports import protect_wagtail_exports

        protect_wagtail_exports()
