"""Small, strict readers for settings that come from the environment."""

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from cascading_pages.search.settings import search_backends

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


def env_public_url(name, default=None, require_https=False):
    """Read the site's public address: a scheme and a host, nothing after them but an optional "/".

    Without a ``default`` it must be set. ``require_https`` (production) refuses an http address:
    the links people follow from their email would send tokens in clear.
    """
    raw = os.environ.get(name, "").strip()
    if not raw:
        if default is None:
            raise ImproperlyConfigured(
                f"{name} must be set to the site's public address (https://coaching.example.org): "
                "every link in an email starts with it."
            )
        return default
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/"):
        raise ImproperlyConfigured(
            f"{name} must be an address like https://coaching.example.org (no path), not {raw!r}"
        )
    if parts.query or parts.fragment or parts.username or parts.password:
        raise ImproperlyConfigured(
            f"{name} must be an address like https://coaching.example.org, not {raw!r}"
        )
    if require_https and parts.scheme != "https":
        raise ImproperlyConfigured(f"{name} must be an https address, not {raw!r}")
    return f"{parts.scheme}://{parts.netloc}"


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


def env_tasks(name, default="immediate"):
    """The TASKS setting for the task backend the variable ``name`` names (a key of TASK_BACKENDS)."""
    return {"default": {"BACKEND": TASK_BACKENDS[env_choice(name, TASK_BACKENDS, default)]}}


# The search engine: the variables of one engine, each family named after it. Setting its URL
# chooses the engine (README "Production").
SEARCH_ENGINE_VARIABLES = {"elasticsearch": "ELASTICSEARCH", "opensearch": "OPENSEARCH"}
SEARCH_VARIABLES = ("URL", "INDEX_PREFIX", "TIMEOUT", "REPLICAS")


def env_search_backends():
    """WAGTAILSEARCH_BACKENDS from the environment.

    ``ELASTICSEARCH_URL`` chooses Elasticsearch, ``OPENSEARCH_URL`` OpenSearch; neither, Wagtail's
    database backend alone. The chosen engine reads its own ``*_INDEX_PREFIX``, ``*_TIMEOUT`` and
    ``*_REPLICAS``. Both URLs, or a variable of the engine not chosen, are an error rather than a
    guess at what was meant. A blank variable counts as unset.
    """
    chosen = [engine for engine, prefix in SEARCH_ENGINE_VARIABLES.items() if _is_set(f"{prefix}_URL")]
    if len(chosen) > 1:
        raise ImproperlyConfigured(
            "Set ELASTICSEARCH_URL or OPENSEARCH_URL, not both: each chooses the search engine"
        )
    if not chosen:
        return search_backends(url=None)
    engine = chosen[0]
    prefix = SEARCH_ENGINE_VARIABLES[engine]
    stray = [
        f"{other}_{name}"
        for other in SEARCH_ENGINE_VARIABLES.values()
        if other != prefix
        for name in SEARCH_VARIABLES
        if _is_set(f"{other}_{name}")
    ]
    if stray:
        raise ImproperlyConfigured(
            f"{prefix}_URL chooses {engine}, which would ignore {', '.join(stray)}: set the {prefix}_ variables"
        )
    return search_backends(
        url=os.environ[f"{prefix}_URL"],
        engine=engine,
        index_prefix=os.environ.get(f"{prefix}_INDEX_PREFIX", "cascading_"),
        timeout=env_int(f"{prefix}_TIMEOUT", 5),
        replicas=env_int(f"{prefix}_REPLICAS", None),
    )


def _is_set(name):
    return bool(os.environ.get(name, "").strip())
