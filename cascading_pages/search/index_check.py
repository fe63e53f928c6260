"""Drift between a search backend's index and the database, and how to repair it.

An index drifts when updates are lost: the search engine was down while editors published (Wagtail
logs the failed update and carries on, so the publish succeeds), or a bulk ``.update()`` skipped
the signals. For every indexed model this compares what the database says should be indexed
(``model.get_indexed_objects()``) with what the backend holds:

- missing: in the database, not in the index (a coach published during an outage);
- stale: in the index, but no longer in the database or no longer meant to be indexed;
- outdated (Elasticsearch, OpenSearch): in both, but the stored document is not the one the object
  gives now (a coach edited, unpublished or moved during an outage).

Elasticsearch and OpenSearch keep one index per root model (all page types share
``<prefix>wagtailcore_page``) and a document per object, id ``str(pk)``, whose
``_django_content_type`` lists the object's model first. The database backends keep an
``IndexEntry`` row per object (its model's content type and ``object_id``); they are written in the
same transaction as the object, so they only drift through bulk updates, and their text is not
compared.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from modelsearch.backends.base import get_model_root
from modelsearch.backends.elasticsearchbase import ElasticsearchBaseSearchBackend
from modelsearch.index import get_indexed_models

from cascading_pages.search.engine import IndexReading
from cascading_pages.search.tasks import indexed_chunks

SCAN_SIZE = 1_000


class CannotCheck(Exception):
    """The backend keeps no index this module can read, or its index does not exist yet."""


def model_label(model):
    """How Elasticsearch and OpenSearch documents name their model: "cascading_pages.CoachPage"."""
    return f"{model._meta.app_label}.{model.__name__}"


@dataclass
class ModelDrift:
    label: str
    model: type | None  # None: documents of a model that is no longer indexed
    root: type  # The root model: whose index holds these entries
    in_database: int = 0
    in_index: int = 0
    missing: list = field(default_factory=list)
    stale: list = field(default_factory=list)
    outdated: list = field(default_factory=list)

    @property
    def drifted(self):
        return bool(self.missing or self.stale or self.outdated)


@dataclass
class BackendDrift:
    alias: str
    kind: str
    models: list
    documents_compared: bool = False

    @property
    def drifted(self):
        return any(model.drifted for model in self.models)

    def total(self, kind):
        return sum(len(getattr(model, kind)) for model in self.models)


def indexed_models():
    return sorted(get_indexed_models(), key=model_label)


def index_for(backend):
    """The reader of ``backend``'s index."""
    if isinstance(backend, ElasticsearchBaseSearchBackend):
        if not isinstance(backend, IndexReading):
            raise CannotCheck(
                f"{type(backend).__name__} cannot be read by the index check: set its BACKEND to "
                "cascading_pages.search.elasticsearch8 or cascading_pages.search.opensearch2 "
                "(cascading_pages.search.settings does)"
            )
        return ElasticsearchIndex(backend)
    from modelsearch.backends.database.fallback import DatabaseSearchBackend

    if type(backend).__module__.startswith("modelsearch.backends.database.") and not isinstance(
        backend, DatabaseSearchBackend
    ):
        return IndexEntryIndex(backend)
    raise CannotCheck(f"{type(backend).__name__} keeps no index that can be checked")


def _ids(queryset):
    return {str(pk) for pk in queryset.values_list("pk", flat=True).iterator(chunk_size=2000)}


def check(alias, backend, models=None, compare_documents=True):
    """The drift of ``backend`` (configured as ``alias``) for ``models`` (default: all indexed)."""
    index = index_for(backend)
    every_model = not models
    models = models or indexed_models()
    result = []
    for root, group in _by_root(models).items():
        # The index first, then the database: an edit made in between shows as missing or
        # outdated (re-indexing it is harmless), never as a stale entry that --fix would delete.
        stored = index.stored(root, compare_documents)
        for model in group:
            label = model_label(model)
            documents = stored.pop(label, {})
            expected = _ids(model.get_indexed_objects())
            drift = ModelDrift(
                label,
                model,
                root,
                in_database=len(expected),
                in_index=len(documents),
                missing=sorted(expected - documents.keys(), key=_id_order),
                stale=sorted(documents.keys() - expected, key=_id_order),
            )
            if compare_documents and index.compares_documents:
                drift.outdated = index.outdated(
                    model, {pk: documents[pk] for pk in expected & documents.keys()}
                )
            result.append(drift)
        # Documents of a model that is not indexed any more: nothing in the database wants them.
        if every_model:
            for label, documents in stored.items():
                stale = sorted(documents, key=_id_order)
                result.append(ModelDrift(label, None, root, in_index=len(documents), stale=stale))
    return BackendDrift(alias, index.kind, result, compare_documents and index.compares_documents)


