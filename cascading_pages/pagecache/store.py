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
"""

import hashlib
import logging
import threading
import uuid
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models.signals import post_delete, post_migrate, post_save
from django.http import HttpResponse
from wagtail.contrib.frontend_cache.tasks import purge_urls_from_cache_task
from wagtail.contrib.frontend_cache.utils import get_backends
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.images.models import AbstractImage
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import post_page_move

from cascading_pages.conf import conf
from cascading_pages.search import snapshot, tasks

GENERATION_KEY = "cascading_pages:page-cache:generation"
ENTRY_KEY = "cascading_pages:page-cache:page:{digest}"
#: Seconds after a change's purge that it is sent again: a page rendered from the data before the
#: change, still on its way to the proxy when the first purge came, is dropped then.
SECOND_PURGE_SECONDS = 2

logger = logging.getLogger("cascading_pages.pagecache")

#: Query parameters any cached page reads (``CachedForVisitors.cache_query_params``): the others
#: are left out of the key, so ``?utm_source=…`` finds the same entry.
_query_params = set()
#: Models whose committed changes make every cached page out of date.
_watched = [Page, PageViewRestriction, Site, BaseSiteSetting, BaseGenericSetting, AbstractImage]


def page_cache():
    """The cache pages are kept in, or None when ``CASCADING_PAGE_CACHE`` turns it off."""
    alias = conf.CASCADING_PAGE_CACHE
    return caches[alias] if alias else None


def register_query_params(names):
    _query_params.update(names)


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


@dataclass
class Entry:
    generation: str
    etag: str
    headers: list
    content: bytes
    #: (function, args) to call again each time this answer is served (``pages.on_every_answer``).
    replay: tuple | None = None

    @classmethod
    def of(cls, response, generation, replay=None):
        headers = [(name, value) for name, value in response.items() if name.lower() != "set-cookie"]
        return cls(generation, response["ETag"], headers, response.content, replay)

    def response(self):
        response = HttpResponse(self.content)
        for name, value in self.headers:
            response[name] = value
        return response


# --- the content generation -----------------------------------------------------------------------


class _ContentChange:
    """Replaces the generation when the transaction that made a change commits."""

    def __call__(self):
        new_generation()


def content_changed(using=DEFAULT_DB_ALIAS):
    """Something a cached page may show changed: pages are rendered again once it is committed."""
    connection = transaction.get_connection(using)
    if connection.in_atomic_block:
        # One waiting change stands for all of them at the same savepoint (an import makes many).
        for savepoints, callback, *_ in reversed(connection.run_on_commit):
            if isinstance(callback, _ContentChange):
                if set(savepoints) == set(connection.savepoint_ids):
                    return
                break
    transaction.on_commit(_ContentChange(), using=using)  # Right away outside a transaction.


def change_pending(using=DEFAULT_DB_ALIAS):
    """Whether the current transaction has a change waiting that makes cached pages out of date."""
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        return False
    if snapshot.change_pending(using):
        return True
    return any(isinstance(entry[1], _ContentChange) for entry in connection.run_on_commit)


def new_generation(**kwargs):
    cache = page_cache()
    if cache is not None:
        try:
            cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        except Exception:  # The change is committed already: never fail the request that made it.
            logger.exception(
                "Could not mark cached pages out of date; they may be served until the next change"
            )
    purge_frontend_cache()


def purge_frontend_cache():
    """Ask the CDN or caching proxy in ``WAGTAILFRONTENDCACHE`` (if any) to drop every page of every
    site: a PURGE of each site's root, which the Varnish configuration in ``site/deploy/varnish.vcl``
    turns into a ban of every address under it, query strings included. Sent again a moment later
    for pages that were being rendered from the data before the change as it committed."""
    try:
        if not get_backends():
            return
        urls = [f"{site.root_url}/" for site in Site.objects.all()]
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
    generation = cache.get(GENERATION_KEY)
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


def current_generation(cache, found):
    """The generation in ``found`` (what a ``get_many`` read), or a new one every process agrees on."""
    generation = found.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def _saved_or_deleted(sender, instance, raw=False, using=None, **kwargs):
    if not raw and isinstance(instance, tuple(_watched)):
        content_changed(using or DEFAULT_DB_ALIAS)


def _moved(sender, instance=None, **kwargs):
    content_changed()


def watch(*models):
    """Make a committed save or delete of any of ``models`` (or their subclasses) renew the generation."""
    _watched.extend(model for model in models if model not in _watched)


def connect():
    post_save.connect(_saved_or_deleted, dispatch_uid="cascading-page-cache-saved")
    post_delete.connect(_saved_or_deleted, dispatch_uid="cascading-page-cache-deleted")
    post_page_move.connect(_moved, dispatch_uid="cascading-page-cache-moved")
    snapshot.generation_changed.connect(new_generation, dispatch_uid="cascading-page-cache-coaches")
    tasks.index_updated.connect(new_generation, dispatch_uid="cascading-page-cache-index")
    # ``flush`` (between transactional tests) empties the tables but not the cache.
    post_migrate.connect(new_generation, dispatch_uid="cascading-page-cache-flush")
