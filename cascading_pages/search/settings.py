"""``WAGTAILSEARCH_BACKENDS`` for a host's settings module, called once::

    import os

    from cascading_pages.search.settings import search_backends

    WAGTAILSEARCH_BACKENDS = search_backends(url=os.environ.get("ELASTICSEARCH_URL"))

With no URL this is Wagtail's database backend alone. With one, it is Elasticsearch 8 as the
``default`` backend and the database backend kept up to date beside it (alias ``database``), which
the coach directory answers from when Elasticsearch fails (``CASCADING_DIRECTORY_FALLBACK_BACKEND``
in cascading_pages/conf.py).

Plain data and nothing else: this module imports nothing from Django or the plugin, so a settings
module can import it before Django is set up.
"""

# The alias the database backend gets beside Elasticsearch; the directory's default fallback.
FALLBACK_ALIAS = "database"

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
    url, *, index_prefix="cascading_", timeout=5, replicas=None, analysis=ENGLISH_ANALYSIS, options=None
):
    """One Wagtail search backend on the Elasticsearch 8 node or cluster at ``url``.

    - ``url``: a node's address, or several (comma-separated, or a list) for a cluster.
    - ``index_prefix``: starts the name of every index, so several sites (or test runs) can share
      a cluster.
    - ``timeout``: seconds to wait for an answer. A request that cannot reach a node (refused,
      reset) is tried once on each other node listed, so a cluster that loses a node keeps
      answering; a node that times out is not retried, and one node alone is not retried at all:
      the directory answers from its fallback backend instead, within ``timeout`` seconds.
    - ``replicas``: copies of each shard on other nodes (Elasticsearch's default is 1; a single
      node needs 0 to report green).
    - ``analysis``: the indexes' ``analysis`` settings (filters and analysers); the default,
      ``ENGLISH_ANALYSIS``, suits English text and people's names.
    - ``options``: more keyword arguments for the Elasticsearch client (``basic_auth``,
      ``ca_certs``, ...).

    The backend is Wagtail's own, plus a one-request way for the directory to read ranked ids
    (``cascading_pages.search.elasticsearch8``).
    """
    urls = node_urls(url)
    if not urls:
        raise ValueError(f"Elasticsearch needs at least one node address, not {url!r}")
    index_settings = {"analysis": analysis}
    if replicas is not None:
        index_settings["index"] = {"number_of_replicas": replicas}
    return {
        "BACKEND": "cascading_pages.search.elasticsearch8",
        "URLS": urls,
        "INDEX_PREFIX": index_prefix,
        "TIMEOUT": timeout,
        "OPTIONS": {"max_retries": max(0, len(urls) - 1), "retry_on_timeout": False, **(options or {})},
        "INDEX_SETTINGS": {"settings": index_settings},
        "ATOMIC_REBUILD": True,
        "AUTO_UPDATE": True,
    }


def search_backends(url=None, *, fallback_alias=FALLBACK_ALIAS, **elasticsearch_options):
    """The whole ``WAGTAILSEARCH_BACKENDS`` setting.

    Without ``url`` (None or blank): Wagtail's database backend as ``default``. With it:
    Elasticsearch as ``default`` (``elasticsearch_options`` are :func:`elasticsearch_backend`'s),
    and the database backend beside it as ``fallback_alias`` for the directory to answer from
    when Elasticsearch fails. A host that names the alias differently sets
    ``CASCADING_DIRECTORY_FALLBACK_BACKEND`` to the same name. ``fallback_alias=None`` keeps no
    fallback: while Elasticsearch is down the directory lists coaches by its filters alone and
    says that text search is unavailable.
    """
    database = {"BACKEND": "wagtail.search.backends.database"}
    if not node_urls(url):
        return {"default": database}
    backends = {"default": elasticsearch_backend(url, **elasticsearch_options)}
    if fallback_alias:
        backends[fallback_alias] = database
    return backends
