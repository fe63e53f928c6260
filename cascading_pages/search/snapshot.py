"""Who is in a directory, kept compact so that filters and facet counts are worked out in memory.

Counting facets in SQL costs one query per vocabulary, each over every coach in the directory with
the search and the other filters: about 100 ms for 20,000 coaches on SQLite. A
:class:`DirectorySnapshot` holds, for the coaches a visitor may see in one directory, their ids in
each sort order and one bit mask per vocabulary term (and per choice of the other filters). A
filter is then an AND of masks and a facet count the bits set in ``candidates & term``.

Snapshots live in Django's cache (shared by every app process with Redis or the database cache)
under a *generation* token, and in each process's memory once read. Anything that can change who
is visible, how they are described or their order sets a new generation when its transaction
commits (:func:`coaches_changed`, connected to the signals in ``cascading_pages.coaches.search_signals``), so the next
request builds a new snapshot from the database. Inside a transaction with such a change waiting,
the snapshot is built from what that transaction sees and kept in its process only.
"""

import itertools
import logging
import threading
import uuid
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cached_property

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, transaction
from django.dispatch import Signal

from cascading_pages.request_reads import forget, read_once

GENERATION_KEY = "cascading_search:coaches-generation"
SNAPSHOT_KEY = "cascading_search:directory-snapshot:{name}:{generation}"
#: Snapshots are rebuilt after any change anyway; the timeout only frees memory in the cache.
SNAPSHOT_SECONDS = 24 * 60 * 60
#: Snapshots a process keeps in memory (the newest generation of each directory it serves).
MEMORY_SLOTS = 16

logger = logging.getLogger("cascading_pages.search")

#: Sent once a committed change has made every snapshot out of date (whatever else was built from
#: the same coaches, such as cached pages, is out of date too).
generation_changed = Signal()

_in_memory = {}
_lock = threading.Lock()
#: The databases changed inside a ``one_change`` block, while one is open.
_held_back = ContextVar("held_back_snapshot_changes", default=None)


