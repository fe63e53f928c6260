"""A host that mounts the plugin but no search page of its own."""

from django.urls import include, path
from wagtail import urls as wagtail_urls

urlpatterns = [
    path("", include("cascading_pages.urls")),
    path("", include(wagtail_urls)),
]
