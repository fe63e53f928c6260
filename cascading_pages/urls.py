"""Everything the plugin serves outside the page tree, for a host's single ``include()``."""

from django.urls import include, path

from . import coach_views
from .api import api

urlpatterns = [
    path("api/v1/", api.urls),
    # Signed, single-use links in coaches' emails (see signed_links.py).
    path("coach-response/<str:token>/", coach_views.coach_response, name="cascading_coach_response"),
    path("profile-check/<str:token>/", coach_views.profile_check, name="cascading_profile_check"),
    path("", include("search.urls")),
]
