"""Progress of a long call: ``progress(Progress(stage, done, total, message))``.

A front-door call (:mod:`matcher.api`) reports at least once per subproblem or solver
phase, in order; ``done`` never exceeds ``total``. The message is a catalogue code,
so the web page and the command line show it in the reader's language.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from taskmodels.messages import DEFAULT_LANG, Message, render


@dataclass(frozen=True)
class Progress:
    """Where a long call is: ``done`` of ``total`` steps of ``stage``.

    Parameters
    ----------
    stage:
        ``redesign``, ``match``, ``carve``, ``regional`` … (the phase running).
    done, total:
        Steps finished and steps in all, ``0 <= done <= total``.
    message:
        What is happening, as a catalogue code with parameters.
    """

    stage: str
    done: int
    total: int
    message: Message = field(default_factory=lambda: Message(code="progress.step"))

    def __post_init__(self) -> None:
        if self.total < 0 or self.done < 0:
            raise ValueError(f"progress {self.done}/{self.total}: counts must be 0 or more")
        if self.done > self.total:
            raise ValueError(f"progress {self.done}/{self.total}: done is above total")

    @property
    def share(self) -> float:
        """``done / total`` (1 when there is nothing to do)."""
        return self.done / self.total if self.total else 1.0

    def text(self, lang: str = DEFAULT_LANG) -> str:
        """The message in ``lang``."""
        return render(self.message, lang)


ProgressCallback = Callable[[Progress], None]
"""What ``progress=`` takes."""


def report_progress(callback: ProgressCallback | None, stage: str, done: int, total: int,
                    code: str = "progress.step", **params: object) -> None:
    """Call ``callback`` (when given) with one :class:`Progress`; ``done`` is clamped to ``total``."""
    if callback is None:
        return
    total = max(total, 0)
    callback(Progress(stage, min(max(done, 0), total), total,
                      Message(code=code, params=params)))  # type: ignore[arg-type]


# --- the running call's listener and cancel event ------------------------------------
#
# A front-door call sets both once (:func:`watching`); the pipelines and the CP-SAT
# runner deep below read them from here, so no signature between the two has to
# carry them. Context variables keep two calls in two threads (two web requests)
# apart.

_PROGRESS: ContextVar[ProgressCallback | None] = ContextVar("matcher_progress", default=None)
_CANCEL: ContextVar[threading.Event | None] = ContextVar("matcher_cancel", default=None)


@contextmanager
def watching(progress: ProgressCallback | None = None,
             cancel: threading.Event | None = None) -> Iterator[None]:
    """Within this block, :func:`step` reaches ``progress`` and :func:`cancelled` reads ``cancel``.

    A nested block without a listener or event keeps the outer one's.
    """
    tokens: list[tuple[ContextVar[Any], Any]] = []
    if progress is not None:
        tokens.append((_PROGRESS, _PROGRESS.set(progress)))
    if cancel is not None:
        tokens.append((_CANCEL, _CANCEL.set(cancel)))
    try:
        yield
    finally:
        for var, token in reversed(tokens):
            var.reset(token)  # type: ignore[attr-defined]


def step(stage: str, done: int, total: int, code: str = "progress.step",
         **params: object) -> None:
    """Report progress to the running call's listener, if any (see :func:`report_progress`)."""
    report_progress(_PROGRESS.get(), stage, done, total, code, **params)


def cancel_event() -> threading.Event | None:
    """The running call's cancel event (None outside a cancellable call)."""
    return _CANCEL.get()


def cancelled() -> bool:
    """True once the running call's cancel event is set."""
    event = _CANCEL.get()
    return event is not None and event.is_set()
