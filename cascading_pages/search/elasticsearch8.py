"""Wagtail's Elasticsearch 8 backend, with the plugin's additions (``cascading_pages.search.engine``):
ranked ids in one request for the directory, and the reading the index check needs.

Everything else is Wagtail's backend unchanged; point ``WAGTAILSEARCH_BACKENDS[...]["BACKEND"]`` at
this module to use it (``cascading_pages.search.settings`` does). Its OpenSearch twin is
``cascading_pages.search.opensearch2``.
"""

from elasticsearch import helpers
from wagtail.search.backends.elasticsearch8 import (
    Elasticsearch8SearchBackend,
    Elasticsearch8SearchQueryCompiler,
    Elasticsearch8SearchResults,
)

from cascading_pages.search.engine import IndexReading, RankedPksResults
from cascading_pages.search.partial import MinimumShouldMatchCompiler


class DirectorySearchQueryCompiler(MinimumShouldMatchCompiler, Elasticsearch8SearchQueryCompiler):
    pass


class DirectorySearchResults(RankedPksResults, Elasticsearch8SearchResults):
    pass


class DirectorySearchBackend(IndexReading, Elasticsearch8SearchBackend):
    results_class = DirectorySearchResults
    query_compiler_class = DirectorySearchQueryCompiler
    #: Long searches also find results matching most words (cascading_pages.search.partial).
    supports_minimum_should_match = True
    product = "Elasticsearch"
    helpers = helpers

    def serialize(self, document):
        return self.es.transport.serializers.dumps(document, "application/json")


SearchBackend = DirectorySearchBackend
