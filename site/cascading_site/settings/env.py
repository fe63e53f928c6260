"""Small, strict readers for settings that come from the environment."""

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name, default=False):
    """Read a boolean: "False", "0" and "" are false; anything unexpected is an error."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_list(name, default=()):
    """Read a comma-separated list, ignoring blanks."""
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_int(name, default):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from exc


def env_choice(name, choices, default):
    """Read one of ``choices`` (case-insensitive); anything else is an error."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, not {raw!r}")
    return value


# Where tasks (search index updates among them) run: "immediate" at once, in the request or command
# that made them; "database" queued in a table for `manage.py db_worker` (site/README.md,
# "Background tasks and the worker").
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}


def task_backends(name="immediate"):
    """The TASKS setting for the backend called ``name`` (a key of TASK_BACKENDS)."""
    return {"default": {"BACKEND": TASK_BACKENDS[name]}}


# Index analysis suited to English prose and people's names: "coaches" finds "coach",
# "Zoë" finds "Zoe", "O'Brien's" finds "O'Brien". A light (dictionary-based) stemmer leaves
# names alone where Porter would clip them. Wagtail merges this into its own index settings; the
# autocomplete fields keep Wagtail's edge n-gram analyser.
ENGLISH_INDEX_SETTINGS = {
    "settings": {
        "analysis": {
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
        },
    },
}


def elasticsearch_backend(url, index_prefix="cascading_", timeout=5, replicas=None):
    """The Wagtail search backend settings for an Elasticsearch 8 node or cluster at ``url``
    (comma-separate several nodes).

    ``cascading_pages.search.elasticsearch8`` is Wagtail's Elasticsearch 8 backend plus a one-request way to read
    ranked ids (see that module). A request that cannot reach a node (refused, reset) is tried
    once on each other node listed, so a cluster that loses a node keeps answering; a node that
    times out is not retried, and one node alone is not retried at all: the directory answers from
    the database backend instead, within ``timeout`` seconds. ``replicas``: copies of each shard
    on other nodes (Elasticsearch's default is 1; a single node needs 0 to report green).
    """
    urls = [u.strip() for u in url.split(",") if u.strip()]
    index_settings = ENGLISH_INDEX_SETTINGS
    if replicas is not None:
        index_settings = {
            "settings": {**ENGLISH_INDEX_SETTINGS["settings"], "index": {"number_of_replicas": replicas}}
        }
    return {
        "BACKEND": "cascading_pages.search.elasticsearch8",
        "URLS": urls,
        "INDEX_PREFIX": index_prefix,
        "TIMEOUT": timeout,
        "OPTIONS": {"max_retries": max(0, len(urls) - 1), "retry_on_timeout": False},
        "INDEX_SETTINGS": index_settings,
        "ATOMIC_REBUILD": True,
        "AUTO_UPDATE": True,
    }


def search_backends(elasticsearch_url=None, **elasticsearch_options):
    """Wagtail's database backend alone, or Elasticsearch with the database backend kept beside it
    (alias ``database``) for the directory to answer from when Elasticsearch fails."""
    database = {"BACKEND": "wagtail.search.backends.database"}
    if not elasticsearch_url:
        return {"default": database}
    return {
        "default": elasticsearch_backend(elasticsearch_url, **elasticsearch_options),
        "database": database,
    }
