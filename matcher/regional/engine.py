"""The distributed engine of the regional run: a Dask client, and a progress bar.

One machine is the default: a ``distributed.LocalCluster`` of worker *processes*
with one thread each, so every per-employer solve owns one core and a crash of one
solve cannot take the others down. ``--scheduler ADDRESS`` joins an existing Dask
cluster instead (one started with ``dask scheduler`` and ``dask worker``); the
workers there must be able to import this package and read the inventory paths.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from distributed import Client, LocalCluster

from matcher.errors import UsageError


@contextmanager
def open_client(workers: int = 2, scheduler: str | None = None,
                timeout: float = 30.0) -> Iterator[Client]:
    """A Dask client: on a new local cluster of ``workers`` processes, or on ``scheduler``.

    Raises
    ------
    UsageError
        When ``scheduler`` cannot be reached within ``timeout`` seconds.
    """
    if scheduler:
        try:
            client = Client(scheduler, timeout=timeout)
        except OSError as exc:
            raise UsageError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
        try:
            yield client
        finally:
            client.close()
        return
    if workers < 1:
        raise UsageError("--workers must be at least 1")
    cluster = LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True,
        dashboard_address=":0", silence_logs=logging.ERROR,
    )
    try:
        with Client(cluster) as client:
            yield client
    finally:
        cluster.close()


def worker_count(client: Client) -> int:
    """Number of workers the scheduler knows right now."""
    return len(client.scheduler_info().get("workers", {}))


class Progress:
    """Employers done / total with the time left, on stderr.

    On a terminal the line is redrawn in place; in a log file one line is written
    at most every ``every`` seconds (and at the end), so logs stay readable.
    """

    def __init__(self, total: int, label: str = "werkgevers", stream: TextIO | None = None,
                 every: float = 5.0, width: int = 30) -> None:
        self.total, self.label, self.every, self.width = total, label, every, width
        self.stream = stream if stream is not None else sys.stderr
        self.done = 0
        self.resumed = 0  # done before this run started: they say nothing about pace
        self.started = time.monotonic()
        self._last = float("-inf")  # the first result is always shown
        self._tty = bool(getattr(self.stream, "isatty", lambda: False)())

    def eta(self) -> float | None:
        """Seconds left at the pace so far (None before the first result)."""
        fresh = self.done - self.resumed
        if fresh <= 0:
            return None
        elapsed = time.monotonic() - self.started
        return elapsed / fresh * (self.total - self.done)

    def line(self) -> str:
        """The progress line as it would be printed now."""
        share = self.done / self.total if self.total else 1.0
        filled = int(round(share * self.width))
        eta = self.eta()
        left = "--:--" if eta is None else f"{int(eta // 60):d}:{int(eta % 60):02d}"
        return (f"{self.label} {self.done}/{self.total} [{'#' * filled}{'.' * (self.width - filled)}]"
                f" {share:4.0%} nog {left}")

    def skip(self, n: int) -> None:
        """Count ``n`` employers already done in an earlier run (resumed)."""
        self.resumed += n
        self.advance(n)

    def advance(self, n: int = 1) -> None:
        """Count ``n`` more employers done and redraw when due."""
        self.done += n
        now = time.monotonic()
        if self._tty:
            self.stream.write("\r" + self.line())
            self.stream.flush()
        elif now - self._last >= self.every or self.done == self.total:
            self.stream.write(self.line() + "\n")
            self.stream.flush()
            self._last = now

    def close(self) -> None:
        """End the line on a terminal."""
        if self._tty:
            self.stream.write("\n")
            self.stream.flush()
