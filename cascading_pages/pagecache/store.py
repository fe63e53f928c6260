"""Where cached pages are kept, and the content generation that makes them out of date.

Each entry is kept under a key made of the scheme, host, path and canonical query string of the
request, and holds the generation it was rendered in. A request is answered from an entry only if
that generation is still the current one. The generation is replaced once a change commits to:

- any page (publish, unpublish, edit, draft, move, delete), a view restriction, a site, a site
  setting or an image (``connect``), and any model given to ``watch`` (the vocabularies);
- anything the coach directory's snapshots depend on (coaches, their availability, their terms):
  ``cascading_pages.search.snapshot.generation_changed``;
- a search index update made (by the task worker, after the change that asked for it), since
  the directory's search answers come from the index: ``cascading_pages.search.tasks.index_updated``.

Inside a transaction with such a change waiting, nothing is read from or written to the cache
(the request sees what others cannot yet): ``change_pending``.

A page that shows nothing of other pages (``CachedForVisitors.cache_shows_only_itself``, a coach's
profile) is kept under the *shared generation* and its own *page version* instead. A change to such a
page alone (its save or delete, or a part of it given to ``watch_page_part``, or ``page_changed``)
renews the generation and that page's version, not the shared generation: the directory and the
API are rendered again, the other profiles are not. Any other change renews both generations.
"""

import hashlib
import logging
import threading
import uuid
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_migrate, post_save
from django.http import HttpResponse
from wagtail.contrib.frontend_cache.tasks import purge_urls_from_cache_task
from wagtail.contrib.frontend_cache.utils import get_backends
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.images.models import AbstractImage
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import post_page_move

from cascading_pages.conf import conf
from cascading_pages.request_reads import forget, read_once
from cascading_pages.search import snapshot, tasks

GENERATION_KEY = "cascading_pages:page-cache:generation"
SHARED_KEY = "cascading_pages:page-cache:shared-generation"
PAGE_VERSION_KEY = "cascading_pages:page-cache:page-version:{pk}"
ENTRY_KEY = "cascading_pages:page-cache:page:{digest}"
#: A change to more pages than this renews the shared generation instead of each page's version.
MOST_PAGE_VERSIONS = 50
#: Seconds after a change's purge that it is sent again: a page rendered from the data before the
#: change, still on its way to the proxy when the first purge came, is dropped then.
SECOND_PURGE_SECONDS = 2
#: The header that marks an answer of a page that shows only itself (a coach's profile) for a proxy
#: in front, and the address whose PURGE drops every kept answer but those
#: (``site/deploy/varnish.vcl``).
SCOPE_HEADER = "X-Cache-Scope"
PAGE_SCOPE = "page"
SHARED_PURGE_PATH = "/?cascading-purge=shared"

logger = logging.getLogger("cascading_pages.pagecache")

#: Query parameters any cached page reads (``CachedForVisitors.cache_query_params``): the others
#: are left out of the key, so ``?utm_source=…`` finds the same entry.
_query_params = set()
#: URL namespaces whose views may offer their answers to the cache (``pages.offer_read``).
_read_namespaces = set()
#: Models whose committed changes make every cached page out of date.
_watched = [Page, PageViewRestriction, Site, BaseSiteSetting, BaseGenericSetting, AbstractImage]
#: Models whose rows are part of one page (``watch_page_part``): model -> the attribute naming it.
_page_parts = {}


def page_cache():
    """The cache pages are kept in, or None when ``CASCADING_PAGE_CACHE`` turns it off."""
    alias = conf.CASCADING_PAGE_CACHE
    return caches[alias] if alias else None


def register_query_params(names):
    _query_params.update(names)


def register_reads(namespace):
    """Look up visitors' GETs to the addresses in URL ``namespace`` (a JSON API's) in the page cache.

    Their answers are kept only when the view calls ``pages.offer_read``, under the whole query
    string: such views refuse a parameter they do not know, so a key never holds one.
    """
    _read_namespaces.add(namespace)


def is_read_namespace(namespace):
    return namespace in _read_namespaces


def query_pairs(query_dict, known_only=False):
    """``query_dict``'s (name, value) pairs, sorted; with ``known_only`` only the parameters some
    cached page reads, without blank values (an empty form field asks for nothing)."""
    pairs = []
    for name, values in query_dict.lists():
        if known_only and name not in _query_params:
            continue
        pairs.extend((name, value) for value in values if not known_only or value.strip())
    return sorted(pairs)


