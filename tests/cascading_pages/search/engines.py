"""The search backends a directory test can run against, by name."""

from dataclasses import dataclass

import pytest
from django.test import override_settings
from wagtail.search.backends import get_search_backend

from cascading_pages.search.settings import elasticsearch_backend
from tests.elasticsearch_helpers import (
    SEARCH_ENGINES,
    refresh,
    require_engine,
    reset_page_index,
    stored_document,
)

#: Wagtail's database backend, then the real search engines (each skips without its node).
ENGINES = ["database", *SEARCH_ENGINES]


def engine_param(name, marks=()):
    """``name`` as a pytest parameter; an OpenSearch one is marked ``opensearch``, so that
    ``pytest -m opensearch`` (the OpenSearch pass) selects it."""
    if name == "opensearch":
        marks = (*marks, pytest.mark.opensearch)
    return pytest.param(name, marks=marks, id=name)


@dataclass
class Engine:
    name: str
    alias: str
    backend: object

    @property
    def keeps_documents(self):
        """True for Elasticsearch and OpenSearch: their index holds a document per object."""
        return self.name in SEARCH_ENGINES

    def refresh(self):
        """Make what was just written searchable (a no-op on the database backend)."""
        refresh(self.backend)

    def document(self, obj):
        """The document the engine's index holds for ``obj``, or None."""
        return stored_document(self.backend, obj)

    def backend_settings(self, **options):
        """Settings for another backend alias on this engine's test node (``options`` are
        ``elasticsearch_backend``'s), for a test that needs indexes of its own."""
        return elasticsearch_backend(SEARCH_ENGINES[self.name].url, engine=self.name, **options)


def engine_for(name):
    """The engine called ``name``, ready for a test's data: a search engine gets an empty page
    index.

    Without a reachable node of that engine this skips the test (or fails it, when required).
    """
    if name in SEARCH_ENGINES:
        backend = require_engine(name)
        reset_page_index(backend)
        return Engine(name, name, backend)
    return Engine(name, "default", get_search_backend("default"))


class EngineTestMixin:
    """For TestCase classes: ``engine_name`` picks the backend the directory asks; the other
    backends are kept current as usual. Mark an OpenSearch class ``@pytest.mark.opensearch``."""

    engine_name = "database"

    @classmethod
    def setUpClass(cls):
        cls.engine = engine_for(cls.engine_name)
        cls.enterClassContext(override_settings(CASCADING_DIRECTORY_SEARCH_BACKEND=cls.engine.alias))
        super().setUpClass()
