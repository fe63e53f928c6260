"""Where a coaches API request spends its time: the parts ``manage.py bench_api`` times.

Used in two ways: in the benchmark's own process, around Django's test client
(``bench_api``'s in-process breakdown), and inside a gunicorn worker serving the site
(:mod:`cascading_site.bench_wsgi`), which sends each request's parts back in a ``Server-Timing``
header that the benchmark reads beside the time it measured itself.
"""

import time

from elasticsearch import Elasticsearch
from ninja.operation import PathView

from cascading_pages.coaches.directory import CoachDirectory
from cascading_pages.search.backends import DirectorySearch

#: The parts, as the breakdown names them.
ENGINE, TOOK, RANKING, SNAPSHOT, DIRECTORY, OPERATION, APP = (
    "engine",
    "took",
    "ranking",
    "snapshot",
    "directory",
    "operation",
    "app",
)


def engine_took(response):
    """The search engine's own time for a search, as it reports it (``took``, in ms)."""
    body = getattr(response, "body", None)  # The client's ObjectApiResponse.
    took = body.get("took") if isinstance(body, dict) else None
    return {TOOK: took / 1000} if isinstance(took, int | float) else {}


PARTS = [
    # The search engine's call: the client's request, Elasticsearch's work, the answer parsed.
    (Elasticsearch, "search", ENGINE, engine_took),
    # The directory's text search, the engine call included (query built, fallback handled).
    (DirectorySearch, "ranked_pks", RANKING),
    (CoachDirectory, "get_snapshot", SNAPSHOT),  # the directory's snapshot, from the cache
    (CoachDirectory, "search", DIRECTORY),  # filters, counts, the page of coaches (engine included)
    # ninja: parameters, the view, output validation, JSON. (PathView calls the operation; the
    # operation's own ``run`` is copied onto each operation by ``decorate_view``, out of reach.)
    (PathView, "_sync_view", OPERATION),
]

HEADER = "Server-Timing"


def server_timing(lap):
    """A ``Server-Timing`` header value for ``{part: seconds}``, in milliseconds."""
    return ", ".join(f"{part};dur={seconds * 1000:.3f}" for part, seconds in lap.items())


def parse_server_timing(value):
    """``{part: seconds}`` from a ``Server-Timing`` header value made by :func:`server_timing`."""
    parts = {}
    for item in (value or "").split(","):
        name, _, duration = item.strip().partition(";dur=")
        if name and duration:
            parts[name] = float(duration) / 1000
    return parts


def with_server_timing(application, stopwatch):
    """WSGI ``application`` with each answer's ``Server-Timing`` header: the parts ``stopwatch``
    timed during its request, and ``app``, the whole of it in ``application``."""

    def timed(environ, start_response):
        stopwatch.lap()
        start = time.perf_counter()

        def timed_start_response(status, headers, exc_info=None):
            # Django calls this once the response is made, before its body is sent.
            lap = stopwatch.lap()
            lap[APP] = time.perf_counter() - start
            headers.append((HEADER, server_timing(lap)))
            return start_response(status, headers, exc_info)

        return application(environ, timed_start_response)

    return timed