def canonical_query(pairs):
    return urlencode(sorted(pairs))


def entry_key(scheme, host, path, query):
    digest = hashlib.sha256(f"{scheme}://{host}{path}?{query}".encode()).hexdigest()
    return ENTRY_KEY.format(digest=digest)


def page_version_key(pk):
    return PAGE_VERSION_KEY.format(pk=pk)


@dataclass
class Entry:
    #: The generation it was rendered in; the shared generation for a page kept by its version.
    generation: str
    etag: str
    headers: list
    content: bytes
    #: (function, args) to call again each time this answer is served (``pages.on_every_answer``).
    replay: tuple | None = None
    #: (page id, version) of a page that shows only itself (``CachedForVisitors.cache_shows_only_itself``).
    page: tuple | None = None

    @classmethod
    def of(cls, response, generation, replay=None, page=None):
        headers = [(name, value) for name, value in response.items() if name.lower() != "set-cookie"]
        return cls(generation, response["ETag"], headers, response.content, replay, page)

    def is_current(self, cache, generations):
        """Whether this answer may still be given; ``generations`` as ``current_generations`` read them."""
        generation, shared = generations
        if self.page is None:
            return generation is not None and self.generation == generation
        pk, version = self.page
        return shared is not None and self.generation == shared and cache.get(page_version_key(pk)) == version

    def response(self):
        response = HttpResponse(self.content)
        for name, value in self.headers:
            response[name] = value
        return response


# --- the content generation -----------------------------------------------------------------------


class _ContentChange:
    """Renews the generations when the transaction that made a change commits: the shared one too,
    unless every change in it was to pages that show only themselves (their ids in ``pages``)."""

    def __init__(self):
        self.shared = False
        self.pages = set()

    def __call__(self):
        new_generation(shared=self.shared, pages=self.pages)


def content_changed(using=DEFAULT_DB_ALIAS, page=None):
    """Something a cached page may show changed: pages are rendered again once it is committed.
    ``page``: the id of the one page that shows only itself (``cache_shows_only_itself``) that changed;
    None when the change may show on any page."""
    connection = transaction.get_connection(using)
    change = None
    if connection.in_atomic_block:
        # One waiting change stands for all of them at the same savepoint (an import makes many).
        for savepoints, callback, *_ in reversed(connection.run_on_commit):
            if isinstance(callback, _ContentChange):
                if set(savepoints) == set(connection.savepoint_ids):
                    change = callback
                break
    fresh = change is None
    change = change or _ContentChange()
    # Many pages at once (an import): every page is rendered again rather than each version set.
    if page is None or len(change.pages) >= MOST_PAGE_VERSIONS:
        change.shared = True
        change.pages.clear()
    elif not change.shared:
        change.pages.add(page)
    if fresh:
        transaction.on_commit(change, using=using)  # Right away outside a transaction.


def page_changed(pk, using=DEFAULT_DB_ALIAS):
    """The page ``pk``, which shows only itself, changed where no signal says so (an UPDATE)."""
    content_changed(using, page=pk)


def change_pending(using=DEFAULT_DB_ALIAS):
    """Whether the current transaction has a change waiting that makes cached pages out of date."""
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        return False
    if snapshot.change_pending(using):
        return True
    return any(isinstance(entry[1], _ContentChange) for entry in connection.run_on_commit)


def new_generation(shared=False, pages=(), **kwargs):
    """Renew the generation (every page but those kept by their version is rendered again), and
    with ``shared`` the shared generation (every page), or the version of each of ``pages``."""
    cache = page_cache()
    if cache is not None:
        forget(GENERATION_KEY)
        renewed = {GENERATION_KEY: uuid.uuid4().hex}
        if shared:
            renewed[SHARED_KEY] = uuid.uuid4().hex
        renewed.update((page_version_key(pk), uuid.uuid4().hex) for pk in pages)
        try:
            cache.set_many(renewed, timeout=None)
        except Exception:  # The change is committed already: never fail the request that made it.
            logger.exception(
                "Could not mark cached pages out of date; they may be served until the next change"
            )
    purge_frontend_cache(shared, pages)


