"""The plugin's JSON API: one NinjaAPI, so one OpenAPI document (``<mount>/openapi.json``).

Each concern has its router in its own module; ``routes`` makes the ``api`` object a host's urls
mount (``api.urls``) and wires the routers, the error handlers and the self-hosted docs onto it.
"""

from cascading_pages.api.routes import api

__all__ = ["api"]
