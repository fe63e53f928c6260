from django.urls import path

from cascading_pages.coaches import directory_views as views

app_name = "cascading_search"

urlpatterns = [
    path("api/directory/<int:directory_id>/coaches.json", views.directory_search, name="directory_search"),
    path("api/directory/<int:directory_id>/suggest.json", views.directory_suggest, name="directory_suggest"),
]