@dataclass
class DirectorySnapshot:
    """The coaches visible in one directory: ``pks`` in name order, bit ``i`` of a mask is ``pks[i]``."""

    pks: list
    #: Other sort orders, as positions in ``pks``.
    orders: dict = field(default_factory=dict)
    #: {filter name: {value (a term's pk, or a choice): mask of the coaches it selects}}
    masks: dict = field(default_factory=dict)
    #: How many live coaches are not in ``pks`` (elsewhere or private): a search asks for that many more.
    hidden_live: int = 0
    #: {filter name: [(pk, value, label), ...]}: each filter's options in the order they are offered,
    #: so that a request lists them without asking the database (a term edited sets a new generation).
    options: dict = field(default_factory=dict)

    @property
    def everyone(self):
        return (1 << len(self.pks)) - 1

    @cached_property
    def positions(self):
        return {pk: position for position, pk in enumerate(self.pks)}

    def __getstate__(self):
        state = self.__dict__.copy()
        state.pop("positions", None)  # Quicker to rebuild than to store.
        state.pop("_made", None)
        return state

    def made_once(self, key, make):
        """``make()``, kept with this snapshot under ``key``: for what requests derive from the
        snapshot alone and share without changing (the terms a directory describes coaches with)."""
        made = self.__dict__.setdefault("_made", {})
        if key not in made:
            made[key] = make()
        return made[key]

    def mask_of(self, pks):
        """The mask of the coaches among ``pks`` that are in this snapshot."""
        bits = bytearray((len(self.pks) + 7) // 8)
        positions = self.positions
        for pk in pks:
            position = positions.get(pk)
            if position is not None:
                bits[position >> 3] |= 1 << (position & 7)
        return int.from_bytes(bits, "little")

    def ordered_pks(self, mask, sort=None):
        """The pks of the coaches in ``mask``, in name order or in the order called ``sort``."""
        bits = f"{mask:b}"[::-1]  # bits[i] == "1": position i is in the mask.
        pks = self.pks
        if sort is None or sort not in self.orders:
            return [pks[i] for i, bit in enumerate(bits) if bit == "1"]
        size = len(bits)
        return [pks[i] for i in self.orders[sort] if i < size and bits[i] == "1"]

    def pks_in(self, mask, pks):
        """Those of ``pks`` that are in ``mask``, in the order given."""
        bits = f"{mask:b}"[::-1]
        size = len(bits)
        positions = self.positions
        found = []
        for pk in pks:
            position = positions.get(pk)
            if position is not None and position < size and bits[position] == "1":
                found.append(pk)
        return found


def build_snapshot(pks, orders, masks, live=0, options=None):
    """A snapshot from ``pks`` in name order, ``orders`` ({sort: pks in that order}),
    ``masks`` ({filter name: {value: pks it selects}}), how many coaches are ``live`` in all and
    the filters' ``options`` ({filter name: [(pk, value, label), ...]})."""
    snapshot = DirectorySnapshot(list(pks))
    snapshot.hidden_live = max(0, live - len(snapshot.pks))
    snapshot.options = {
        name: [tuple(option) for option in listed] for name, listed in (options or {}).items()
    }
    positions = snapshot.positions
    for sort, ordered in orders.items():
        snapshot.orders[sort] = [positions[pk] for pk in ordered if pk in positions]
    for name, values in masks.items():
        snapshot.masks[name] = {value: snapshot.mask_of(selected) for value, selected in values.items()}
    return snapshot


# --- keeping snapshots current --------------------------------------------------------------------


class _Change:
    """A change waiting for its transaction to commit; then every process builds snapshots again.

    Until then, the transaction that made it sees its own snapshot, kept in this process only
    under the change's serial. A savepoint rolled back drops the changes made in it, and the
    snapshot from before them is used again.
    """

    _serials = itertools.count()

    def __init__(self):
        self.serial = next(self._serials)
        self.read = False

    def __call__(self):
        new_generation()


def coaches_changed(using=DEFAULT_DB_ALIAS):
    """Something a snapshot depends on changed: snapshots are built again once it is committed."""
    held_back = _held_back.get()
    if held_back is not None:
        held_back.add(using)
        return
    connection = transaction.get_connection(using)
    if connection.in_atomic_block:
        last = _last_change(connection)
        # One change stands for several in a row, until a snapshot has been read after it.
        if last is not None and not last[1].read and last[0] == set(connection.savepoint_ids):
            return
    transaction.on_commit(_Change(), using=using)  # Right away outside a transaction.


@contextmanager
def one_change():
    """Changes made inside the block set one new generation, at its end, instead of one per
    transaction (a bulk import commits a batch at a time: snapshots read meanwhile may lag behind
    the batches committed so far, until the block ends)."""
    held_back = set()
    token = _held_back.set(held_back)
    try:
        yield
    finally:
        _held_back.reset(token)
        for using in held_back:
            coaches_changed(using)


def _last_change(connection):
    for entry in reversed(connection.run_on_commit):
        if isinstance(entry[1], _Change):
            return set(entry[0]), entry[1]
    return None


def new_generation(**kwargs):
    forget(GENERATION_KEY)
    try:
        cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:  # The change is committed already: never fail the request that made it.
        logger.exception(
            "Could not mark the directory snapshots out of date; counts may lag until the next change"
        )
    generation_changed.send(sender=DirectorySnapshot)


def change_pending(using=DEFAULT_DB_ALIAS):
    """Whether the current transaction has changed coaches that it has not committed yet."""
    connection = transaction.get_connection(using)
    return connection.in_atomic_block and _last_change(connection) is not None


def current_generation():
    """The generation snapshots are kept under (read once per request: ``request_reads``)."""
    return read_once(GENERATION_KEY, _current_generation)


def _current_generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:  # Never set, or evicted: start a new one (every process agrees on it).
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def get_snapshot(name, build, using=DEFAULT_DB_ALIAS):
    """The snapshot called ``name`` (one directory) as the current transaction sees the coaches,
    built by ``build()`` the first time after a change."""
    connection = transaction.get_connection(using)
    last = _last_change(connection) if connection.in_atomic_block else None
    if last is not None:
        change = last[1]
        change.read = True
        return _remembered(name, f"uncommitted:{change.serial}", build)
    try:
        generation = current_generation()
    except Exception:
        # Without the cache there is no knowing whether a snapshot is current: build one.
        logger.warning("Cache unavailable: building the directory's snapshot for this request", exc_info=True)
        return build()
    key = SNAPSHOT_KEY.format(name=name, generation=generation)
    return _remembered(name, key, lambda: _shared(key, build))


def _shared(key, build):
    try:
        snapshot = cache.get(key)
    except Exception:
        logger.warning("Cache unavailable: building the directory's snapshot", exc_info=True)
        snapshot = None
    if snapshot is None:
        snapshot = build()
        try:
            cache.set(key, snapshot, timeout=SNAPSHOT_SECONDS)
        except Exception:
            logger.warning("Cache unavailable: the directory's snapshot is not shared", exc_info=True)
    return snapshot


def _remembered(name, key, build):
    """The snapshot for ``key``, kept in this process's memory (one per name)."""
    remembered = _in_memory.get(name)
    if remembered is not None and remembered[0] == key:
        return remembered[1]
    snapshot = build()
    with _lock:  # Threads of one process share the memory.
        _in_memory.pop(name, None)
        while len(_in_memory) >= MEMORY_SLOTS:
            _in_memory.pop(next(iter(_in_memory)))
        _in_memory[name] = (key, snapshot)
    return snapshot


def forget_snapshots():
    """Drop the snapshots this process keeps in memory (as a new process would start)."""
    _in_memory.clear()