def everything_changed(**kwargs):
    new_generation(shared=True)


def purge_frontend_cache(shared=True, pages=()):
    """Ask the CDN or caching proxy in ``WAGTAILFRONTENDCACHE`` (if any) to drop what a change made
    out of date, as the page cache does. With ``shared``: every page of every site (a PURGE of each
    site's root, which ``site/deploy/varnish.vcl`` turns into a ban of every address under it, query
    strings included). Otherwise every answer but the pages that show only themselves (coaches'
    profiles: the other profiles stay kept), and ``pages``, the ids of such pages that changed.
    Sent again a moment later for pages that were being rendered from the data before the change
    as it committed."""
    try:
        if not get_backends():
            return
        roots = [site.root_url for site in Site.objects.all()]
        changed = [page.get_full_url() for page in Page.objects.filter(pk__in=pages)]
        if shared or len(changed) < len(pages) or not all(changed):
            # Everything changed, or a page is gone (deleted): every page of every site.
            urls = [f"{root}/" for root in roots]
        else:
            urls = [f"{root}{SHARED_PURGE_PATH}" for root in roots] + changed
    except Exception:  # Committed already; the shared cache's s-maxage bounds how long it lags.
        logger.exception("Could not purge the frontend cache")
        return
    _purge(urls)
    purge_again_later(urls)


def purge_again_later(urls):
    again = threading.Timer(SECOND_PURGE_SECONDS, _purge, args=[urls])
    again.daemon = True
    again.start()


def _purge(urls):
    # Now, in this process: queued for a task worker, the purge could come long after the change.
    try:
        purge_urls_from_cache_task.call(urls)
    except Exception:
        logger.exception("Could not purge the frontend cache")


#: Values ``remember`` keeps in this process: {key: (generation, value)}. A few dozen at most.
_remembered = {}
REMEMBERED_SLOTS = 64


def remember(key, compute):
    """``compute()``, kept in this process's memory until the content generation is replaced.

    For small answers every request would read from the database in the same way between two
    changes (which site a host name is, which page a directory id is): any committed change to a
    page, a view restriction or a site replaces the generation, so the next call computes again.
    ``key`` must be hashable and bounded (no raw user input: at most ``REMEMBERED_SLOTS`` are kept,
    then all are dropped). Without a page cache, or inside a transaction with a change waiting,
    ``compute()`` runs every time. The value is shared by requests and threads: never change it.
    """
    cache = page_cache()
    if cache is None or change_pending():
        return compute()
    # Read before computing: a change committing meanwhile replaces it, so nothing older is kept
    # under the new generation.
    generation = remembered_generation(cache)
    if generation is None:
        return compute()
    kept = _remembered.get(key)
    if kept is not None and kept[0] == generation:
        return kept[1]
    value = compute()
    if len(_remembered) >= REMEMBERED_SLOTS:
        _remembered.clear()
    _remembered[key] = (generation, value)
    return value


#: Rows ``remember_rows`` keeps in this process: {(namespace, pk): (generation, row)}, least
#: recently used first.
_rows = {}
_rows_lock = threading.Lock()
REMEMBERED_ROWS = 2000


def remember_rows(namespace, pks, fetch):
    """{pk: row} for ``pks``, as ``fetch(pks)`` gives them ({pk: row}, leaving out those it cannot
    give), kept in this process's memory until the content generation is replaced, as ``remember``
    keeps its values: the rows a list shows again and again between two changes (a directory's
    page of coaches). ``namespace`` names the list (and ``fetch``'s rules: which rows it gives).
    At most ``REMEMBERED_ROWS`` rows are kept, the least recently used dropped first. The rows are
    shared by requests and threads: a caller changes a copy, never a row."""
    cache = page_cache()
    if cache is None or change_pending():
        return fetch(pks)
    generation = remembered_generation(cache)
    if generation is None:
        return fetch(pks)
    found, missing = {}, []
    with _rows_lock:
        for pk in pks:
            kept = _rows.pop((namespace, pk), None)
            if kept is not None and kept[0] == generation:
                _rows[(namespace, pk)] = kept  # The most recently used, last.
                found[pk] = kept[1]
            else:
                missing.append(pk)
    if missing:
        fetched = fetch(missing)
        for row in fetched.values():
            if hasattr(row, "__dict__"):
                row_memo(row)
        with _rows_lock:
            for pk, row in fetched.items():
                _rows[(namespace, pk)] = (generation, row)
            while len(_rows) > REMEMBERED_ROWS:
                del _rows[next(iter(_rows))]
        found.update(fetched)
    return found


