"""The one front door to the core (FORMATS.md section 5).

The command line, the web application, the JSON API and a consultant's own script
call this module and nothing deeper. Every call returns a report model
(:mod:`matcher.reports.models`) whose answer the independent evaluators in
:mod:`matcher.checks` have accepted; a rejected answer raises (a bug, never input).

Long calls take ``progress=`` (a callable receiving :class:`Progress`, called at
least once per subproblem or solver phase, in order, ``done`` never above
``total``) and ``cancel=`` (a :class:`threading.Event`): once it is set, the call
returns within 2 seconds with ``solver.status == "CANCELLED"`` and the best valid
answer found so far. CP-SAT searches are stopped from a watcher thread
(:func:`matcher.solver.cpsat.stop_on_cancel`), the redesign keeps the greedy bundling
for the subproblems it had not reached, and a regional run stops submitting and
cancels its outstanding Dask futures.

Example
-------
>>> from matcher import api
>>> inventory = api.read_inventory("taskmodels/data/examples/ziekenhuis_maasland")
>>> report = api.redesign(inventory, options=api.SolveOptions(time_limit=5))
>>> report.impact.carved_hours > 0
True
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from matcher.caching import ContentCache
from matcher.errors import AnswerRejected, UsageError
from matcher.policy import Policy, PolicyError
from matcher.progress import Progress, ProgressCallback, cancelled, step, watching
from matcher.reports.models import (
    CarveReport,
    MatchReport,
    RedesignReport,
    RegionalReport,
    Report,
    SolverSummary,
    load_report,
)
from matcher.reports.summaries import (
    carve_summary,
    match_summary,
    redesign_summary,
    region_matches,
    regional_summary,
)
from matcher.results import SolveOptions
from taskmodels.errors import InputProblem, InventoryError
from taskmodels.models import CandidatePool, Inventory

if TYPE_CHECKING:
    from matcher.monitor.profiles import CapacityProfile

_LAZY = {
    # Written by another part of the project (issue 10 item 3); imported on first use
    # so that this module loads while they are being built.
    "Verdict": "matcher.checks.verdict",
    "MovePart": "matcher.edits", "RemoveFunction": "matcher.edits", "LockTask": "matcher.edits",
    "PinMatch": "matcher.edits", "ForbidMatch": "matcher.edits",
}

__all__ = [
    "AnswerRejected", "CandidatePool", "CarveReport", "ContentCache", "InputProblem", "Inventory", "InventoryError",
    "MatchReport", "Policy", "PolicyError",
    "Progress", "ProgressCallback", "RedesignReport", "RegionalReport", "Report",
    "SolveOptions", "SolverSummary", "UsageError", "candidate_fits", "carve", "carveability", "rule_label", "edit", "evaluate", "load_policy",
    "function_fits", "load_report", "match", "options_for", "profiles", "read_candidates", "read_inventory",
    "redesign", "region_matches", "regional", "summary", "write_template",
    *_LAZY,
]


def __getattr__(name: str) -> Any:
    """The edit models and ``Verdict``, from their own modules on first use."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'matcher.api' has no attribute {name!r}")


# --- input ------------------------------------------------------------------------------


def read_inventory(path: str | Path, policy: Policy | None = None) -> Inventory:
    """Read an inventory workbook or folder (FORMATS.md section 1).

    ``policy`` states the margin by which a role's tasks may exceed its hours
    (``max_role_hours_excess``, default 10 %) and be only a warning
    (``inventory.warnings``); beyond it the excess is an input problem.

    Raises
    ------
    InventoryError
        With every problem in the file (``.problems``: file, sheet, row, column, code).
    """
    from taskmodels.reading import read_inventory as _read

    margin = (policy or Policy()).max_role_hours_excess
    return _read(path, max_role_hours_excess=margin)


def read_candidates(path: str | Path) -> CandidatePool:
    """Read candidates with their monitor ratings (workbook, ``candidates.csv`` or folder).

    Raises
    ------
    InventoryError
        With every problem in the file.
    """
    from taskmodels.reading import read_candidates as _read

    return _read(path)


def load_policy(path: str | Path | None) -> Policy:
    """The policy of a TOML file (defaults when ``path`` is None); raises :class:`PolicyError`."""
    return Policy.from_toml(path)


