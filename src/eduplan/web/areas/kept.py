"""Results of the slow read-only computations behind pages (the city dashboard's panels, the value-added fit of a
region), kept in memory per process and keyed on the data they read — never on time.

The key of a kept result is its name and arguments plus ``data_version()``: the current census version of every
year, the last audited write (every write of the store is an audited ``do_*`` function; the audit of a
personal-data read is not a write, ``store.audit.PERSONAL_DATA_READS``) and the current student-scores snapshot.
A new census, a plan edit, a score import … gives a new key, so a kept result is never stale; a page asking again
with unchanged data gets a copy of the kept one in microseconds. Each server process keeps its own (at most
``KEEP`` results, the least recently used dropped first).
"""

from __future__ import annotations

import copy
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from eduplan.store.audit import PERSONAL_DATA_READS
from eduplan.store.models import AuditEntry, CensusVersion
from eduplan.store.score_files import current_snapshot

T = TypeVar("T")
KEEP = 128
_KEPT: OrderedDict[Hashable, Any] = OrderedDict()
_LOCK = threading.Lock()


def data_version() -> tuple[Hashable, ...]:
    """What every kept result depends on: (year, census version id) of each current census, the id of the last
    audited write, the scores snapshot. Two small indexed queries and a symlink read."""
    census = tuple(CensusVersion.objects.filter(is_current=True).order_by("year").values_list("year", "pk"))
    writes = AuditEntry.objects.exclude(action__in=PERSONAL_DATA_READS).order_by("-pk")
    return census, writes.values_list("pk", flat=True).first(), current_snapshot()


def kept(name: str, args: tuple[Hashable, ...], compute: Callable[[], T]) -> T:
    """``compute()``, or a copy of its result kept for the same name, arguments and data version. An exception is
    not kept (the next request computes again)."""
    key = (name, args, data_version())
    with _LOCK:
        found = key in _KEPT
        if found:
            _KEPT.move_to_end(key)
            value = _KEPT[key]
    if not found:
        value = compute()
        with _LOCK:
            _KEPT[key] = value
            while len(_KEPT) > KEEP:
                _KEPT.popitem(last=False)
    return copy.deepcopy(value)  # type: ignore[no-any-return]


def forget() -> None:
    """Drop every kept result (tests that compare a first computation with a second)."""
    with _LOCK:
        _KEPT.clear()
