"""Every function of an organisation one candidate fits, read from the fit matrix (no solve).

The functions are the organisation's structural ones: those of its newest finished
redesign run (organisation first). ``api.candidate_fits`` classifies every one of
them for the candidate by the whole FORMATS.md §2 rule in milliseconds, each pair
re-checked by the independent evaluator, so listing fits costs a page view no solver
time. Borderline fits come apart and marked, with their support; when nothing fits
the page shows the development path.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from sqlalchemy import select

from web import db as storage
from web.coach.core import ContentCache, content_digest, proposal_of
from web.models import Candidate, Function, InventoryVersion, Organisation, Run

# A candidate's fits by content: the work analysis (its stored JSON), the functions
# and rule values the call reads from the run's report, and the person's content key
# (every field and answer, ``web.coach.core.pool_with_key``). The fit page classifies the person against every
# organisation's functions on each view; the answer only changes when one of these
# does, which makes a new key, so a stale fit cannot be shown.
CANDIDATE_FITS = ContentCache(512)


def structural_run(org: Organisation) -> Run | None:
    """The organisation's newest finished redesign run (its structural functions)."""
    return storage.session().scalars(
        select(Run).where(Run.organisation_id == org.id, Run.kind == "redesign",
                          Run.state == "done").order_by(Run.id.desc()).limit(1)).first()


def policy_of(api: Any, report: dict[str, Any]) -> Any:
    """The rule values the run was made with (defaults when the report names none)."""
    values = report.get("policy") or {}
    try:
        return api.Policy(**values)
    except ValueError:  # a report written under other rule names: judge by today's rules
        return None


def fits_for(api: Any, run: Run, candidate: Candidate, pool: Any,
             roles: list[dict[str, Any]] | None = None,
             pool_key: Hashable | None = None, report: dict[str, Any] | None = None) -> Any:
    """``api.candidate_fits`` of the candidate against every function of ``run`` (or ``roles``).

    With ``pool_key`` (from ``pool_with_key``) the answer is kept in ``CANDIDATE_FITS``
    under the content of everything it depends on; it is shared, so callers only read it.
    ``report`` is the run's proposal when the caller has read it already.
    """
    version = storage.session().get(InventoryVersion, run.inventory_version_id)
    assert version is not None  # a run always belongs to a stored version
    report = proposal_of(run) if report is None else report

    def judge() -> Any:
        return api.candidate_fits(version.inventory(), pool, candidate.pseudonym,
                                  report if roles is None else roles,
                                  policy=policy_of(api, report))

    if pool_key is None:
        return judge()
    # Of the report only what the call reads: its functions and its rule values (the
    # rest, the task decisions above all, is 90 % of its size); a report without a
    # ``roles`` list is read as one function, so then all of it.
    used: Any = {"roles": report.get("roles") if roles is None else roles,
                 "policy": report.get("policy")}
    if roles is None and "roles" not in report:
        used = report
    key = (content_digest(version.data), content_digest(used), candidate.pseudonym, pool_key)
    return CANDIDATE_FITS.get_or_make(key, judge)


def org_fits(api: Any, org: Organisation, candidate: Candidate, pool: Any,
             chosen: int | None, radar: Any,
             pool_key: Hashable | None = None) -> dict[str, Any] | None:
    """What the fit page shows for one organisation; None when it has no redesign yet.

    ``chosen`` is the function whose radar chart is drawn (default the best fit, else
    the best borderline one); ``radar(fn)`` draws it from the function's report entry;
    ``pool_key`` as for :func:`fits_for`.
    """
    run = structural_run(org)
    if run is None:
        return None
    report = proposal_of(run)
    fits = fits_for(api, run, candidate, pool, pool_key=pool_key, report=report)
    functions: dict[str, Function] = {f.role_id: f for f in run.functions}
    roles = {r["role_id"]: r for r in report.get("roles", [])}

    def items(entries: list[Any]) -> list[dict[str, Any]]:
        return [{"m": e.model_dump(mode="json"), "fn": roles.get(e.role_id),
                 "function": functions.get(e.role_id)} for e in entries]

    listed = items(fits.fits) + items(fits.borderline)
    ids = [i["function"].id for i in listed if i["function"] is not None]
    shown = chosen if chosen in ids else (ids[0] if ids else None)
    for item in listed:
        item["chosen"] = item["function"] is not None and item["function"].id == shown
        item["radar"] = radar(item["fn"]) if item["chosen"] and item["fn"] else None
    development = fits.development.model_dump(mode="json") if fits.development else None
    return {"run": run, "fits": listed[:len(fits.fits)], "borderline": listed[len(fits.fits):],
            "not_fitting": len(fits.not_fitting), "development": development}
