"""The one ``api`` object and everything mounted on it. A new concern adds its router here."""

from ninja import NinjaAPI

from cascading_pages.api import coaches, faqs, forms, pages, preview, search
from cascading_pages.api.docs import SelfHostedSwagger
from cascading_pages.api.errors import install_error_handlers
from cascading_pages.pagecache.store import register_reads

api = NinjaAPI(title="Cascading Leadership API", version="1", urls_namespace="cascading_api")
api.docs = SelfHostedSwagger()
install_error_handlers(api)
register_reads(api.urls_namespace)

api.add_router("/pages/", pages.router)
api.add_router("/coaches/", coaches.router)
api.add_router("/faqs/", faqs.router)
api.add_router("/preview/", preview.router)
api.add_router("/forms/", forms.router)
api.add_router("/search/", search.router)
