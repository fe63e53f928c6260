"""Shared-cache values a request reads once: the generations that say whether what a process
remembers is current.

Within one request the directory asks for the snapshots' generation for its snapshot and again for
its words, and each remembered lookup asks for the page cache's generation: a round trip to the
shared cache each time (a query with the database cache). Inside ``reading_once()`` (the page
cache's middleware puts every request there) each is read on first use and kept to the request's
end, as if all were read at its start. A change made by the request itself forgets the value
(``forget``), so that it then reads the new one.
"""

from contextlib import contextmanager
from contextvars import ContextVar

_reads = ContextVar("cascading_request_reads", default=None)


@contextmanager
def reading_once():
    """Values read through ``read_once`` inside the block are read once (per thread: a context)."""
    token = _reads.set({})
    try:
        yield
    finally:
        _reads.reset(token)


def read_once(key, read):
    """``read()``, or what it gave earlier in this request under ``key``."""
    reads = _reads.get()
    if reads is None:
        return read()
    if key not in reads:
        reads[key] = read()
    return reads[key]


def forget(key):
    """Read ``key`` again next time (it has just changed)."""
    reads = _reads.get()
    if reads is not None:
        reads.pop(key, None)
