"""``WAGTAILSEARCH_BACKENDS`` for a host's settings module, called once::

    import os

    from cascading_pages.search.settings import search_backends

    WAGTAILSEARCH_BACKENDS = search_backends(url=os.environ.get("ELASTICSEARCH_URL"))

With no URL this is Wagtail's database backend alone. With one, it is Elasticsearch 8 as the
``default`` backend and the database backend kept up to date beside it (alias ``database``), which
the coach directory answers from when Elasticsearch fails (``CASCADING_DIRECTORY_FALLBACK_BACKEND``
in cascading_pages/conf.py).

OpenSearch 2 instead of Elasticsearch is one keyword, ``engine="opensearch"`` (it needs the plugin's
``opensearch`` extra, the ``opensearch-py`` 2.x client)::

    WAGTAILSEARCH_BACKENDS = search_backends(url=os.environ.get("OPENSEARCH_URL"), engine="opensearch")

Everything else (the fallback, several nodes, replicas, analysis, the index check, background
indexing) works the same on either engine.

Plain data and nothing else: this module imports nothing from Django or the plugin, so a settings
module can import it before Django is set up.
"""

# The alias the database backend gets beside Elasticsearch; the directory's default fallback.
FALLBACK_ALIAS = "database"

#: The search engines a host can choose (``engine=``), and the plugin's backend for each: Wagtail's,
#: with ranked ids in one request and what the index check reads.
ENGINES = {
    "elasticsearch": "cascading_pages.search.elasticsearch8",
    "opensearch": "cascading_pages.search.opensearch2",
}

# Index analysis suited to English prose and people's names: "coaches" finds "coach",
# "Zoë" finds "Zoe", "O'Brien's" finds "O'Brien". A light (dictionary-based) stemmer leaves
# names alone where Porter would clip them. Wagtail merges this into its own index settings; the
# autocomplete fields keep Wagtail's edge n-gram analyser.
ENGLISH_ANALYSIS = {
    "filter": {
        "english_possessive": {"type": "stemmer", "language": "possessive_english"},
        "english_stop": {"type": "stop", "stopwords": "_english_"},
        "english_light_stemmer": {"type": "stemmer", "language": "light_english"},
    },
    "analyzer": {
        "default": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": [
                "english_possessive",
                "lowercase",
                "asciifolding",
                "english_stop",
                "english_light_stemmer",
            ],
        },
    },
}


def node_urls(url):
    """The node addresses in ``url``: a comma-separated string or a list of addresses."""
    parts = url.split(",") if isinstance(url, str) else list(url or ())
    return [part.strip() for part in parts if part and part.strip()]


def elasticsearch_backend(
    url,
    *,
    engine="elasticsearch",
    index_prefix="cascading_",
    timeout=5,
    replicas=None,
    analysis=ENGLISH_ANALYSIS,
    options=None,
):
    """One Wagtail search backend on the Elasticsearch 8 (or OpenSearch 2) node or cluster at ``url``.

    - ``url``: a node's address, or several (comma-separated, or a list) for a cluster. Credentials
      go in it (``https://user:password@host:9200``); ``https`` verifies the node's certificate.
    - ``engine``: ``"elasticsearch"`` (the ``elasticsearch`` 8.x client) or ``"opensearch"`` (the
      ``opensearch-py`` 2.x client, from the plugin's ``opensearch`` extra); see ``ENGINES``.
    - ``index_prefix``: starts the name of every index, so several sites (or test runs) can share
      a cluster.
    - ``timeout``: seconds to wait for an answer. A request that cannot reach a node (refused,
      reset) is tried once on each other node listed, so a cluster that loses a node keeps
      answering; a node that times out is not retried, and one node alone is not retried at all:
      the directory answers from its fallback backend instead, within ``timeout`` seconds.
    - ``replicas``: copies of each shard on other nodes (the engines' default is 1; a single
      node needs 0 to report green).
    - ``analysis``: the indexes' ``analysis`` settings (filters and analysers); the default,
      ``ENGLISH_ANALYSIS``, suits English text and people's names.
    - ``options``: more keyword arguments for the client: ``ca_certs`` (a private certificate
      authority) on either; ``basic_auth`` (Elasticsearch) or ``http_auth`` (OpenSearch) for
      credentials kept out of the URL.

    The backend is Wagtail's own, plus a one-request way for the directory to read ranked ids
    (``cascading_pages.search.elasticsearch8`` or ``cascading_pages.search.opensearch2``).
    """
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    urls = node_urls(url)
    if not urls:
        raise ValueError(f"A search engine needs at least one node address, not {url!r}")
    index_settings = {"analysis": analysis}
    if replicas is not None:
        index_settings["index"] = {"number_of_replicas": replicas}
    return {
        "BACKEND": ENGINES[engine],
        "URLS": urls,
        "INDEX_PREFIX": index_prefix,
        "TIMEOUT": timeout,
        "OPTIONS": {"max_retries": max(0, len(urls) - 1), "retry_on_timeout": False, **(options or {})},
        "INDEX_SETTINGS": {"settings": index_settings},
        "ATOMIC_REBUILD": True,
        "AUTO_UPDATE": True,
    }


def opensearch_backend(url, **options):
    """One Wagtail search backend on the OpenSearch 2 node or cluster at ``url``: the same as
    ``elasticsearch_backend(url, engine="opensearch", **options)``."""
    return elasticsearch_backend(url, engine="opensearch", **options)


def search_backends(url=None, *, fallback_alias=FALLBACK_ALIAS, **elasticsearch_options):
    """The whole ``WAGTAILSEARCH_BACKENDS`` setting.

    Without ``url`` (None or blank): Wagtail's database backend as ``default``. With it:
    Elasticsearch, or OpenSearch with ``engine="opensearch"``, as ``default``
    (``elasticsearch_options`` are :func:`elasticsearch_backend`'s), and the database backend
    beside it as ``fallback_alias`` for the directory to answer from when the engine fails. A
    host that names the alias differently sets ``CASCADING_DIRECTORY_FALLBACK_BACKEND`` to the
    same name. ``fallback_alias=None`` keeps no
    fallback: while the engine is down the directory lists coaches by its filters alone and
    says that text search is unavailable.
    """
    database = {"BACKEND": "wagtail.search.backends.database"}
    if not node_urls(url):
        return {"default": database}
    backends = {"default": elasticsearch_backend(url, **elasticsearch_options)}
    if fallback_alias:
        backends[fallback_alias] = database
    return backends
