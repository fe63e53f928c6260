"""Answers visitors from the page cache before any routing, session or database work.

Put it after the security middleware and before the session middleware::

    "cascading_pages.pagecache.middleware.PageCacheMiddleware",

Only a GET from a visitor carrying no session, message or ``Authorization`` is looked up, and only
an answer that a ``CachedForVisitors`` page gave such a visitor with status 200, setting no cookie
and using no CSRF token, is kept. Kept answers carry a strong ``ETag`` (a conditional GET gets a
304) and ``Cache-Control: public, max-age=0, must-revalidate`` (``s-maxage`` too when
``CASCADING_PAGE_SHARED_MAX_AGE`` is set for a CDN or Varnish that is purged on changes). A page
served to anyone else is marked ``private, no-store``.

A JSON API's reads are looked up the same way when their URL namespace is registered
(``store.register_reads``), and kept when the view offers its answer (``pages.offer_read``): under
the whole query string, with the headers the view gave them.
"""

import hashlib
import logging

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers

from cascading_pages.conf import conf
from cascading_pages.pagecache import store
from cascading_pages.pagecache.pages import (
    READ_ATTRIBUTE,
    REPLAY_ATTRIBUTE,
    REQUEST_ATTRIBUTE,
    VERSION_ATTRIBUTE,
)
from cascading_pages.request_reads import read_once, reading_once

#: The cookie of Django's cookie-based message storage (a message is shown to one visitor).
MESSAGES_COOKIE = "messages"

logger = logging.getLogger("cascading_pages.pagecache")


#: The URL name of Wagtail's page-serving view: only its addresses are looked up.
SERVE_VIEW = "wagtail_serve"


#: What an address is, for the cache: a page of Wagtail's tree, or a registered read endpoint.
PAGE, READ = "page", "read"


def address_kind(request):
    """PAGE, READ, or None for an address the cache never answers (the admin, a form post's view)."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    if match.url_name == SERVE_VIEW:
        return PAGE
    if store.is_read_namespace(match.namespace):
        return READ
    return None


def is_personal(request):
    """Whether what ``request`` is answered may depend on who sent it."""
    return (
        settings.SESSION_COOKIE_NAME in request.COOKIES
        or MESSAGES_COOKIE in request.COOKIES
        or "HTTP_AUTHORIZATION" in request.META
    )


def replay(entry):
    """Do again what the page did on answering (``pages.on_every_answer``), never failing the answer."""
    if entry.replay is None:
        return
    function, args = entry.replay
    try:
        function(*args)
    except Exception:
        logger.exception("Page cache: %s failed on a kept answer", function.__qualname__)


class Lookup:
    """A cache miss: where the answer will be kept, and the generations it was looked up in."""

    def __init__(self, cache, key, query, generations):
        self.cache = cache
        self.key = key
        self.query = query
        self.generation, self.shared = generations

    def keep(self, response, replay=None, page=None):
        """Keep ``response`` under the generation, or for ``page`` (its id and version, read before it
        was rendered) under the shared generation."""
        generation = self.generation if page is None else self.shared
        if generation is None or (page is not None and page[1] is None):
            return
        try:
            self.cache.set(
                self.key,
                store.Entry.of(response, generation, replay, page),
                conf.CASCADING_PAGE_CACHE_SECONDS,
            )
        except Exception:
            logger.warning("Page cache unavailable: the page is not kept", exc_info=True)


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with reading_once():  # Each generation is read once per request.
            return self.answer(request)

    def answer(self, request):
        lookup = self.look_up(request)
        if lookup is not None and not isinstance(lookup, Lookup):
            return lookup  # Answered from the cache.
        response = self.get_response(request)
        if getattr(request, READ_ATTRIBUTE, False):
            return self.keep_read(request, response, lookup)
        if not hasattr(request, REQUEST_ATTRIBUTE):
            return response  # Not a page that may be kept.
        return self.finish(request, response, lookup)

    def look_up(self, request):
        """A cached answer, a :class:`Lookup` to keep the answer with, or None."""
        cache = store.page_cache()
        if cache is None or request.method != "GET" or is_personal(request):
            return None
        kind = address_kind(request)
        if kind is None or (kind == READ and "HTTP_ORIGIN" in request.META):
            return None  # A cross-origin read's CORS headers are for its origin alone.
        if store.change_pending():
            return None
        try:
            host = request.get_host()
        except DisallowedHost:
            return None  # Refused further in, as usual.
        # A page ignores parameters it does not read; a read endpoint refuses them.
        query = store.canonical_query(store.query_pairs(request.GET, known_only=kind == PAGE))
        key = store.entry_key(request.scheme, host, request.path, query)
        try:
            found = cache.get_many([store.GENERATION_KEY, store.SHARED_KEY, key])
            generations = store.current_generations(cache, found)
            entry = found.get(key)
            current = entry is not None and entry.is_current(cache, generations)
        except Exception:
            logger.warning("Page cache unavailable: rendering the page", exc_info=True)
            return None
        if current:
            replay(entry)
            return get_conditional_response(request, etag=entry.etag, response=entry.response())
        # Read already: what the rest of the request remembers is kept under it (store.remember).
        read_once(store.GENERATION_KEY, lambda: generations[0])
        return Lookup(cache, key, query, generations)

    def finish(self, request, response, lookup):
        offered = getattr(request, REQUEST_ATTRIBUTE)
        personal = (
            is_personal(request)
            or request.user.is_authenticated
            or response.cookies
            or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        )
        if personal:
            patch_cache_control(response, private=True, no_store=True)
            return response
        if response.status_code != 200 or response.streaming or offered is None:
            patch_cache_control(response, no_cache=True)
            return response
        etag = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
        response["ETag"] = etag
        shared = conf.CASCADING_PAGE_SHARED_MAX_AGE
        replayed = getattr(request, REPLAY_ATTRIBUTE, None)
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        if shared and not replayed:
            patch_cache_control(response, s_maxage=shared)
            if getattr(request, VERSION_ATTRIBUTE, None) is not None:
                # A proxy in front keeps it when one other page changes, as this cache does.
                response[store.SCOPE_HEADER] = store.PAGE_SCOPE
        patch_vary_headers(response, ["Cookie"])
        canonical = store.canonical_query(offered)
        as_asked = store.canonical_query(store.query_pairs(request.GET))
        if lookup is not None and canonical == as_asked == lookup.query:
            lookup.keep(response, replayed, getattr(request, VERSION_ATTRIBUTE, None))
        return get_conditional_response(request, etag=etag, response=response)

    def keep_read(self, request, response, lookup):
        """Keep a read endpoint's answer as it is: its view gave it its ETag and Cache-Control."""
        anonymous = not (response.cookies or request.user.is_authenticated)
        if lookup is not None and anonymous and response.status_code == 200 and not response.streaming:
            lookup.keep(response)
        return response