def write_template(path: str | Path) -> Path:
    """Write an empty inventory workbook with every sheet, column and Dutch help text."""
    from taskmodels.template import write_template as _write

    return _write(path)


def carveability(inventory: Inventory, *, policy: Policy | None = None) -> list[Any]:
    """Per task: carve-able or not, and why (the report's ``tasks`` entries, no solve).

    Quick enough for every page view of a task list (added by the web consultant
    pages, helper G: the task list and a task edit show it at once).
    """
    from matcher.redesign.carveable import decide
    from matcher.reports.parts import decision_reports

    return list(decision_reports(decide(inventory, policy or Policy()), []))


def rule_label(rule: str, lang: str = "nl") -> str:
    """The short label of a carve-ability rule id (a task's ``reason_rules``), in ``lang``."""
    from matcher.redesign.carveable import rule_label as _label

    return _label(rule, lang)


def profiles(candidates: CandidatePool) -> dict[str, CapacityProfile]:
    """The capacity profile of every candidate, from explicit capacities and monitor ratings.

    ``profile.dimensions[dim]`` has ``value``, ``confidence``, ``self_score``,
    ``others_score``, ``gap``, ``slope`` and ``outlook``; ``profile.as_report()`` is the
    JSON form (keys ``self``, ``others``).
    """
    from matcher.monitor.profiles import build_profiles

    return build_profiles(candidates)


# --- solving ----------------------------------------------------------------------------


def _options(options: SolveOptions | None) -> SolveOptions:
    return options if options is not None else SolveOptions()


def _finish(report: Report) -> Report:
    """Mark a cancelled call; the answer itself was checked by the pipeline's evaluator."""
    if cancelled():
        report.solver.status = "CANCELLED"
        for phase in report.solver.phases.values():
            if phase.status in ("OPTIMAL", "FEASIBLE", "UNKNOWN"):
                phase.status = "CANCELLED"
    return report


def redesign(inventory: Inventory, *, policy: Policy | None = None,
             options: SolveOptions | None = None, progress: ProgressCallback | None = None,
             cancel: threading.Event | None = None) -> RedesignReport:
    """Functiecreatie: carve-able tasks bundled into new functions, with the effect.

    Progress: stage ``redesign``, one step per subproblem (department and time of day).
    """
    from matcher.redesign.pipeline import run_redesign

    with watching(progress, cancel):
        result = run_redesign(inventory, policy or Policy(), _options(options))
        return _finish(result.report())  # type: ignore[return-value]


def _pool(inventory: Inventory, candidates: CandidatePool | None) -> CandidatePool:
    if candidates is None:
        candidates = CandidatePool(candidates=inventory.candidates, ratings=inventory.ratings)
    if not candidates.candidates:
        raise UsageError("no candidates: give a candidates file (or a candidates sheet "
                         "in the inventory)")
    return candidates


def match(inventory: Inventory, candidates: CandidatePool | None = None, *,
          policy: Policy | None = None, options: SolveOptions | None = None,
          progress: ProgressCallback | None = None,
          cancel: threading.Event | None = None) -> MatchReport:
    """Pool-aware functiecreatie: new functions shaped to the candidates, assigned, explained.

    ``candidates`` defaults to the inventory's own candidates sheet. The organisation-first
    chain (redesign, then match) is the start and the floor; see docs/matching.md.
    Progress: the chain's redesign steps, then stage ``match`` 0..4 (prepare, design,
    leftover hours, assignment, done).
    """
    # Pool-aware functiecreatie (issue 11): the functions are formed with the pool in
    # view and the people assigned in the same optimisation, then matched exactly.
    from matcher.matching.pool import design_and_match

    policy, options = policy or Policy(), _options(options)
    pool = _pool(inventory, candidates)
    with watching(progress, cancel):
        result = design_and_match(inventory, pool, policy, options, progress=progress,
                                  cancel=cancel)
        return _finish(result.report())  # type: ignore[return-value]


