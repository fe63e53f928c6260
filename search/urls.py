from django.urls import path

from . import views

app_name = "cascading_search"

urlpatterns = [
    path("api/directory/<int:directory_id>/coaches.json", views.directory_search, name="directory_search"),
    path("api/directory/<int:directory_id>/suggest.json", views.directory_suggest, name="directory_suggest"),
]
