"""The tasks that write to the search index.

They run where the ``TASKS`` setting says: at once, in the code that saved the object (the
default ImmediateBackend), or later in a worker (``manage.py db_worker`` with the database backend;
site/README.md, "Background tasks and the worker"). Each takes a list of primary keys, so an
import or a renamed vocabulary term is one task, not one per coach.

A backend that fails is logged and the task fails (a queue records it, traceback included). On a
queue that can run a task later, the same update is queued again after each of RETRY_DELAYS; after
the last, the error log says so and ``manage.py update_index`` brings the index back in line.
"""

import logging
from collections import defaultdict
from datetime import timedelta

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django_tasks import task
from modelcluster.fields import ParentalManyToManyField
from wagtail.models import Page
from wagtail.search.backends import get_search_backends_with_name
from wagtail.search.index import RelatedFields, class_is_indexed

logger = logging.getLogger("cascading_pages.search")

CHUNK_SIZE = 500
# Seconds to wait before each further attempt at an update that failed.
RETRY_DELAYS = (60, 5 * 60, 30 * 60)


class IndexingError(Exception):
    """One or more search backends could not be updated (each failure is logged where it happened)."""


#: Sent when a search index update has been made: what a search answers may have changed.
index_updated = Signal()


@task()
def index_objects_task(model_label, pks, attempt=1):
    """Index these objects of one model (``"app_label.model_name"``) again."""
    _run_or_retry(index_objects_task, index_objects, model_label, pks, attempt)


@task()
def remove_objects_task(model_label, pks, attempt=1):
    """Remove these objects, already deleted from the database, from the index."""
    _run_or_retry(remove_objects_task, remove_objects, model_label, pks, attempt)


def _run_or_retry(this_task, update, model_label, pks, attempt):
    try:
        update(apps.get_model(model_label), pks)
        index_updated.send(sender=this_task, model_label=model_label, pks=pks)
    except Exception:
        described = f"{len(pks)} {model_label} object{'s' if len(pks) != 1 else ''}"
        if attempt <= len(RETRY_DELAYS) and this_task.get_backend().supports_defer:
            delay = RETRY_DELAYS[attempt - 1]
            this_task.using(run_after=timezone.now() + timedelta(seconds=delay)).enqueue(
                model_label, pks, attempt=attempt + 1
            )
            logger.warning(
                "Search index update of %s failed (attempt %d); trying again in %d s",
                described,
                attempt,
                delay,
            )
        else:
            logger.error(
                "Search index update of %s failed (attempt %d) and will not be tried again: "
                "run `manage.py update_index` once the search backend is back",
                described,
                attempt,
            )
        raise


def index_objects(model, pks):
    """Index the objects of ``model`` with these primary keys in every backend kept up to date
    automatically, in bulk requests, each as its most specific class (a page saved as a plain
    ``Page``, as when it is moved, is indexed as the coach it is). Objects that are not among their
    model's indexed objects (a page unpublished or made private: ``search/pages.py``) are removed
    from the index, so nothing stays there that ``update_index`` would leave out."""
    failed = set()
    for specific_model, specific_pks in _by_specific_model(model, pks):
        indexed = set()
        for objects in indexed_chunks(specific_model, specific_pks):
            indexed.update(str(obj.pk) for obj in objects)
            failed |= _each_backend("add_bulk", specific_model, objects)
        for pk in specific_pks:
            if str(pk) not in indexed:
                failed |= _each_backend("delete", specific_model(pk=pk))
    if failed:
        raise IndexingError(f"Could not index {model._meta.label} objects in {', '.join(sorted(failed))}")


def indexed_chunks(model, pks):
    """The indexed objects of ``model`` among these primary keys, in lists of at most CHUNK_SIZE
    (one bulk request each); objects that are gone or not indexed are left out."""
    objects = model.get_indexed_objects()
    for start in range(0, len(pks), CHUNK_SIZE):
        chunk = list(objects.filter(pk__in=pks[start : start + CHUNK_SIZE]))
        if chunk:
            read_parental_relations(model, chunk)
            yield chunk


def read_parental_relations(model, objects):
    """Read each ``ParentalManyToManyField`` the index describes ``objects`` by (``RelatedFields``)
    in one query for all of them, and give each object its share as its in-memory value.

    ``get_indexed_objects`` prefetches the other relations an index reads, but not these:
    modelcluster's manager answers from the database each time (it ignores Django's prefetch
    cache), and a backend reads each relation once per field group (title, body, autocomplete),
    so every object would cost that many queries per relation. A value set with ``set()`` stays in
    memory (these objects are only read, never saved) and is what the manager answers from."""
    for search_field in model.get_search_fields():
        if not isinstance(search_field, RelatedFields):
            continue
        try:
            field = model._meta.get_field(search_field.field_name)
        except FieldDoesNotExist:
            continue
        if not isinstance(field, ParentalManyToManyField):
            continue
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        ordering = [
            f"-{target}__{name[1:]}" if name.startswith("-") else f"{target}__{name}"
            for name in field.related_model._meta.ordering
        ]
        rows = (
            field.remote_field.through.objects.filter(**{f"{source}__in": [obj.pk for obj in objects]})
            .select_related(target)
            .order_by(*ordering, "pk")
        )
        related = defaultdict(list)
        for row in rows:
            related[getattr(row, f"{source}_id")].append(getattr(row, target))
        for obj in objects:
            getattr(obj, field.name).set(related[obj.pk])


def remove_objects(model, pks):
    """Remove the objects of ``model`` with these primary keys from every automatically updated
    backend (the objects no longer exist: a bare instance carries what the backends need, the pk)."""
    failed = set()
    for pk in pks:
        failed |= _each_backend("delete", model(pk=pk))
    if failed:
        raise IndexingError(f"Could not remove {model._meta.label} objects from {', '.join(sorted(failed))}")


def _each_backend(method, *args):
    """Call ``method`` with ``args`` on every automatically updated backend; return the names of
    those that failed."""
    failed = set()
    for name, backend in get_search_backends_with_name(with_auto_update=True):
        try:
            if backend.catch_indexing_errors:
                getattr(backend, method)(*args)
            else:
                # A database backend writes to our database: a failure must not spoil the
                # transaction around it (a publish, when the task runs at once).
                with transaction.atomic():
                    getattr(backend, method)(*args)
        except Exception:
            logger.exception("Could not update the %r search backend", name)
            failed.add(name)
    return failed


def _by_specific_model(model, pks):
    """(model, pks) pairs: pages grouped by their specific page type, other models as they are."""
    if not issubclass(model, Page):
        return [(model, list(pks))] if class_is_indexed(model) else []
    groups = defaultdict(list)
    for pk, content_type_id in Page.objects.filter(pk__in=pks).values_list("pk", "content_type_id"):
        groups[ContentType.objects.get_for_id(content_type_id).model_class()].append(pk)
    return [
        (specific_model, sorted(group))
        for specific_model, group in groups.items()
        if specific_model is not None and class_is_indexed(specific_model)
    ]
