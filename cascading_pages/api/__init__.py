"""The plugin's JSON API: one NinjaAPI, so one OpenAPI document (``<mount>/openapi.json``).

Each concern adds its router in its own module; ``routes`` wires them, the error handlers and
the self-hosted docs page onto this object before a host's urls read ``api.urls``.
"""

from ninja import NinjaAPI

api = NinjaAPI(title="Cascading Leadership API", version="1", urls_namespace="cascading_api")

from cascading_pages.api import routes  # noqa: E402,F401
