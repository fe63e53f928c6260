"""Everything the plugin serves outside the page tree, for a host's single ``include()``."""

from django.urls import include, path

urlpatterns = [
    path("", include("search.urls")),
]
