app_name = "cascading_search"

urlpatterns: list = []
