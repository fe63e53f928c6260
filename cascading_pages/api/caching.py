"""How read endpoints are cached, and the query-string check every operation shares.

Apply one of these to a ninja operation with ``decorate_view``::

    @router.get("/pages/{page_id}/", response=...)
    @decorate_view(public_read())
    def page_detail(request, page_id: int): ...

``public_read`` answers with ``Cache-Control: public, max-age=…`` and a strong ``ETag`` made
from the body, so a conditional GET (``If-None-Match``) gets a 304 without a body. The tag is
a hash of what would be sent, so it changes whenever anything in the answer changes (an edit, an
unpublished page disappearing from a list, a renamed vocabulary term) with no bookkeeping.
Visitors who are not logged in are answered from the page cache (``cascading_pages.pagecache``)
until a change commits: ``routes`` registers the API's namespace with it.
``private_answer`` is for answers that must never be stored (draft previews, form submissions).
"""

import hashlib
from functools import wraps

from django.utils.cache import get_conditional_response, patch_cache_control

from cascading_pages.api.errors import reject_unknown_query_params
from cascading_pages.conf import conf
from cascading_pages.pagecache.pages import offer_read


def declared_query_params(operation):
    """The query parameter names a ninja operation declares (as the OpenAPI document lists them)."""
    names = set()
    for model in operation.signature.models:
        if model.__ninja_param_source__ == "query":
            names.update(model.__ninja_flatten_map__)
    return names


def _strict_query(run):
    """Wrap an operation's ``run`` so unknown query parameters get a 400 instead of being ignored."""
    operation = run.__self__
    allowed = None

    @wraps(run)
    def checked(request, *args, **kwargs):
        nonlocal allowed
        if allowed is None:
            allowed = declared_query_params(operation)
        return reject_unknown_query_params(request, allowed) or run(request, *args, **kwargs)

    return checked


def public_read(max_age=None):
    """Cacheable by browsers and shared caches; validated with an ETag of the body."""

    def decorator(run):
        checked = _strict_query(run)

        @wraps(run)
        def cached(request, *args, **kwargs):
            response = checked(request, *args, **kwargs)
            if response.status_code != 200 or response.streaming:
                return response
            etag = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
            response["ETag"] = etag
            patch_cache_control(response, public=True, max_age=_max_age(max_age))
            offer_read(request)
            return get_conditional_response(request, etag=etag, response=response)

        return cached

    return decorator


def private_answer():
    """Personal or secret answers (a draft preview, a submission received): never stored by any cache."""

    def decorator(run):
        checked = _strict_query(run)

        @wraps(run)
        def uncached(request, *args, **kwargs):
            response = checked(request, *args, **kwargs)
            patch_cache_control(response, private=True, no_store=True, max_age=0)
            return response

        return uncached

    return decorator


def _max_age(max_age):
    if max_age is not None:
        return max_age
    return conf.CASCADING_API_CACHE_SECONDS
