"""A greedy first-fit bundling: the baseline the solver must beat, and its first hint.

First-fit decreasing, per (department, time of day) subproblem: units in order of
decreasing hours go into the first open function with room (hours and task count);
a splittable task fills what room there is in whole-hour parts of at least
``min_part`` hours and opens new functions for the rest. Functions that end below
the minimum hours are dissolved: their hours stay with today's roles.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from matcher.redesign.splitting import SCALE, Assignment, Piece, Subproblem


@dataclass
class _Open:
    parts: list[tuple[int, int]] = field(default_factory=list)
    hours: int = 0
    tasks: int = 0


def _whole_take(piece: Piece, room: int, remaining: int, with_fraction: bool) -> int:
    """Whole hours of ``piece`` that fit in ``room`` and leave a valid rest (0 or >= min)."""
    extra = piece.fraction if with_fraction else 0
    take = min((room - extra) // SCALE, remaining)
    rest = remaining - take
    if 0 < rest < piece.min_part:
        take = remaining - piece.min_part
    return take if take >= piece.min_part else 0


def _place_split(i: int, piece: Piece, functions: list[_Open], sub: Subproblem) -> None:
    remaining = piece.whole_hours
    fraction_left = piece.fraction > 0
    f = 0
    while remaining >= piece.min_part:
        if f == len(functions):
            functions.append(_Open())
        target = functions[f]
        f += 1
        if target.tasks + piece.n_tasks > sub.max_tasks:
            continue
        room = sub.max_hours - target.hours
        take = _whole_take(piece, room, remaining, fraction_left)
        with_fraction = fraction_left and take > 0
        if take == 0 and fraction_left:  # perhaps it fits without the fraction
            take = _whole_take(piece, room, remaining, False)
            with_fraction = False
        if take == 0:
            if not target.parts:  # a fresh function cannot hold even one part
                functions.pop()
                return
            continue
        hours = take * SCALE + (piece.fraction if with_fraction else 0)
        target.parts.append((i, hours))
        target.hours += hours
        target.tasks += piece.n_tasks
        remaining -= take
        fraction_left = fraction_left and not with_fraction


def _place_whole(i: int, piece: Piece, functions: list[_Open], sub: Subproblem) -> None:
    if piece.hours > sub.max_hours or piece.n_tasks > sub.max_tasks:
        return
    for target in functions:
        if (target.hours + piece.hours <= sub.max_hours
                and target.tasks + piece.n_tasks <= sub.max_tasks):
            break
    else:
        target = _Open()
        functions.append(target)
    target.parts.append((i, piece.hours))
    target.hours += piece.hours
    target.tasks += piece.n_tasks


def first_fit(sub: Subproblem) -> Assignment:
    """Bundle one subproblem greedily.

    Returns
    -------
    Assignment
        Valid functions only (hours within the window), ordered by non-increasing
        hours, the order the solver's symmetry breaking expects of a hint.
    """
    order = sorted(range(len(sub.pieces)), key=lambda i: (-sub.pieces[i].hours, i))
    functions: list[_Open] = []
    for i in order:
        piece = sub.pieces[i]
        if piece.splittable:
            _place_split(i, piece, functions, sub)
        else:
            _place_whole(i, piece, functions, sub)
    kept = [f for f in functions if f.parts and sub.min_hours <= f.hours <= sub.max_hours]
    kept.sort(key=lambda f: -f.hours)
    return [sorted(f.parts) for f in kept]
