"""The mixin a page class takes to be answered from the cache for visitors who are not logged in."""

import logging

from cascading_pages.pagecache import store

logger = logging.getLogger("cascading_pages.pagecache")

#: Where ``serve`` leaves, for the middleware, the canonical query of an answer that may be kept
#: (None: this answer must not be kept).
REQUEST_ATTRIBUTE = "_cascading_page_cache_query"
#: Where ``on_every_answer`` leaves the work to do again whenever the kept answer is served.
REPLAY_ATTRIBUTE = "_cascading_page_cache_replay"
#: Where ``serve`` leaves (page id, version) of a page kept by its version, read before rendering
#: (version None: it could not be read, and the answer is not kept).
VERSION_ATTRIBUTE = "_cascading_page_cache_version"
#: Set by ``offer_read`` on a read endpoint's answer that the middleware may keep.
READ_ATTRIBUTE = "_cascading_page_cache_read"


def offer_read(request):
    """Let the page cache keep this answer of a read endpoint (an address in a namespace given to
    ``store.register_reads``) for visitors who are not logged in, under its whole query string.

    Call it only for an answer that is the same for every visitor and depends on nothing but
    committed content, as a public read of the JSON API is.
    """
    setattr(request, READ_ATTRIBUTE, True)


def on_every_answer(request, function, *args):
    """Call ``function(*args)`` now, and again each time the page cache serves this answer.

    For what a cached page must still count, such as a visitor's search in the query log.
    ``function`` must be a module-level function (it is kept with the answer, by name). Such an
    answer gets no ``s-maxage``: a shared cache in front would answer without Django.
    """
    function(*args)
    setattr(request, REPLAY_ATTRIBUTE, (function, args))


class CachedForVisitors:
    """Kept in the page cache (``cascading_pages.pagecache``) for visitors who are not logged in.

    Put it before ``Page`` in the bases. A page that shows something personal, or a form with its
    CSRF token, must not take it. Override points: ``cache_query_params`` and ``get_cache_query``.
    """

    #: The query parameters that change what this page shows; the cache ignores any other.
    cache_query_params = ()
    #: True promises that this page shows nothing of other pages that may change on their own (a
    #: list, a count, another page's text), only its own fields, the rows ``store.watch_page_part``
    #: names and what every page shows (menus, settings, images). A change to it then renders this
    #: page and the lists of pages again, not every page of the site (``store``).
    cache_shows_only_itself = False

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        store.register_query_params(cls.cache_query_params)

    def get_cache_query(self, request, response):
        """The (name, value) pairs of the query ``response`` answers, in canonical form, or None if
        this answer must not be kept. Only a request written exactly so is stored; the default
        (``[]``) keeps the page as asked for without a query string."""
        return []

    def serve(self, request, *args, **kwargs):
        if getattr(request, "is_preview", False):
            return super().serve(request, *args, **kwargs)
        if self.cache_shows_only_itself:
            setattr(request, VERSION_ATTRIBUTE, (self.pk, self._cache_version()))
        response = super().serve(request, *args, **kwargs)
        setattr(request, REQUEST_ATTRIBUTE, self.get_cache_query(request, response))
        return response

    def _cache_version(self):
        """This page's version, read before it is rendered (a change committed meanwhile leaves the
        answer out of date), or None when there is none to read."""
        cache = store.page_cache()
        if cache is None:
            return None
        try:
            return store.current_page_version(cache, self.pk)
        except Exception:
            logger.warning("Page cache unavailable: the page is not kept", exc_info=True)
            return None
