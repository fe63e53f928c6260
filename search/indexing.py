"""Updating the search index for pages saved in bulk, such as a coach import.

Wagtail updates every search backend on every save (a publish saves a page several times), one
request at a time. :func:`bulk_indexing` holds those updates back for one model while a batch is
saved and then indexes each saved object once, in bulk requests. It swaps signal receivers, which
is global: use it in management commands, not in request handling.
"""

import logging
from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models.signals import post_save
from wagtail.search.backends import get_search_backends
from wagtail.search.signal_handlers import post_save_signal_handler
from wagtail.search.tasks import insert_or_update_object_task

logger = logging.getLogger("cascading_search")

_held_back = ContextVar("held_back_index_updates", default=None)

CHUNK_SIZE = 500


def schedule_index_update(instance):
    """Index ``instance`` again: now (through Wagtail's task), or at the end of a bulk_indexing block."""
    held_back = _held_back.get()
    if held_back is not None and isinstance(instance, held_back["model"]):
        held_back["pks"].add(instance.pk)
        return
    insert_or_update_object_task.enqueue(
        instance._meta.app_label, instance._meta.model_name, str(instance.pk)
    )


def _hold_back(sender, instance, raw=False, **kwargs):
    if not raw:
        schedule_index_update(instance)


@contextmanager
def bulk_indexing(model):
    held_back = {"model": model, "pks": set()}
    token = _held_back.set(held_back)
    post_save.disconnect(post_save_signal_handler, sender=model)
    post_save.connect(_hold_back, sender=model, dispatch_uid="cascading-bulk-indexing")
    try:
        yield
    finally:
        post_save.disconnect(_hold_back, sender=model, dispatch_uid="cascading-bulk-indexing")
        post_save.connect(post_save_signal_handler, sender=model)
        _held_back.reset(token)
        index_objects(model, sorted(held_back["pks"]))


def index_objects(model, pks):
    """Index the objects of ``model`` with these primary keys in every auto-updated backend."""
    objects = model.get_indexed_objects()
    for backend in get_search_backends(with_auto_update=True):
        for start in range(0, len(pks), CHUNK_SIZE):
            chunk = list(objects.filter(pk__in=pks[start : start + CHUNK_SIZE]))
            try:
                backend.add_bulk(model, chunk)
            except Exception:
                if not backend.catch_indexing_errors:
                    raise
                logger.exception("Could not index %d %s objects in %r", len(chunk), model.__name__, backend)
