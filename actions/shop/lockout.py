"""The lock-out rule against guessing an order's email, shared by the actions and backends.

MAX_FAILURES failed checks of one order number within a window lock that number for a window
from the last of them. Once the lock has passed, older failures no longer count: the next ones
start afresh.
"""

from __future__ import annotations

from typing import Optional, Sequence, TypeVar

MAX_FAILURES = 3

Moment = TypeVar("Moment")  # datetimes with a timedelta window, or epoch seconds with seconds


def lock_end(failures: Sequence[Moment], window) -> Optional[Moment]:
    """When the lock of an order number ends, from its failure times; None: not locked."""
    if not failures:
        return None
    last = max(failures)
    in_window = [t for t in failures if last - window <= t <= last]
    return last + window if len(in_window) >= MAX_FAILURES else None
