"""Everything the plugin serves outside the page tree, for a host's single ``include()``."""

from django.urls import include, path

from .api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("", include("search.urls")),
]
