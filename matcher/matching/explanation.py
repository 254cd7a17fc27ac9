"""Why a pair fits or not, as data: rules that helped or hurt, blockers, support needed.

Every reason is a catalogue message (codes ``fit.…``) with its parameters, wrapped in
a :class:`Sentence`: the Dutch text (so a report, a log line or a test reads it as
it always did) that keeps its :class:`~taskmodels.messages.Message`, so the report
assembly and the web render the same reason in English from the code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from matcher.matching.encoding import CONDITIONS, N_DIM
from matcher.matching.rules import TOLERANCE, allowed_level, hours_fit
from matcher.matching.scoring import MARGIN_CAP, WEIGHTS, dimension_weights
from taskmodels.catalogue import BY_ID, DIMENSION_IDS
from taskmodels.messages import DEFAULT_LANG, Message, ParamValue, msg

if TYPE_CHECKING:
    from matcher.matching.matrix import FitMatrix


class Sentence(str):
    """A sentence in Dutch that keeps the catalogue message it was rendered from.

    It *is* the Dutch string (JSON, ``in``, ``==`` and joins work as on any string);
    ``.message`` is the code with parameters and ``.text(lang)`` renders it anew.
    """

    message: Message

    def __new__(cls, message: Message) -> Sentence:
        obj = super().__new__(cls, message.render(DEFAULT_LANG))
        obj.message = message
        return obj

    def text(self, lang: str = DEFAULT_LANG) -> str:
        """The sentence in ``lang``."""
        return self.message.render(lang)

    def __reduce__(self) -> tuple[Any, ...]:
        # Keeps the message through pickling (Dask workers in regional runs).
        return (Sentence, (self.message,))


def say(code: str, **params: ParamValue) -> Sentence:
    """The sentence of catalogue ``code`` with ``params``."""
    return Sentence(msg(code, **params))


def dimension_label(dim: str, lang: str = DEFAULT_LANG) -> str:
    """The capacity label of a dimension (``werktempo``) in ``lang``."""
    return BY_ID[dim].capacity_label(lang)


def _capacity(dim: str) -> str:
    """The code that names a dimension as a person's capacity, for ``{…:label}``."""
    return BY_ID[dim].capacity_code


def _num(x: Any) -> float:
    return round(float(x), 4)


def hard_rules(fm: FitMatrix, i: int, j: int) -> tuple[list[dict[str, object]], list[str]]:
    """(blockers, borderline dimensions) of candidate row ``i`` and function column ``j``.

    Each blocker is ``{rule, dimension, have, need, reason}``. The checks mirror
    :mod:`matcher.matching.rules` pair by pair, so the explanation names exactly the
    rules the vectorised check applied.
    """
    c, f = fm.cand, fm.func
    out: list[dict[str, object]] = []
    border: list[str] = []
    if not c.has_source[i]:
        out.append({"rule": "no_capacity_data", "dimension": None, "have": None, "need": None,
                    "reason": say("fit.no_capacity_data")})
    for d, dim in enumerate(DIMENSION_IDS):
        have, need = int(c.level[i, d]), int(f.demand[j, d])
        if max(have, 1) >= need:
            continue
        if have == 0:
            out.append({"rule": "missing_capacity", "dimension": dim, "have": None, "need": need,
                        "reason": say("fit.missing_capacity", dimension=_capacity(dim), need=need)})
        elif have == need - 1:
            border.append(dim)
            if not fm.allow_borderline:
                out.append({"rule": "borderline", "dimension": dim, "have": have, "need": need,
                            "reason": say("fit.borderline_blocked", dimension=_capacity(dim),
                                          have=have, need=need)})
        else:
            out.append({"rule": "dimension", "dimension": dim, "have": have, "need": need,
                        "reason": say("fit.dimension", dimension=_capacity(dim), have=have,
                                      need=need)})
    own = int(c.own_level[i])
    if f.level[j] > allowed_level(own, fm.policy):
        out.append({"rule": "level", "dimension": None, "have": own, "need": int(f.level[j]),
                    "reason": say("fit.level", level=int(f.level[j]), own_level=own,
                                  without=fm.policy.max_level_without_own_level)})
    eff = f.hours[j] / c.productivity[i]
    lo, hi = c.min_hours[i], c.max_hours[i]
    if not hours_fit(f.hours[j], lo, hi, c.productivity[i]):
        out.append({"rule": "hours", "dimension": None, "have": [lo, hi], "need": round(eff, 2),
                    "reason": say("fit.hours", effective=_num(eff), hours=_num(f.hours[j]),
                                  productivity=_num(c.productivity[i]), min_hours=_num(lo),
                                  max_hours=_num(hi))})
    if f.lifting[j] > c.max_lifting[i] + TOLERANCE:
        out.append({"rule": "lifting", "dimension": None, "have": c.max_lifting[i],
                    "need": f.lifting[j],
                    "reason": say("fit.lifting", need=_num(f.lifting[j]), most=_num(c.max_lifting[i]))})
    for k, cond in enumerate(CONDITIONS):
        if f.conditions[j, k] and c.not_ok[i, k]:
            out.append({"rule": cond, "dimension": None, "have": False, "need": True,
                        "reason": say("fit.condition", condition=f"condition.{cond}")})
    avoided = set(c.avoids[i].indices) & set(f.tasks[:, j].indices)
    for t in sorted(fm.task_ids[k] for k in avoided):
        out.append({"rule": "avoids", "dimension": None, "have": t, "need": None,
                    "reason": say("fit.avoids", task_id=t)})
    return out, border