def carve(inventory: Inventory, candidates: CandidatePool | None = None, *,
          candidate_id: str | None = None, policy: Policy | None = None,
          options: SolveOptions | None = None, progress: ProgressCallback | None = None,
          cancel: threading.Event | None = None) -> CarveReport:
    """Jobcarving: form functions around the candidates (or the one ``candidate_id``).

    Progress: stage ``carve`` 0 of 2 at the start, the seeding redesign and match
    steps, 1 of 2 after the first solver phase (people placed), 2 of 2 at the end.

    Raises
    ------
    UsageError
        When there are no candidates, or ``candidate_id`` is not among them.
    """
    from matcher.carving.pipeline import run_carve

    pool = _pool(inventory, candidates)
    if candidate_id is not None and candidate_id not in pool.by_id():
        raise UsageError(f"candidate '{candidate_id}' is not in the candidates file")
    with watching(progress, cancel):
        step("carve", 0, 2, "progress.carve.start",
             candidates=1 if candidate_id else len(pool.candidates))
        result = run_carve(inventory, pool, policy or Policy(), _options(options), candidate_id)
        step("carve", 2, 2, "progress.carve.done")
        return _finish(result.report())  # type: ignore[return-value]


def regional(inventories: str | Path | Sequence[Inventory], candidates: CandidatePool, *,
             scheduler: str | None = None, policy: Policy | None = None,
             options: SolveOptions | None = None, progress: ProgressCallback | None = None,
             cancel: threading.Event | None = None, carve: bool = False,
             state: str | Path | None = None, resume: bool = False,
             exclude: tuple[Path, ...] = (), pool_aware: bool = True) -> RegionalReport:
    """Many employers, one candidate pool, nobody placed twice.

    ``inventories`` is a folder with one inventory per employer (run on a Dask
    cluster: ``scheduler`` joins one, else a local cluster of ``options.workers``
    processes; results are kept in ``state`` and ``resume`` reuses them), or a list
    of inventories already read (run in this process, one after another, as the demo
    does). Either way one global assignment places each person at most once, and
    ``carve`` then carves per employer around the people assigned to it.

    ``pool_aware`` (issue 11, the default) designs each employer's functions with the
    whole pool in view (:func:`matcher.matching.pool.design_and_match`), so they have
    the sizes, rhythms and demand profiles the region's people can fill; every
    function and match is re-checked by the independent evaluators, and the global
    assignment still places each person at most once. ``pool_aware=False`` (the
    command's ``--org-first``) redesigns each employer for the organisation alone,
    as before issue 11: its per-employer solves are usually proven optimal, where
    the pool-aware ones are time-limited searches.

    The report's ``completeness`` counts the candidates no employer could consider,
    and why (no capacity data, no hours window, every function blocked by one
    condition …), the same counts every report has; each employer's own counts are
    in ``employers[].completeness``.

    Progress: stage ``regional``, one step per employer, then the assignment.
    """
    from matcher.reports.assemble import regional_report

    policy, options = policy or Policy(), _options(options)
    with watching(progress, cancel):
        if isinstance(inventories, str | Path):
            data = _regional_on_dask(Path(inventories), candidates, scheduler, policy, options,
                                     state, resume, carve, exclude, pool_aware)
        else:
            from matcher.regional.local import run_regional_local

            data = run_regional_local(list(inventories), candidates, policy, options, carve,
                                      pool_aware=pool_aware)
        return _finish(regional_report(data))  # type: ignore[return-value]


def _regional_on_dask(folder: Path, candidates: CandidatePool, scheduler: str | None,
                      policy: Policy, options: SolveOptions, state: str | Path | None,
                      resume: bool, carve: bool, exclude: tuple[Path, ...],
                      pool_aware: bool = True) -> dict[str, Any]:
    from matcher.regional.engine import open_client
    from matcher.regional.pipeline import run_regional

    if not folder.is_dir():
        raise UsageError(f"{folder} is not a folder of employer inventories")
    with open_client(options.workers, scheduler) as client:
        return run_regional(client, folder, candidates, policy, options,
                            state if state is not None else Path("regional-state"),
                            resume=resume, carve=carve, exclude=exclude,
                            # issue 11: each employer's functions shaped to the whole pool
                            pool_aware=pool_aware)


# --- checking and editing (issue 10 item 3) --------------------------------------------


def evaluate(report: RedesignReport | MatchReport | CarveReport, inventory: Inventory,
             candidates: CandidatePool | None = None) -> Any:
    """Re-check a report independently: a ``Verdict`` with ``ok``, ``problems`` and figures."""
    from matcher.checks.verdict import evaluate_report

    return evaluate_report(report, inventory, candidates)


