"""What the plugin adds to Wagtail's Elasticsearch and OpenSearch backends, whichever client they use.

- :class:`RankedPksResults`: the ranked ids of a search in one request. Wagtail's results fetch more
  than 100 hits through the scroll API, 100 at a time, and load every hit from the database. The
  directory only needs the ids of the matches (it filters, counts and pages them in the
  database), so :meth:`~RankedPksResults.ranked_pks` sends Wagtail's own compiled query once and
  reads the ids from the hits.
- :class:`IndexReading`: what the index check (``cascading_pages.search.index_check``) asks of a
  backend to read and repair its index, through the client library's own helpers.

``cascading_pages.search.elasticsearch8`` (the ``elasticsearch`` client) and
``cascading_pages.search.opensearch2`` (``opensearch-py``) put these on Wagtail's backends; this
module imports neither client.
"""

import json

# The engines' default index.max_result_window: the most hits one request may return.
MAX_RESULT_WINDOW = 10_000


class RankedPksResults:
    """For a subclass of Wagtail's Elasticsearch or OpenSearch search results."""

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
            # longer to send and to parse than the search takes to run. ("took", the engine's own
            # time, is for the benchmarks: make bench sets it beside the whole request's.)
            filter_path=["took", "hits.hits.fields.pk"],
        )
        to_python = model._meta.pk.to_python
        hits = response.get("hits", {}).get("hits", [])  # No hits: the filtered answer is empty.
        pks = (hit["fields"]["pk"][0] for hit in hits)
        # An integer key comes back as a number: as it is (a thousand hits are read per search).
        return [pk if type(pk) is int else to_python(pk) for pk in pks]


class IndexReading:
    """For a subclass of Wagtail's Elasticsearch or OpenSearch backend, which sets ``product``,
    ``helpers`` and ``serialize`` for its client."""

    #: The engine's name, as the index check reports it.
    product = ""
    #: The client library's helpers module: ``elasticsearch.helpers`` or ``opensearchpy.helpers``.
    helpers = None

    def scan(self, **kwargs):
        """Every hit of a search (``index``, ``query``, ``size``...), through the scroll API."""
        return self.helpers.scan(self.es, **kwargs)

    def delete_documents(self, index, ids):
        """Remove the documents with these ids from ``index``; ids already gone are no error."""
        self.helpers.bulk(
            self.es,
            ({"_op_type": "delete", "_index": index, "_id": pk} for pk in ids),
            raise_on_error=False,
        )

    def as_stored(self, document):
        """``document`` as the engine will give it back: through the client's JSON serializer."""
        return json.loads(self.serialize(document))

    def serialize(self, document):
        """``document`` as JSON, exactly as the client sends it."""
        raise NotImplementedError
