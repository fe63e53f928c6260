"""Keeping the search index current: every change reaches it through a task (search/tasks.py).

Wagtail updates the index on every save of an indexed object through a task, but removes a deleted
object at once, inside the editor's request, and leaves a moved page's descendants with their old
place in the tree. :func:`connect` (called by the app's ``ready()``) puts this module's receivers in
place of Wagtail's, so saves, deletes and moves all go through tasks: run at once by default, or
queued for a worker when the ``TASKS`` setting says so (site/README.md, "Background tasks and the
worker").

:func:`bulk_indexing` holds the updates for one model back while a batch of them is saved (a
publish saves a page several times) and then queues one task for all of them.

Only live, public pages are indexed (``search/pages.py``): adding or removing a view restriction
re-indexes the page and its descendants, which takes them out of the index or puts them back.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models.signals import post_delete, post_save
from modelsearch import signal_handlers as wagtail_handlers
from wagtail.models import Page, PageViewRestriction
from wagtail.search.index import get_indexed_instance, get_indexed_models
from wagtail.signals import post_page_move

from cascading_pages.search.tasks import index_objects_task, remove_objects_task

_held_back = ContextVar("held_back_index_updates", default=None)


def schedule_index_update(instance):
    """Index ``instance`` again: through a task now, or at the end of a bulk_indexing block."""
    held_back = _held_back.get()
    if held_back is not None and isinstance(instance, held_back["model"]):
        held_back["pks"].add(instance.pk)
        return
    schedule_index_updates(type(instance), [instance.pk])


def schedule_index_updates(model, pks):
    """Index these objects of ``model`` again, in one task (or at the end of a bulk_indexing block
    for its model)."""
    held_back = _held_back.get()
    if held_back is not None and issubclass(model, held_back["model"]):
        held_back["pks"].update(pks)
        return
    if pks:
        index_objects_task.enqueue(model._meta.label_lower, [str(pk) for pk in pks])


@contextmanager
def bulk_indexing(model):
    """Index the objects of ``model`` saved inside the block once each, in one task at its end."""
    held_back = {"model": model, "pks": set()}
    token = _held_back.set(held_back)
    try:
        yield
    finally:
        _held_back.reset(token)
        schedule_index_updates(model, sorted(held_back["pks"]))


def index_saved_object(sender, instance, raw=False, **kwargs):
    if not raw:  # Fixtures being loaded: update_index indexes them afterwards.
        schedule_index_update(instance)


def remove_deleted_object(sender, instance, **kwargs):
    # The object's most specific class is known only now (a page's row is already gone when the
    # worker runs): a page deleted as its base Page gets no entry here, its specific class does.
    indexed = get_indexed_instance(instance, check_exists=False)
    if indexed is not None:
        remove_objects_task.enqueue(indexed._meta.label_lower, [str(indexed.pk)])


def index_moved_descendants(sender, instance, **kwargs):
    # Wagtail saves (and so indexes) the moved page only; its descendants' place in the tree is
    # updated in bulk, which the index would not otherwise hear of.
    schedule_index_updates(type(instance), list(instance.get_descendants().values_list("pk", flat=True)))


def index_restricted_pages(sender, instance, raw=False, **kwargs):
    # A restriction hides its page and every page below it; removing it shows them again.
    page = Page.objects.filter(pk=instance.page_id).first()
    if raw or page is None:  # (a deleted page's restrictions go with it; so does its index entry)
        return
    schedule_index_updates(Page, [page.pk, *page.get_descendants().values_list("pk", flat=True)])


def connect():
    """Replace Wagtail's index receivers with these; return whether Wagtail's were found to replace
    (they are connected by the ``wagtail.search`` app's ready(), which must run first)."""
    replaced = False
    for model in get_indexed_models():
        if not getattr(model, "search_auto_update", True):
            continue
        replaced |= post_save.disconnect(wagtail_handlers.post_save_signal_handler, sender=model)
        replaced |= post_delete.disconnect(wagtail_handlers.post_delete_signal_handler, sender=model)
        post_save.connect(index_saved_object, sender=model, dispatch_uid="cascading-index-saved")
        post_delete.connect(remove_deleted_object, sender=model, dispatch_uid="cascading-index-deleted")
    post_page_move.connect(index_moved_descendants, dispatch_uid="cascading-index-moved")
    post_save.connect(
        index_restricted_pages, sender=PageViewRestriction, dispatch_uid="cascading-index-restricted"
    )
    post_delete.connect(
        index_restricted_pages, sender=PageViewRestriction, dispatch_uid="cascading-index-unrestricted"
    )
    return replaced
