"""keep_with groups as the evaluators see them: links bind both ways and transitively.

Used by the independent evaluators only; the solver path computes its carve units
separately (:mod:`matcher.redesign.carveable`), so the two can check each other.
"""

from __future__ import annotations

from taskmodels.models import Task


def keep_with_groups(tasks: dict[str, Task]) -> dict[str, frozenset[str]]:
    """Each task's keep_with group (the connected component of its links)."""
    links: dict[str, set[str]] = {tid: set() for tid in tasks}
    for t in tasks.values():
        for other in t.keep_with:
            if other in links:
                links[t.task_id].add(other)
                links[other].add(t.task_id)
    group_of: dict[str, frozenset[str]] = {}
    for start in tasks:
        if start in group_of:
            continue
        seen, stack = {start}, [start]
        while stack:
            for nxt in links[stack.pop()] - seen:
                seen.add(nxt)
                stack.append(nxt)
        group = frozenset(seen)
        for tid in group:
            group_of[tid] = group
    return group_of
