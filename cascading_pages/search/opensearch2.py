"""Wagtail's OpenSearch 2 backend (the ``opensearch-py`` 2.x client), with the plugin's additions
(``cascading_pages.search.engine``): ranked ids in one request for the directory, and the reading
the index check needs. The twin of ``cascading_pages.search.elasticsearch8``.

Everything else is Wagtail's backend unchanged; ``cascading_pages.search.settings`` points
``WAGTAILSEARCH_BACKENDS[...]["BACKEND"]`` here for ``engine="opensearch"``. Needs the plugin's
``opensearch`` extra (``pip install "cascading-leadership[opensearch]"``).
"""

from opensearchpy import helpers
from wagtail.search.backends.opensearch2 import (
    OpenSearch2SearchBackend,
    OpenSearch2SearchQueryCompiler,
    OpenSearch2SearchResults,
)

from cascading_pages.search.engine import IndexReading, RankedPksResults
from cascading_pages.search.partial import MinimumShouldMatchCompiler


class DirectorySearchQueryCompiler(MinimumShouldMatchCompiler, OpenSearch2SearchQueryCompiler):
    pass


class DirectorySearchResults(RankedPksResults, OpenSearch2SearchResults):
    pass


class DirectorySearchBackend(IndexReading, OpenSearch2SearchBackend):
    results_class = DirectorySearchResults
    query_compiler_class = DirectorySearchQueryCompiler
    #: Long searches also find results matching most words (cascading_pages.search.partial).
    supports_minimum_should_match = True
    product = "OpenSearch"
    helpers = helpers

    def serialize(self, document):
        return self.es.transport.serializer.dumps(document)


SearchBackend = DirectorySearchBackend
