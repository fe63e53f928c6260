"""The URLconf ``manage.py bench_api`` times against: the plugin's own URLs, plus Wagtail's
generic pages API (v2) set up as a Wagtail developer would for coach cards.

Only the benchmark mounts v2 (with ``override_settings(ROOT_URLCONF=...)``); the site does not,
so nothing here is ever served.
"""

from django.urls import include, path
from rest_framework import serializers
from wagtail import urls as wagtail_urls
from wagtail.api import APIField
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.images.api.fields import ImageRenditionField

from cascading_pages.coaches.models import CoachPage

V2_PREFIX = "/bench/api/v2/"

#: What ``api_fields`` on CoachPage would declare for a directory card and its filters (the model
#: declares none: the plugin's own API is the public one).
COACH_CARD_API_FIELDS = [
    APIField("role"),
    APIField("organisation"),
    APIField("summary"),
    APIField("availability", serializer=serializers.CharField(source="shown_availability", read_only=True)),
    APIField("accepting_new_leaders"),
    APIField("last_published_at"),
    APIField("regions", serializer=serializers.StringRelatedField(many=True, read_only=True)),
    APIField("photo_small", serializer=ImageRenditionField("fill-160x160", source="photo")),
    *(
        APIField(name, serializer=serializers.StringRelatedField(many=True, read_only=True))
        for name in ("expertise", "sectors", "communities", "languages")
    ),
]
#: The ``fields`` parameter a front end sends for a card.
COACH_CARD_FIELDS = "role,organisation,summary,availability,accepting_new_leaders,regions,photo_small"


class CoachCardPagesAPIViewSet(PagesAPIViewSet):
    """Wagtail's pages endpoint, with a coach's card fields available on CoachPage."""

    @classmethod
    def get_body_fields(cls, model):
        fields = super().get_body_fields(model)
        if issubclass(model, CoachPage):
            fields = fields + cls._convert_api_fields(COACH_CARD_API_FIELDS)
        return fields


router = WagtailAPIRouter("bench_wagtailapi_v2")
router.register_endpoint("pages", CoachCardPagesAPIViewSet)

urlpatterns = [
    path(V2_PREFIX.strip("/") + "/", router.urls),
    path("", include("cascading_pages.urls")),
    path("", include(wagtail_urls)),
]
