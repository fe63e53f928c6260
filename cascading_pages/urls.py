"""Everything the plugin serves outside the page tree, for a host's single ``include()``."""

from django.urls import path

from cascading_pages.api import api
from cascading_pages.coaches import views as coach_views
from cascading_pages.interest import views as interest_views

urlpatterns = [
    path("api/v1/", api.urls),
    # Signed, single-use links in coaches' emails (see signed_links).
    path("coach-response/<str:token>/", interest_views.coach_response, name="cascading_coach_response"),
    path("profile-check/<str:token>/", coach_views.profile_check, name="cascading_profile_check"),
]
