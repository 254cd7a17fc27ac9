"""Progress of a long call: ``progress(Progress(stage, done, total, message))``.

A front-door call (:mod:`matcher.api`) reports at least once per subproblem or solver
phase, in order; ``done`` never exceeds ``total``. The message is a catalogue code,
so the web page and the command line show it in the reader's language.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

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
