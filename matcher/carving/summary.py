"""A readable summary of a carving (Dutch by default, English on request)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matcher.carving.result import CarveResult

_TEXT = {
    "nl": {
        "title": "Jobcarving voor {org}: {placed} van {total} kandidaten geplaatst",
        "head": ["functie", "kandidaat", "afdeling", "dagdeel", "uren", "eff. uren", "score",
                 "taken"],
        "none": "Geen functies gevormd.",
        "unmatched": "Niet geplaatst:",
        "totals": "Uitgesneden: {hours} uur per week, {jobs} banenafspraakbanen, "
                  "besparing {saving} euro per jaar.",
        "baseline": "Herontwerp + matchen plaatst {base}; jobcarving plaatst {placed} "
                    "({diff:+d}).",
        "no_baseline": "Geen vergelijking met herontwerp + matchen: {note}",
        "solver": "Oplosser: {status}, doelwaarde {obj:g}, grens {bound:g} "
                  "(afstand {gap:.2%}), {sec:.1f} s.",
    },
    "en": {
        "title": "Job carving for {org}: {placed} of {total} candidates placed",
        "head": ["function", "candidate", "department", "time", "hours", "eff. hours", "score",
                 "tasks"],
        "none": "No functions formed.",
        "unmatched": "Not placed:",
        "totals": "Carved: {hours} hours a week, {jobs} jobs-agreement jobs, "
                  "saving {saving} EUR a year.",
        "baseline": "Redesign + match places {base}; carving places {placed} ({diff:+d}).",
        "no_baseline": "No comparison with redesign + match: {note}",
        "solver": "Solver: {status}, objective {obj:g}, bound {bound:g} (gap {gap:.2%}), "
                  "{sec:.1f} s.",
    },
}


def _table(rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[k]) for r in rows) for k in range(len(rows[0]))]
    return ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=False)).rstrip() for r in rows]


def render_summary(result: CarveResult, lang: str = "nl", max_unmatched: int | None = None) -> str:
    """The summary text of ``result``."""
    t = _TEXT["nl" if lang == "nl" else "en"]
    total = result.placed + len(result.unmatched)
    lines = [t["title"].format(org=result.organisation, placed=result.placed, total=total), ""]
    eff = {m["role_id"]: m for m in result.matches}
    rows = [t["head"]]
    for fn in result.functions:
        m = eff.get(fn.role_id, {})
        rows.append([
            fn.role_id, fn.candidate_id or "-", fn.department, fn.time_of_day, f"{fn.hours:g}",
            f"{m.get('effective_hours', fn.hours):g}", f"{m.get('score', 0):g}",
            ", ".join(f"{p.task_id} {p.hours:g}u" for p in fn.parts),
        ])
    lines += _table(rows) if len(rows) > 1 else [t["none"]]
    if result.unmatched:
        lines += ["", t["unmatched"]]
        shown = result.unmatched if max_unmatched is None else result.unmatched[:max_unmatched]
        lines += [f"  {u['candidate_id']}: {'; '.join(u['reasons'])}" for u in shown]
        if len(shown) < len(result.unmatched):
            rest = len(result.unmatched) - len(shown)
            lines.append(f"  ... en nog {rest} (allemaal in het JSON-rapport)" if lang == "nl" else
                         f"  ... and {rest} more (all in the JSON report)")
    imp = result.impact
    lines += ["", t["totals"].format(hours=f"{imp.carved_hours:g}",
                                     jobs=f"{imp.jobs_agreement_jobs:.2f}",
                                     saving=f"{imp.annual_saving_eur:,.0f}")]
    base = result.baseline
    if base.get("available"):
        lines.append(t["baseline"].format(base=base["placed"], placed=result.placed,
                                          diff=result.placed - base["placed"]))
    elif base:
        lines.append(t["no_baseline"].format(note=base.get("note", "")))
    s = result.solver
    lines.append(t["solver"].format(status=s.status, obj=s.objective, bound=s.bound, gap=s.gap,
                                    sec=s.seconds))
    return "\n".join(lines)
