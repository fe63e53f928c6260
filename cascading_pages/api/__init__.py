"""The plugin's JSON API, mounted by ``cascading_pages.urls`` at ``api/v1/``.

Each concern adds its own router here; the routers live next to this file.
"""

from ninja import NinjaAPI

from .forms import router as forms_router

api = NinjaAPI(title="Cascading Leadership API", version="1", urls_namespace="cascading_api")
api.add_router("/forms/", forms_router)
