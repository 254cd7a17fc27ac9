"""One content-keyed, thread-safe LRU cache for values that are pure functions of their key.

The matcher keeps capacity profiles in one (:mod:`matcher.monitor.profiles`) and the web
keeps the core's objects of a stored person, pool counts and fit lists in others; all
of them through :class:`ContentCache` (the web reaches it as ``matcher.api.ContentCache``).

The rule that makes such a cache safe without any invalidation: the key holds
*everything* the value is computed from (content, never a row id alone). A change
anywhere then makes a new key, a stale value can never be served, in this process or
any other, and the old entry simply ages out of the LRU order. Each process has its own
caches; values are shared between callers and must never be changed by them.

The LRU bookkeeping is ``cachetools.LRUCache`` (maintained, pure Python, used widely);
it is not thread-safe by itself, so every access goes through one lock here, together
with the hit and miss counts that benchmarks and tests read.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from cachetools import LRUCache

__all__ = ["ContentCache"]

T = TypeVar("T")

_ABSENT = object()


class ContentCache:
    """A thread-safe LRU map from content keys to values made on first use.

    Parameters
    ----------
    size:
        How many entries are kept; beyond it the least recently used one is dropped.

    Examples
    --------
    >>> cache = ContentCache(2)
    >>> cache.get_or_make(("P1", 4), lambda: "profile of P1")
    'profile of P1'
    >>> cache.get_or_make(("P1", 4), lambda: "never made")
    'profile of P1'
    >>> cache.info()
    {'hits': 1, 'misses': 1, 'size': 1}
    """

    def __init__(self, size: int) -> None:
        if size < 1:
            raise ValueError(f"a ContentCache keeps at least one entry, not {size}")
        self.size = size
        self._items: LRUCache[Hashable, Any] = LRUCache(maxsize=size)
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get_or_make(self, key: Hashable, make: Callable[[], T]) -> T:
        """The value kept for ``key``, or ``make()``'s value, then kept.

        ``make`` runs outside the lock, so nobody waits for a value of another key. Two
        threads that miss the same new key at once may therefore both make it; both get
        a correct value (the key holds everything it is made from) and the later one is
        kept. Each call counts as exactly one hit or one miss.
        """
        with self._lock:
            found = self._items.get(key, _ABSENT)  # a hit also makes the key most recent
            if found is not _ABSENT:
                self.hits += 1
                return found  # type: ignore[no-any-return]
            self.misses += 1
        value = make()
        with self._lock:
            self._items[key] = value  # drops the least recently used entry when full
        return value

    def get(self, key: Hashable) -> Any:
        """The value kept for ``key``, or None (counted as a hit or a miss)."""
        with self._lock:
            found = self._items.get(key, _ABSENT)
            if found is _ABSENT:
                self.misses += 1
                return None
            self.hits += 1
            return found

    def put(self, key: Hashable, value: Any) -> None:
        """Keep ``value`` under ``key`` (for callers that make many values in one go)."""
        with self._lock:
            self._items[key] = value

    def info(self) -> dict[str, int]:
        """``hits``, ``misses`` and ``size`` (entries kept now), read together."""
        with self._lock:
            return {"hits": self.hits, "misses": self.misses, "size": len(self._items)}

    def __len__(self) -> int:
        """How many entries are kept now."""
        with self._lock:
            return len(self._items)

    def clear(self) -> None:
        """Forget every entry and reset the counts (tests use it to measure a cold page)."""
        with self._lock:
            self._items.clear()
            self.hits = self.misses = 0
