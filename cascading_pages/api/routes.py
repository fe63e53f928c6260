"""Everything mounted on the one ``api`` object. A new concern adds its router here."""

from cascading_pages.api import api, coaches, faqs, forms, pages, preview, search
from cascading_pages.api.docs import SelfHostedSwagger
from cascading_pages.api.errors import install_error_handlers

api.docs = SelfHostedSwagger()
install_error_handlers(api)

api.add_router("/pages/", pages.router)
api.add_router("/coaches/", coaches.router)
api.add_router("/faqs/", faqs.router)
api.add_router("/preview/", preview.router)
api.add_router("/forms/", forms.router)
api.add_router("/search/", search.router)
