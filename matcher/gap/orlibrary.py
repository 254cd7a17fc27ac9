"""Generalized assignment instances: the data, and a reader for OR-Library files.

The generalized assignment problem (GAP) assigns every job to exactly one agent,
keeping each agent's total resource use within its capacity, at minimum total cost.
In our domain the agents are people and the jobs are tasks whose hours depend on
who does them (productivity). The benchmark instances come in the OR-Library
format: whitespace-separated integers ``m n``, then m rows of n costs, then m rows
of n resource uses, then m capacities. Some OR-Library files hold several instances
after a leading count; :func:`read_gap` reads both kinds.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from taskmodels.errors import InputProblem, InventoryError
from taskmodels.messages import msg


@dataclass(frozen=True, eq=False)
class GapInstance:
    """One GAP instance: ``m`` agents, ``n`` jobs, integer data.

    Attributes
    ----------
    name:
        Instance name (the file name, with ``#k`` when a file holds several).
    costs:
        ``(m, n)`` cost of giving job j to agent i.
    weights:
        ``(m, n)`` resource job j uses when agent i does it.
    capacities:
        ``(m,)`` resource each agent has.
    """

    name: str
    costs: np.ndarray
    weights: np.ndarray
    capacities: np.ndarray

    @property
    def n_agents(self) -> int:
        """Number of agents (m)."""
        return int(self.costs.shape[0])

    @property
    def n_jobs(self) -> int:
        """Number of jobs (n)."""
        return int(self.costs.shape[1])


@dataclass(frozen=True)
class _Token:
    text: str
    line: int


def _tokens(text: str) -> list[_Token]:
    return [
        _Token(word, number)
        for number, line in enumerate(text.splitlines(), start=1)
        for word in line.split()
    ]


def _problem(path: Path, line: int | None, code: str, **params: Any) -> InventoryError:
    return InventoryError([InputProblem(str(path), None, line, None, code=code, params=params)])


def _what(code: str, **params: Any) -> dict[str, Any]:
    """The part of the file a problem is in, as a nested ``{code, params}`` message."""
    return msg(code, **params).model_dump(mode="json")


def _take_ints(
    path: Path, tokens: list[_Token], start: int, count: int, what: dict[str, Any],
    minimum: int | None,
) -> list[int]:
    """``count`` integers from ``start``; every problem names the file and line."""
    if start + count > len(tokens):
        last = tokens[-1].line if tokens else None
        raise _problem(path, last, "gap.ends_early", count=count, what=[what],
                       found=len(tokens) - start)
    values: list[int] = []
    problems: list[InputProblem] = []
    for tok in tokens[start:start + count]:
        try:
            number = float(tok.text)
        except ValueError:
            problems.append(InputProblem(str(path), None, tok.line, None, code="gap.not_number",
                                         params={"value": tok.text, "what": [what]}))
            continue
        if not number.is_integer():
            problems.append(InputProblem(str(path), None, tok.line, None, code="gap.not_whole",
                                         params={"value": tok.text, "what": [what]}))
            continue
        if minimum is not None and number < minimum:
            problems.append(InputProblem(str(path), None, tok.line, None, code="gap.below",
                                         params={"value": tok.text, "minimum": minimum,
                                                 "what": [what]}))
            continue
        values.append(int(number))
    if problems:
        raise InventoryError(problems)
    return values


def _read_one(path: Path, tokens: list[_Token], start: int, name: str) -> tuple[GapInstance, int]:
    m, n = _take_ints(path, tokens, start, 2, _what("gap.part.header"), 1)
    pos = start + 2
    costs = _take_ints(path, tokens, pos, m * n, _what("gap.part.costs", m=m, n=n), None)
    pos += m * n
    weights = _take_ints(path, tokens, pos, m * n, _what("gap.part.weights", m=m, n=n), 0)
    pos += m * n
    caps = _take_ints(path, tokens, pos, m, _what("gap.part.capacities", m=m), 0)
    pos += m
    instance = GapInstance(
        name=name,
        costs=np.asarray(costs, dtype=np.int64).reshape(m, n),
        weights=np.asarray(weights, dtype=np.int64).reshape(m, n),
        capacities=np.asarray(caps, dtype=np.int64),
    )
    return instance, pos


def read_gap(path: str | Path) -> list[GapInstance]:
    """Read every GAP instance in an OR-Library file.

    A file either holds one instance (``m n`` first) or starts with the number of
    instances that follow, alone on the first line.

    Raises
    ------
    InventoryError
        When the file cannot be read or is malformed; the problem names the file
        and the line.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise _problem(path, None, "gap.unreadable", detail=str(exc.strerror or exc)) from None
    tokens = _tokens(text)
    if not tokens:
        raise _problem(path, None, "gap.empty")
    name = path.name
    try:
        single, pos = _read_one(path, tokens, 0, name)
    except InventoryError as exc:
        single_error: InventoryError = exc
    else:
        if pos == len(tokens):
            return [single]
        single_error = _problem(path, tokens[pos].line, "gap.unexpected", value=tokens[pos].text)
    # Not one instance: perhaps a leading count of instances on a line of its own
    # (OR-Library's gap1..gap12 files).
    if len(tokens) < 3 or not tokens[0].text.isdigit() or tokens[0].line == tokens[1].line:
        raise single_error
    count = int(tokens[0].text)
    instances: list[GapInstance] = []
    pos = 1
    try:
        for k in range(count):
            inst, pos = _read_one(path, tokens, pos, f"{name}#{k + 1}" if count > 1 else name)
            instances.append(inst)
    except InventoryError:
        raise single_error from None
    if not instances or pos != len(tokens):
        raise single_error
    return instances


def write_gap(instance: GapInstance, path: str | Path) -> None:
    """Write one instance in the OR-Library format (used by tests and generators)."""
    m, n = instance.n_agents, instance.n_jobs
    lines = [f"{m} {n}"]
    lines += [" ".join(str(int(v)) for v in row) for row in instance.costs]
    lines += [" ".join(str(int(v)) for v in row) for row in instance.weights]
    lines.append(" ".join(str(int(v)) for v in instance.capacities))
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")