def fix(backend, drift):
    """Index the missing and outdated objects and remove the stale documents."""
    index = index_for(backend)
    for model_drift in drift.models:
        model = model_drift.model
        to_index = model_drift.missing + model_drift.outdated
        if model is not None:
            for chunk in indexed_chunks(model, to_index):
                backend.add_bulk(model, chunk)
        index.remove(model_drift)
    index.refresh({m.root for m in drift.models})


def _by_root(models):
    roots = defaultdict(list)
    for model in models:
        roots[get_model_root(model)].append(model)
    return roots


def _id_order(pk):
    return (len(pk), pk)  # Numeric ids in numeric order, others after, in a stable order.


class ElasticsearchIndex:
    """An Elasticsearch or OpenSearch index, read through the plugin's backend
    (``cascading_pages.search.engine.IndexReading``)."""

    compares_documents = True

    def __init__(self, backend):
        self.backend = backend
        self.es = backend.es
        self.kind = backend.product

    def stored(self, root, with_documents):
        """{model label: {id: document or None}} for every document in ``root``'s index."""
        name = self.backend.get_index_for_model(root).name
        if not self.es.indices.exists(index=name):
            raise CannotCheck(f"index {name} does not exist: run `manage.py update_index`")
        self.es.indices.refresh(index=name)
        stored = defaultdict(dict)
        hits = self.backend.scan(
            index=name,
            query={"query": {"match_all": {}}},
            _source=True if with_documents else ["_django_content_type"],
            size=SCAN_SIZE,
        )
        for hit in hits:
            label = hit["_source"]["_django_content_type"][0]
            stored[label][hit["_id"]] = hit["_source"] if with_documents else None
        return stored

    def outdated(self, model, documents):
        """Ids among ``documents`` whose stored document differs from the object's current one."""
        mapping = self.backend.mapping_class(model)
        ids = sorted(documents, key=_id_order)
        outdated = []
        for chunk in indexed_chunks(model, ids):
            for obj in chunk:
                pk = mapping.get_document_id(obj)
                if self.backend.as_stored(mapping.get_document(obj)) != documents[pk]:
                    outdated.append(pk)
        return sorted(outdated, key=_id_order)

    def remove(self, model_drift):
        if not model_drift.stale:
            return
        # Through the alias an atomic rebuild made: it points at one index, so it takes writes.
        name = self.backend.get_index_for_model(model_drift.root).name
        self.backend.delete_documents(name, model_drift.stale)

    def refresh(self, models):
        names = sorted({self.backend.get_index_for_model(model).name for model in models})
        if names:
            self.es.indices.refresh(index=names, ignore_unavailable=True)


class IndexEntryIndex:
    """The database backends' index: wagtail.search's IndexEntry table."""

    kind = "database"
    compares_documents = False

    def __init__(self, backend):
        from wagtail.search.models import IndexEntry

        self.backend = backend
        self.entries = IndexEntry._default_manager.all()

    def stored(self, root, with_documents):
        stored = defaultdict(dict)
        types = ContentType.objects.get_for_models(*_by_root(indexed_models())[root])
        by_pk = {content_type.pk: model_label(model) for model, content_type in types.items()}
        for content_type_id, object_id in self.entries.filter(content_type_id__in=by_pk).values_list(
            "content_type_id", "object_id"
        ):
            stored[by_pk[content_type_id]][object_id] = None
        return stored

    def remove(self, model_drift):
        if model_drift.stale and model_drift.model is not None:  # Entries of known models only.
            content_type = ContentType.objects.get_for_model(model_drift.model)
            self.entries.filter(content_type=content_type, object_id__in=model_drift.stale).delete()

    def refresh(self, models):
        pass