def row_memo(row):
    """A dict for work done once per row between two changes (why a coach matched some words, its
    address), kept with ``row`` and shared by its shallow copies: ``remember_rows`` gives each row
    it fetches one before the row is shared. A row not remembered gets one of its own."""
    return row.__dict__.setdefault("_remembered_memo", {})


def remembered_generation(cache):
    """The generation what this process remembers is kept under, read once per request; None when
    the cache cannot be read (then nothing is remembered: every value is computed afresh)."""

    def read():
        try:
            return _current(cache, cache.get_many([GENERATION_KEY]), GENERATION_KEY)
        except Exception:
            logger.warning("Cache unavailable: nothing is remembered for this request", exc_info=True)
            return None

    return read_once(GENERATION_KEY, read)


def forget_rows():
    """Drop every row ``remember_rows`` keeps (as a new process would start)."""
    with _rows_lock:
        _rows.clear()


def private_pages_q():
    """What Wagtail's ``PageQuerySet.public()`` excludes (pages with a view restriction on them or
    an ancestor), from the restrictions remembered until a page or restriction changes: the same
    filter without reading every restriction on each request."""
    sections = remember(
        ("view-restrictions",),
        lambda: tuple(PageViewRestriction.objects.values_list("page__path", "page__depth")),
    )
    q = Q()
    for path, depth in sections:
        q |= Q(path__startswith=path, depth__gte=depth)
    return q if q else Q(pk__in=[])


def current_generations(cache, found):
    """(generation, shared generation) in ``found`` (what a ``get_many`` of both read), each made
    when missing, as every process agrees on."""
    return tuple(_current(cache, found, key) for key in (GENERATION_KEY, SHARED_KEY))


def current_page_version(cache, pk):
    return _current(cache, {}, page_version_key(pk))


def _current(cache, found, key):
    value = found.get(key)
    if value is None:
        cache.add(key, uuid.uuid4().hex, timeout=None)
        value = cache.get(key)
    return value


def shows_only_itself(page):
    """Whether a change to ``page`` can show on no other page but itself (and lists of pages,
    which the generation renews): its class says so, and it is not in the site's menus."""
    return getattr(page.specific_class, "cache_shows_only_itself", False) and not page.show_in_menus


def _saved_or_deleted(sender, instance, raw=False, using=None, **kwargs):
    if raw:
        return
    using = using or DEFAULT_DB_ALIAS
    if isinstance(instance, Page) and shows_only_itself(instance):
        content_changed(using, page=instance.pk)
    elif isinstance(instance, tuple(_watched)):
        content_changed(using)
    elif type(instance) in _page_parts:
        content_changed(using, page=getattr(instance, _page_parts[type(instance)]))


def _moved(sender, instance=None, **kwargs):
    content_changed()


def watch(*models):
    """Make a committed save or delete of any of ``models`` (or their subclasses) renew the generation."""
    _watched.extend(model for model in models if model not in _watched)


def watch_page_part(model, page_attribute):
    """Make a committed save or delete of a ``model`` row renew the version of the page it is part
    of, ``row.<page_attribute>`` (an id), which shows only itself. Changes made with an UPDATE send
    no signal: call ``page_changed`` for them."""
    _page_parts[model] = page_attribute


def connect():
    post_save.connect(_saved_or_deleted, dispatch_uid="cascading-page-cache-saved")
    post_delete.connect(_saved_or_deleted, dispatch_uid="cascading-page-cache-deleted")
    post_page_move.connect(_moved, dispatch_uid="cascading-page-cache-moved")
    # Lists and searches of coaches: a coach's own profile changes with its own save, or a part of it.
    snapshot.generation_changed.connect(new_generation, dispatch_uid="cascading-page-cache-coaches")
    tasks.index_updated.connect(new_generation, dispatch_uid="cascading-page-cache-index")
    # ``flush`` (between transactional tests) empties the tables but not the cache.
    post_migrate.connect(everything_changed, dispatch_uid="cascading-page-cache-flush")
