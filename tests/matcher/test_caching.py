"""The shared content-keyed LRU cache: eviction order, counts, one make per key, threads."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Hashable, Iterator

import pytest

from matcher import api
from matcher.caching import ContentCache


class Maker:
    """``maker(key)`` is a ``make`` callable for ``key``; the keys it was called for are
    kept in order (under a lock, so threads may share one maker)."""

    def __init__(self) -> None:
        self.made: list[Hashable] = []
        self._lock = threading.Lock()

    def __call__(self, key: Hashable) -> Callable[[], str]:
        def make() -> str:
            with self._lock:
                self.made.append(key)
            return f"value of {key!r}"
        return make


def test_the_least_recently_used_entry_is_dropped_first() -> None:
    cache, maker = ContentCache(2), Maker()
    cache.get_or_make("a", maker("a"))
    cache.get_or_make("b", maker("b"))
    cache.get_or_make("a", maker("a"))  # a hit: "a" is now the most recent, "b" the oldest
    cache.get_or_make("c", maker("c"))  # full: "b" goes
    assert len(cache) == 2
    assert maker.made == ["a", "b", "c"]
    cache.get_or_make("a", maker("a"))  # still kept
    assert maker.made == ["a", "b", "c"]
    cache.get_or_make("b", maker("b"))  # made again; now "c" was the oldest and goes
    cache.get_or_make("c", maker("c"))
    assert maker.made == ["a", "b", "c", "b", "c"]


def test_hits_and_misses_are_counted_and_clear_resets_them() -> None:
    cache, maker = ContentCache(8), Maker()
    for key in ("a", "b", "a", "a", "c", "b"):
        cache.get_or_make(key, maker(key))
    assert cache.info() == {"hits": 3, "misses": 3, "size": 3}
    assert (cache.hits, cache.misses) == (3, 3)
    cache.clear()
    assert cache.info() == {"hits": 0, "misses": 0, "size": 0}
    cache.get_or_make("a", maker("a"))
    assert maker.made == ["a", "b", "c", "a"]  # cleared means made anew


def test_a_value_is_made_once_per_key_and_shared() -> None:
    cache, maker = ContentCache(8), Maker()
    # keys built anew each time, as every page view builds them: equal content, one entry
    first = cache.get_or_make(("P1", (("pace", 4),)), lambda: ["profile"])
    again = cache.get_or_make(("P1", (("pace", 4),)), maker("never"))
    other = cache.get_or_make(("P1", (("pace", 2),)), lambda: ["other profile"])
    assert again is first and other == ["other profile"]
    assert maker.made == []


def test_a_failed_make_keeps_nothing() -> None:
    cache, maker = ContentCache(4), Maker()

    def broken() -> str:
        raise RuntimeError("solver crashed")

    with pytest.raises(RuntimeError):
        cache.get_or_make("a", broken)
    assert cache.info() == {"hits": 0, "misses": 1, "size": 0}
    assert cache.get_or_make("a", maker("a")) == "value of 'a'"
    assert maker.made == ["a"]


def test_a_cache_keeps_at_least_one_entry() -> None:
    with pytest.raises(ValueError, match="at least one"):
        ContentCache(0)


@pytest.fixture
def frequent_thread_switches() -> Iterator[None]:
    """Switch threads as often as the interpreter allows, so an unlocked read-modify-write
    of the order or the counts would be interleaved (and this test would fail)."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(before)


@pytest.mark.usefixtures("frequent_thread_switches")
def test_threads_sharing_one_cache_get_right_values_and_exact_counts() -> None:
    threads_n, rounds, keys = 6, 400, 12
    cache, maker = ContentCache(5), Maker()  # fewer entries than keys: evictions all along
    start = threading.Barrier(threads_n)
    wrong: list[tuple[int, str]] = []
    failures: list[BaseException] = []

    def work(offset: int) -> None:
        try:
            start.wait()
            for i in range(rounds):
                key = (offset + i) % keys
                value = cache.get_or_make(key, maker(key))
                if value != f"value of {key!r}":
                    wrong.append((key, value))
                assert len(cache) <= 5
        except BaseException as error:  # reported by the main thread
            failures.append(error)

    workers = [threading.Thread(target=work, args=(n * 5,)) for n in range(threads_n)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert failures == [] and wrong == []
    info = cache.info()
    # every call was exactly one hit or one miss, and every miss made exactly one value
    assert info["hits"] + info["misses"] == threads_n * rounds
    assert info["misses"] == len(maker.made)
    assert info["size"] == 5


def test_the_web_reaches_the_same_cache_through_the_api() -> None:
    assert api.ContentCache is ContentCache
    assert "ContentCache" in api.__all__


def test_get_and_put_count_and_keep_like_get_or_make() -> None:
    cache = ContentCache(2)
    assert cache.get(("P1", 1)) is None
    cache.put(("P1", 1), "fits")
    assert cache.get(("P1", 1)) == "fits"
    assert cache.get_or_make(("P1", 1), lambda: "never made") == "fits"
    cache.put(("P2", 1), "no_fit")
    cache.put(("P3", 1), "borderline")  # the least recently used (P1) is dropped
    assert cache.get(("P1", 1)) is None and cache.get(("P3", 1)) == "borderline"
    assert cache.info() == {"hits": 3, "misses": 2, "size": 2}
