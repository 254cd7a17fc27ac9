"""The whole redesign chain: report contract, command line, and solver-evaluator agreement."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from matcher.checks.redesign import evaluate
from matcher.cli import main
from matcher.policy import Policy
from matcher.redesign.pipeline import department_codes, greedy_redesign, run_redesign
from matcher.results import SolveOptions
from taskmodels.models import Inventory, Role, Task
from tests.conftest import write_folder
from tests.matcher.strategies import inventories

FAST = SolveOptions(time_limit=2.0, workers=1, seed=0)
REPORT_KEYS = {"organisation", "policy", "tasks", "roles", "matches", "unmatched", "impact",
               "solver"}


def tiny() -> Inventory:
    roles = (Role(role="Verpleegkundige", department="Afdeling A", headcount=10,
                  contract_hours=32, hourly_cost=45, level=4),)
    tasks = (
        Task(task_id="T1", task="Bedden opmaken", role="Verpleegkundige", hours_per_week=20,
             level=1, separable=True, department="Afdeling A", keep_with=("T2",), demands={}),
        Task(task_id="T2", task="Linnen sorteren", role="Verpleegkundige", hours_per_week=4,
             level=1, separable=True, department="Afdeling A", demands={"pace": 3}),
        Task(task_id="T3", task="Medicatie", role="Verpleegkundige", hours_per_week=30,
             level=4, separable=False, core=True, department="Afdeling A", demands={}),
    )
    return Inventory(organisation="tiny", roles=roles, tasks=tasks)


def test_report_has_exactly_the_contract_keys():
    report = run_redesign(tiny(), Policy(), FAST).to_report()
    # The FORMATS.md section 4 keys, plus the data-completeness counts of issue 11.
    assert set(report) == REPORT_KEYS | {"completeness"}
    assert report["matches"] == [] and report["unmatched"] == []
    assert [t["task_id"] for t in report["tasks"]] == ["T1", "T2", "T3"]
    assert report["tasks"][2]["carveable"] is False and report["tasks"][2]["reasons"]
    (role,) = report["roles"]
    assert role["role_id"] == "NF-AA-1" and role["hours_per_week"] == 24
    assert report["impact"]["freed_hours_by_role"] == {"Verpleegkundige": 24}
    assert report["policy"]["min_function_hours"] == 12
    assert set(report["solver"]) >= {"status", "objective", "bound", "seconds"}
    json.dumps(report)  # serialisable as it stands


def test_summary_in_dutch_and_english():
    result = run_redesign(tiny(), Policy(), FAST)
    nl, en = result.summary(), result.summary("en")
    # The status in words (issue 10), the time of day as its label.
    assert "NF-AA-1" in nl and "banen" in nl and "Oplosser: bewezen optimaal" in nl
    assert "jobs agreement" in en and "Solver: proven optimal" in en
    assert " dag " in nl and " day " in en and "OPTIMAL" not in nl


def test_department_codes_are_short_unique_and_stable():
    codes = department_codes(["Keuken", "Kelder", "Verpleegafdeling Chirurgie", "Keukenhof"])
    assert codes == {"Kelder": "KEL", "Keuken": "KEU", "Keukenhof": "KEU2",
                     "Verpleegafdeling Chirurgie": "VC"}


def test_cli_writes_the_report_and_prints_a_summary(tiny_folder: Path, tmp_path: Path, capsys):
    out = tmp_path / "out" / "report.json"
    code = main(["redesign", str(tiny_folder), "--json", str(out), "--time-limit", "2",
                 "--workers", "1", "--seed", "3"])
    assert code == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert set(report) == REPORT_KEYS | {"completeness"} and report["organisation"] == "tiny"
    assert "Nieuwe functies" in capsys.readouterr().out


def test_cli_config_changes_the_rules(tiny_folder: Path, tmp_path: Path):
    config = tmp_path / "beleid.toml"
    config.write_text("[policy]\nmin_function_hours = 30\n", encoding="utf-8")
    out = tmp_path / "r.json"
    assert main(["redesign", str(tiny_folder), "--config", str(config), "--json", str(out)]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["policy"]["min_function_hours"] == 30
    assert all(r["hours_per_week"] >= 30 for r in report["roles"])


def test_cli_bad_config_is_exit_2(tiny_folder: Path, tmp_path: Path, capsys):
    config = tmp_path / "beleid.toml"
    config.write_text("max_hours_typo = 3\n", encoding="utf-8")
    assert main(["redesign", str(tiny_folder), "--config", str(config)]) == 2
    assert "max_hours_typo" in capsys.readouterr().err


def test_nothing_carveable_gives_common_reasons_and_exit_0(tmp_path: Path, capsys):
    folder = write_folder(
        tmp_path / "kern",
        roles="role,department,headcount,contract_hours,hourly_cost,level\n"
              "Chirurg,OK,4,36,120,7\n",
        tasks="task_id,task,role,hours_per_week,level,separable,core\n"
              "T1,Opereren,Chirurg,100,7,nee,ja\nT2,Visite,Chirurg,20,7,nee,nee\n"
              "T3,Verslag,Chirurg,20,6,ja,nee\n",
    )
    out = tmp_path / "r.json"
    assert main(["redesign", str(folder), "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Geen enkele taak is uitsnijdbaar" in printed
    assert "taakniveau boven het plafond voor de doelgroep (3)" in printed
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["roles"] == [] and report["impact"]["carved_hours"] == 0


def test_bundled_examples_redesign():
    from taskmodels.examples import example_names, example_path
    from taskmodels.reading import read_inventory

    names = example_names()
    # The package ships four example employers; fewer is a packaging bug, not a pass.
    assert len(names) == 4, names
    for name in names:
        inv = read_inventory(example_path(name))
        result = run_redesign(inv, Policy(), SolveOptions(time_limit=1.0, workers=1))
        assert evaluate(inv, Policy(), result.functions).feasible
        assert result.summary()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(inventories(max_tasks=16))
def test_every_proposal_passes_the_evaluator_and_beats_greedy(inv):
    policy = Policy()
    result = run_redesign(inv, policy, SolveOptions(time_limit=1.0, workers=1))
    check = evaluate(inv, policy, result.functions)
    assert check.feasible, check.violations
    w = result.weights
    assert check.objective(w.hours, w.saving, w.access) == result.solver.objective
    assert result.solver.objective <= result.solver.bound + 1e-6 * abs(result.solver.bound)
    greedy = evaluate(inv, policy, greedy_redesign(inv, policy))
    assert greedy.feasible, greedy.violations
    assert check.carved_hundredths >= greedy.carved_hundredths
    assert result.impact.carved_hours == pytest.approx(check.carved_hours)
    assert check.carved_hours <= result.hours_bound + 1e-9


@settings(max_examples=25, deadline=None)
@given(inventories(max_tasks=10))
def test_a_stricter_policy_never_carves_more(inv):
    loose = run_redesign(inv, Policy(), FAST)
    strict = run_redesign(inv, Policy(max_demand=2, max_tasks_per_function=4), FAST)
    # Every strict proposal is also a loose one, so it carves at most the loose
    # optimum, which the loose run's proven hours bound caps (whatever its status).
    assert strict.evaluation.carved_hours <= loose.hours_bound + 1e-9


# The evaluator must reject each kind of broken proposal, or agreeing with it means little.

def _inv() -> Inventory:
    roles = (Role(role="R", department="A", headcount=1, contract_hours=36, hourly_cost=40,
                  level=4),)
    spec = [("S1", 13.5, "A", "day", ()), ("S2", 10, "A", "day", ()), ("S3", 3, "A", "day", ()),
            ("G1", 4, "A", "day", ("G2",)), ("G2", 4, "A", "day", ()),
            ("E1", 12, "A", "evening", ()), ("B1", 12, "B", "day", ())]
    tasks = [Task(task_id=t, task=t, role="R", hours_per_week=h, level=1, separable=True,
                  department=d, time_of_day=tod, keep_with=kw, demands={})
             for t, h, d, tod, kw in spec]
    tasks.append(Task(task_id="C1", task="C1", role="R", hours_per_week=12, level=1,
                      separable=True, core=True, department="A", demands={}))
    tasks += [Task(task_id=f"M{k}", task="m", role="R", hours_per_week=1.5, level=1,
                   separable=True, department="A", demands={}) for k in range(9)]
    return Inventory(organisation="o", roles=roles, tasks=tuple(tasks))


def _rules(*functions: list[tuple[str, float]]) -> set[str]:
    from matcher.redesign.functions import NewFunction, TaskPart

    inv = _inv()
    tasks = inv.task_by_id()
    fns = [NewFunction.from_parts(f"NF-{k}", [TaskPart(t, h) for t, h in parts], tasks)
           for k, parts in enumerate(functions)]
    return {v.rule for v in evaluate(inv, Policy(), fns).violations}


def test_evaluator_accepts_a_valid_proposal():
    assert _rules([("S1", 6.5), ("S2", 10)], [("S1", 7), ("G1", 4), ("G2", 4)]) == set()


@pytest.mark.parametrize(("functions", "rule"), [
    ([[("S2", 10)]], "hours"),
    ([[("S1", 13.5), ("S2", 10), ("E1", 12), ("G1", 4), ("G2", 4)]], "hours"),
    ([[("S2", 10), ("B1", 12)]], "departments"),
    ([[("S2", 10), ("E1", 12)]], "time_of_day"),
    ([[(f"M{k}", 1.5) for k in range(9)]], "task_count"),
    ([[("S1", 1.5), ("S2", 10.5)]], "split_part"),  # a part below 2 whole hours
    ([[("S1", 4.5), ("S2", 10)], [("S1", 4.5), ("G1", 4), ("G2", 4)]], "split_fraction"),  # half hour twice
    ([[("S1", 7.5), ("S2", 5.5)]], "split_part"),   # a whole-hour task cut in half hours
    ([[("S3", 2), ("S2", 10)]], "split_small"),      # a 3 h task is too small to split
    ([[("S1", 14), ("G1", 4), ("G2", 4)]], "over_carved"),
    ([[("G1", 4), ("S2", 10)], [("G2", 4), ("S1", 13.5)]], "keep_with"),
    ([[("C1", 12)]], "carveable"),
])
def test_evaluator_rejects_each_broken_rule(functions, rule):
    assert rule in _rules(*functions)


def test_evaluator_rejects_a_wrong_demand_profile():
    from dataclasses import replace

    from matcher.redesign.functions import NewFunction, TaskPart

    inv = _inv()
    fn = NewFunction.from_parts("NF-1", [TaskPart("S1", 13.5)], inv.task_by_id())
    fn = replace(fn, demands={**fn.demands, "pace": 4})
    assert {v.rule for v in evaluate(inv, Policy(), [fn]).violations} == {"profile"}