def pair_blockers(fm: FitMatrix, i: int, j: int) -> list[dict[str, object]]:
    """The hard rules candidate row ``i`` breaks for function column ``j``."""
    return hard_rules(fm, i, j)[0]


def explain_pair(fm: FitMatrix, i: int, j: int) -> dict[str, object]:
    """The explanation of one pair as data (see :meth:`FitMatrix.explain`).

    Returns ``{score, feasible, borderline, support, low_confidence, rules}``; the
    contributions add up to the score (before clipping to 0-100).
    """
    c, f = fm.cand, fm.func
    blockers, border = hard_rules(fm, i, j)
    rules: list[dict[str, object]] = [
        {"rule": "base", "weight": WEIGHTS["base"], "contribution": WEIGHTS["base"],
         "reason": say("fit.base")}]
    w = dimension_weights(c.confidence[i])
    low: list[str] = []
    for d, dim in enumerate(DIMENSION_IDS):
        have, need = int(c.level[i, d]), int(f.demand[j, d])
        part = WEIGHTS["margin"] * w[d] / w.sum() * min(MARGIN_CAP, max(0, have - need)) / MARGIN_CAP
        if part > 0:
            rules.append({"rule": "margin", "weight": WEIGHTS["margin"], "contribution": part,
                          "reason": say("fit.margin", dimension=_capacity(dim), have=have,
                                        need=need, room=have - need)})
        if c.low[i, d] and need > 1:
            low.append(dim)
            rules.append({"rule": "low_confidence", "weight": 0.0, "contribution": 0.0,
                          "reason": say("fit.low_confidence", dimension=_capacity(dim))})
    eff = f.hours[j] / c.productivity[i]
    use = min(1.0, eff / c.max_hours[i])
    rules.append({"rule": "hours", "weight": WEIGHTS["hours"], "contribution": WEIGHTS["hours"] * use,
                  "reason": say("fit.hours_use", effective=_num(eff), max_hours=_num(c.max_hours[i]))})
    pref_depts = {fm.departments[k] for k in c.prefers[i].indices}
    f_depts = {fm.departments[k] for k in f.departments[:, j].indices}
    if pref_depts & f_depts:
        rules.append({"rule": "preference", "weight": WEIGHTS["preference"],
                      "contribution": WEIGHTS["preference"],
                      "reason": say("fit.preference", departments=sorted(pref_depts & f_depts))})
    excess = sum(max(0, int(c.level[i, d]) - int(f.demand[j, d]) - MARGIN_CAP) for d in range(N_DIM))
    if excess:
        part = WEIGHTS["boredom"] * excess / (MARGIN_CAP * N_DIM)
        rules.append({"rule": "boredom", "weight": WEIGHTS["boredom"], "contribution": -part,
                      "reason": say("fit.boredom")})
    for dim in border:
        rules.append({"rule": "borderline", "weight": WEIGHTS["borderline"],
                      "contribution": -WEIGHTS["borderline"],
                      "reason": say("fit.borderline", dimension=_capacity(dim))})
    for b in blockers:
        rules.append({"rule": b["rule"], "weight": None, "contribution": None, "reason": b["reason"]})
    total = sum(cast(float, r["contribution"]) for r in rules if r["contribution"] is not None)
    for r in rules:
        if r["contribution"] is not None:
            r["contribution"] = round(cast(float, r["contribution"]), 3)
    return {
        "score": round(min(100.0, max(0.0, total)), 2),
        "feasible": not blockers,
        "borderline": border,
        "support": [say("fit.support", dimension=_capacity(d)) for d in border],
        "low_confidence": low,
        "rules": rules,
    }