def edit(report: RedesignReport | MatchReport | CarveReport, inventory: Inventory,
         candidates: CandidatePool | None = None,
         *edits: Any) -> Any:
    """Apply edits (``MovePart``, ``RemoveFunction``, ``LockTask``, ``PinMatch``,
    ``ForbidMatch``): ``Edited(report, verdict)``, a new report of the same kind with its
    figures recomputed, and the evaluator's verdict on it; a broken rule is applied and
    flagged in the verdict, never undone."""
    from matcher.edits import apply_edits

    return apply_edits(report, inventory, candidates, *edits)


# --- fit without a solve (issue 13: the coach's list, the advisor's pool count) ---------


def _roles(functions: Any) -> list[dict[str, Any]]:
    """A report's ``roles`` (or a list of them, models or dicts) as plain dicts."""
    from pydantic import BaseModel

    roles = getattr(functions, "roles", functions)
    if isinstance(roles, Mapping):
        roles = roles.get("roles", [roles])
    return [r.model_dump(mode="json") if isinstance(r, BaseModel) else dict(r) for r in roles]


def candidate_fits(inventory: Inventory, candidates: CandidatePool, candidate_id: str,
                   functions: Any, *, policy: Policy | None = None) -> Any:
    """Every function of a report for one person: fits, borderline (marked), the rest.

    ``functions`` is a report, its JSON, or a list of its ``roles`` entries; each
    function's profile is derived anew from its tasks in ``inventory``. No solver runs
    (the fit matrix answers in milliseconds); every pair is re-checked by the
    independent evaluator. Returns a ``CandidateFitReport``: ``fits`` and ``borderline``
    (best score first, each a ``matches``-style entry with its explanation and support
    as codes), ``not_fitting`` (with blockers) and ``development`` (nearest function
    and capacity gains) when nothing fits without support.

    Raises
    ------
    UsageError
        When ``candidate_id`` is not among ``candidates``.
    """
    from matcher.matching.candidate_fits import candidate_fits as _fits
    from matcher.matching.candidate_fits import functions_from_roles

    if candidate_id not in candidates.by_id():
        raise UsageError(f"candidate '{candidate_id}' is not in the candidates file")
    fns = functions_from_roles(_roles(functions), inventory.task_by_id())
    return _fits(inventory, candidates, candidate_id, fns, policy or Policy()).report()


def function_fits(inventory: Inventory, candidates: CandidatePool, function: Any, *,
                  policy: Policy | None = None) -> Any:
    """Who of ``candidates`` fits one function (a ``roles`` entry) by the whole §2 rule.

    Dimensions, level, hours window with productivity, lifting, conditions and avoided
    tasks, as the matcher applies them, re-checked by the evaluator. Returns a
    ``FunctionFitReport``: ``counts`` (``fits``, ``borderline``, ``no_fit``) and per
    person only the class, never a reason.
    """
    from matcher.matching.candidate_fits import function_fit_report, functions_from_roles
    from matcher.matching.candidate_fits import function_fits as _fits

    roles = _roles([function])
    fns = functions_from_roles(roles, inventory.task_by_id())
    if not fns:
        raise UsageError(f"function '{roles[0].get('role_id')}' names tasks the work "
                         "analysis does not have")
    return function_fit_report(fns[0].role_id, _fits(inventory, candidates, fns[0],
                                                     policy or Policy()))


# --- reading a report --------------------------------------------------------------------


def summary(report: Report, lang: str = "nl", max_unmatched: int | None = None) -> str:
    """The printed summary of any report, in Dutch (default) or English."""
    if isinstance(report, RegionalReport):
        return regional_summary(report, lang)
    if isinstance(report, MatchReport):
        return match_summary(report, lang, max_unmatched)
    if isinstance(report, CarveReport):
        return carve_summary(report, lang, max_unmatched)
    return redesign_summary(report, lang)


def options_for(time_limit: float = 30.0, workers: int = 2, seed: int = 0,
                allow_borderline: bool = False) -> SolveOptions:
    """A :class:`SolveOptions`, checked: a time limit above 0 and at least one worker."""
    if time_limit <= 0 or workers < 1:
        raise UsageError("--time-limit must be above 0 and --workers at least 1")
    return replace(SolveOptions(), time_limit=float(time_limit), workers=int(workers),
                   seed=int(seed), allow_borderline=bool(allow_borderline))
