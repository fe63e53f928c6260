"""The search backends a directory test can run against, by name."""

from dataclasses import dataclass

from django.test import override_settings
from wagtail.search.backends import get_search_backend

from tests.elasticsearch_helpers import ALIAS, refresh, require_elasticsearch, reset_page_index

ENGINES = ["database", "elasticsearch"]


@dataclass
class Engine:
    name: str
    alias: str
    backend: object

    def refresh(self):
        """Make what was just written searchable (a no-op on the database backend)."""
        refresh(self.backend)


def engine_for(name):
    """The engine called ``name``, ready for a test's data: Elasticsearch gets an empty page index.

    Without a reachable Elasticsearch this skips the test (or fails it, when required).
    """
    if name == "elasticsearch":
        backend = require_elasticsearch()
        reset_page_index(backend)
        return Engine(name, ALIAS, backend)
    return Engine(name, "default", get_search_backend("default"))


class EngineTestMixin:
    """For TestCase classes: ``engine_name`` picks the backend the directory asks; the other
    backends are kept current as usual."""

    engine_name = "database"

    @classmethod
    def setUpClass(cls):
        cls.engine = engine_for(cls.engine_name)
        cls.enterClassContext(override_settings(CASCADING_DIRECTORY_SEARCH_BACKEND=cls.engine.alias))
        super().setUpClass()
