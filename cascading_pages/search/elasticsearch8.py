"""Wagtail's Elasticsearch 8 backend, with one addition for the directory: ranked ids in one request.

Wagtail's results fetch more than 100 hits through the scroll API, 100 at a time, and load every
hit from the database. The directory only needs the ids of the matches (it filters, counts and
pages them in the database), so :meth:`ranked_pks` sends Wagtail's own compiled query once and
reads the ids from the hits. Everything else is Wagtail's backend unchanged; point
``WAGTAILSEARCH_BACKENDS[...]["BACKEND"]`` at this module to use it.
"""

from wagtail.search.backends.elasticsearch8 import (
    Elasticsearch8SearchBackend,
    Elasticsearch8SearchResults,
)

# Elasticsearch's default index.max_result_window: the most hits one request may return.
MAX_RESULT_WINDOW = 10_000


class DirectorySearchResults(Elasticsearch8SearchResults):
    def ranked_pks(self, limit):
        size = max(0, min(limit, MAX_RESULT_WINDOW) - self.start)
        if self.stop is not None:
            size = min(size, self.stop - self.start)
        model = self.query_compiler.queryset.model
        response = self._backend_do_search(
            self._get_es_body(),
            index=self.backend.get_index_for_model(model).name,
            _source=False,
            stored_fields="_none_",
            docvalue_fields=["pk"],  # Read from doc values: quicker than a stored field per hit.
            from_=self.start,
            size=size,
            track_total_hits=False,
            # Only the ids come back: a thousand hits with their index names and scores take
            # longer to send and to parse than the search takes to run.
            filter_path=["hits.hits.fields.pk"],
        )
        to_python = model._meta.pk.to_python
        hits = response.get("hits", {}).get("hits", [])  # No hits: the filtered answer is empty.
        return [to_python(hit["fields"]["pk"][0]) for hit in hits]


class DirectorySearchBackend(Elasticsearch8SearchBackend):
    results_class = DirectorySearchResults


SearchBackend = DirectorySearchBackend
