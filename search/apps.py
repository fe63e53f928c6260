from django.apps import AppConfig


class SearchConfig(AppConfig):
    """The site's own search page, as in every ``wagtail start`` project: it is the host's, not the plugin's."""

    name = "search"
    default_auto_field = "django.db.models.BigAutoField"
