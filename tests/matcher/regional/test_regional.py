"""The regional run on real Dask clusters: nobody twice, every match feasible, same
result with 1 and 2 workers, after a crash, a killed run, a killed worker, and on a
scheduler and worker started as separate processes.

The default run designs each employer pool-aware (issue 11): nobody twice, every
match and function accepted by the independent evaluators, completeness counted,
resume reusing stored records. Its per-employer designs are time-limited searches,
so on a busy machine two runs may settle on different (equally good) designs. The
tests that compare whole reports exactly (1 and 2 workers, after a crash, a killed
run, a killed worker, separate processes) test Dask's fault handling and therefore
run the organisation-first design (``pool_aware=False``, ``--org-first``), whose tiny
per-employer solves are proven optimal in well under a second: single-threaded with
a fixed seed, results compare exactly (timings aside).
"""

from __future__ import annotations

import json
import math
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from matcher.policy import Policy
from matcher.regional.engine import open_client
from matcher.regional.pipeline import run_regional
from matcher.results import SolveOptions
from matcher.synthetic.generate import generate_candidates, generate_inventory
from taskmodels.catalogue import DIMENSION_IDS
from taskmodels.reading import read_candidates, read_inventory
from taskmodels.writing import write_candidates, write_inventory

ROOT = Path(__file__).resolve().parents[3]
# Small enough for the pool-aware design to finish in a few seconds per employer.
EMPLOYERS = [("zorg-a", "care", 2), ("bouw-a", "construction", 1), ("onderwijs-a", "education", 3),
             ("zorg-b", "care", 4),
             ("bouw-b", "construction", 4), ("onderwijs-b", "education", 5)]
CANDIDATES = 30
OPTIONS = SolveOptions(time_limit=5.0, workers=1, seed=0)
POLICY = Policy()


def stable(report: Any) -> Any:
    """The report without timings (they differ from run to run)."""
    if isinstance(report, dict):
        return {k: stable(v) for k, v in report.items()
                if k != "phases" and not k.endswith("seconds")}
    if isinstance(report, list):
        return [stable(v) for v in report]
    return report


def as_model(report: dict[str, Any]) -> Any:
    """A run's plain result as the RegionalReport model the front door returns."""
    from matcher.reports.assemble import regional_report

    return regional_report(report)


def as_written(report: dict[str, Any]) -> Any:
    """A run's plain result as the command writes it: the RegionalReport model's JSON."""
    from matcher.reports.assemble import regional_report

    return regional_report(report).model_dump(mode="json")


@pytest.fixture(scope="module")
def region(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("region")
    departments: set[str] = set()
    for name, sector, seed in EMPLOYERS:
        inventory = generate_inventory(name, sector, 10, seed=seed)
        departments.update(r.department for r in inventory.roles)
        write_inventory(inventory, root / "employers" / name)
    pool = generate_candidates(CANDIDATES, seed=3, departments=sorted(departments))
    write_candidates(pool, root / "candidates.csv")
    return root


@pytest.fixture(scope="module")
def client():
    with open_client(workers=2) as c:
        yield c


@pytest.fixture(scope="module")
def baseline(region: Path, client, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    pool = read_candidates(region / "candidates.csv")
    return run_regional(client, region / "employers", pool, POLICY, OPTIONS,
                        tmp_path_factory.mktemp("state"))


@pytest.fixture(scope="module")
def org_first(region: Path, client, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    pool = read_candidates(region / "candidates.csv")
    return run_regional(client, region / "employers", pool, POLICY, OPTIONS,
                        tmp_path_factory.mktemp("state"), pool_aware=False)


def test_every_employer_is_solved_to_proven_optimality(org_first: dict[str, Any]) -> None:
    # Precondition of the exact comparisons: optimal single-thread solves are reproducible.
    assert [e["organisation"] for e in org_first["employers"]] == sorted(n for n, _, _ in EMPLOYERS)
    assert {e["solver"]["status"] for e in org_first["employers"]} == {"OPTIMAL"}
    assert org_first["solver"]["status"] == "OPTIMAL"
    assert org_first["matches"], "the fixture should place at least someone"


def test_no_person_is_placed_twice(baseline: dict[str, Any]) -> None:
    ids = [m["candidate_id"] for m in baseline["matches"]]
    assert len(ids) == len(set(ids))
    functions = [(m["employer"], m["role_id"]) for m in baseline["matches"]]
    assert len(functions) == len(set(functions))
    assert not set(ids) & {u["candidate_id"] for u in baseline["unmatched"]}
    assert len(ids) + len(baseline["unmatched"]) == CANDIDATES


def test_the_default_is_the_pool_aware_design_per_employer(baseline: dict[str, Any]) -> None:
    assert [e["organisation"] for e in baseline["employers"]] == sorted(n for n, _, _ in EMPLOYERS)
    assert baseline["solver"]["status"] == "OPTIMAL"  # the global assignment is exact
    assert baseline["matches"], "the fixture should place at least someone"
    # Each employer's report is the pool-aware design's: its functions name who fits them.
    for employer in baseline["employers"]:
        assert employer["solver"]["method"] == "pool_aware", employer["organisation"]
        assert all("fitting_count" in r for r in employer["roles"])


def test_completeness_counts_every_candidate_once_at_the_top(baseline: dict[str, Any],
                                                             region: Path) -> None:
    from matcher.regional.completeness import combine

    c = baseline["completeness"]
    assert c["candidates"] == CANDIDATES
    reasons = (c["no_capacity_data"] + c["no_hours_window"] + c["no_carveable_work"]
               + c["too_little_fitting_work"] + c["blocked_by_several_conditions"]
               + sum(c["blocked_by_one_condition"].values()))
    assert c["considered"] + reasons == CANDIDATES and c["not_considered"] == reasons
    # The fixture has people the monitor never rated and windows that fit no function.
    pool = read_candidates(region / "candidates.csv")
    unrated = [k.candidate_id for k in pool.candidates
               if not any(k.capacities.values())
               and not any(r.candidate_id == k.candidate_id for r in pool.ratings)]
    assert c["no_capacity_data"] == len(unrated)
    # Nobody the region could not consider is placed.
    assert len(baseline["matches"]) <= c["considered"]
    # Per employer the same counts, and the region's status combines them.
    for employer in baseline["employers"]:
        assert employer["completeness"]["candidates"] == CANDIDATES
        assert employer["completeness"]["considered"] <= c["considered"]
    assert combine(["blocked:night", "considered"]) == "considered"
    assert combine(["blocked:night", "blocked:night"]) == "blocked:night"
    assert combine(["blocked:night", "blocked:lifting"]) == "blocked_by_several_conditions"
    assert combine(["no_carveable_work", "blocked:night"]) == "blocked:night"
    assert combine(["no_carveable_work"]) == "no_carveable_work"


def test_summary_starts_with_the_completeness_counts_in_both_languages(
    baseline: dict[str, Any],
) -> None:
    from matcher.api import summary

    report = as_model(baseline)
    c = baseline["completeness"]
    nl = summary(report, "nl").splitlines()[0]
    en = summary(report, "en").splitlines()[0]
    assert nl.startswith(f"Kandidaten: {c['candidates']}") and str(c["considered"]) in nl
    assert en.startswith(f"Candidates: {c['candidates']}") and str(c["considered"]) in en
    assert f"{c['no_capacity_data']} without capacity data" in en


def test_org_first_stays_reachable_and_places_nobody_twice(
    org_first: dict[str, Any], baseline: dict[str, Any],
) -> None:
    old = org_first
    assert all("method" not in e["solver"] for e in old["employers"])
    ids = [m["candidate_id"] for m in old["matches"]]
    assert len(ids) == len(set(ids))
    # Completeness does not depend on the design: same pool, same carve-able work.
    assert old["completeness"] == baseline["completeness"]
    # Functions shaped to the pool place at least as many people on this fixture.
    assert len(baseline["matches"]) >= len(ids)


def _plain_fit_problems(person, role: dict[str, Any]) -> list[str]:
    """FORMATS.md section 2 "a person fits a new function", written out by hand."""
    problems = []
    for dim in DIMENSION_IDS:
        have = person.capacities.get(dim)
        level = 0 if have is None else math.floor(have + 0.5)
        if max(level, 1) < role["demands"][dim]:
            problems.append(f"{dim} {have} < {role['demands'][dim]}")
    if role["level"] > max(2, person.level):
        problems.append("level")
    effective = role["hours_per_week"] / person.productivity
    if not person.min_hours - 1e-6 <= effective <= person.max_hours + 1e-6:
        problems.append(f"hours {effective:.2f}")
    if role["lifting_kg"] > person.max_lifting_kg:
        problems.append("lifting")
    for flag, ok in (("evening", person.evening_ok), ("night", person.night_ok),
                     ("weekend", person.weekend_ok), ("customer_contact", person.customer_contact_ok)):
        if role[flag] and not ok:
            problems.append(flag)
    if {t["task_id"] for t in role["tasks"]} & set(person.avoids):
        problems.append("avoids")
    return problems


def test_every_match_is_feasible_under_independent_checks(
    baseline: dict[str, Any], region: Path,
) -> None:
    from matcher.checks.redesign import evaluate

    people = read_candidates(region / "candidates.csv").by_id()
    roles = {(e["organisation"], r["role_id"]): r for e in baseline["employers"] for r in e["roles"]}
    for m in baseline["matches"]:
        role = roles[(m["employer"], m["role_id"])]
        assert _plain_fit_problems(people[m["candidate_id"]], role) == [], m
        assert m["effective_hours"] == pytest.approx(
            role["hours_per_week"] / people[m["candidate_id"]].productivity, abs=0.01)
    # The functions themselves obey the redesign rules of their own employer.
    for employer in baseline["employers"]:
        inventory = read_inventory(region / "employers" / employer["organisation"])
        functions = [_function(r, inventory) for r in employer["roles"]]
        assert evaluate(inventory, POLICY, functions).feasible, employer["organisation"]


def _function(role: dict[str, Any], inventory):
    from matcher.redesign.functions import NewFunction, TaskPart

    parts = [TaskPart(t["task_id"], t["hours"]) for t in role["tasks"]]
    return NewFunction.from_parts(role["role_id"], parts, inventory.task_by_id())


def test_matching_evaluator_accepts_the_region_and_agrees_on_the_score(
    baseline: dict[str, Any], region: Path,
) -> None:
    from matcher.checks.match import evaluate
    from matcher.monitor.profiles import build_profiles
    from matcher.redesign.functions import TaskPart

    pool = read_candidates(region / "candidates.csv")
    functions = []
    tasks = {}
    for employer in baseline["employers"]:
        name = employer["organisation"]
        inventory = read_inventory(region / "employers" / name)
        tasks.update({f"{name}/{t.task_id}": t for t in inventory.tasks})
        for r in employer["roles"]:
            f = _function(r, inventory)
            # Task ids are per employer: key them, and the parts, by employer.
            functions.append(replace(f, role_id=f"{name}/{r['role_id']}", parts=tuple(
                TaskPart(f"{name}/{p.task_id}", p.hours) for p in f.parts)))
    pairs = [(m["candidate_id"], m["function_id"]) for m in baseline["matches"]]
    check = evaluate(pairs, list(pool.candidates), build_profiles(pool, {}), functions, POLICY,
                     tasks=tasks)
    assert check.problems == []
    assert check.placed == baseline["solver"]["placed"] == len(pairs)
    for m in baseline["matches"]:  # pair by pair, each within one hundredth
        assert check.scores[(m["candidate_id"], m["function_id"])] == pytest.approx(
            m["score"], abs=0.0100001)


def test_same_result_with_one_worker(region: Path, org_first: dict[str, Any],
                                     tmp_path: Path) -> None:
    pool = read_candidates(region / "candidates.csv")
    with open_client(workers=1) as one:
        report = run_regional(one, region / "employers", pool, POLICY, OPTIONS, tmp_path / "s", pool_aware=False)
    assert report["phases"]["redesign"]["workers"] == 1
    assert stable(report) == stable(org_first)


def test_bad_employer_is_reported_and_skipped(region: Path, client, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "employers"
    shutil.copytree(region / "employers", folder)
    bad = folder / "kapot"
    shutil.copytree(region / "employers" / "zorg-a", bad)
    tasks = (bad / "tasks.csv").read_text(encoding="utf-8").splitlines()
    tasks[1] = tasks[1].replace(",1,", ",9,", 1)  # a level of 9 is out of range
    (bad / "tasks.csv").write_text("\n".join(tasks) + "\n", encoding="utf-8")
    pool = read_candidates(region / "candidates.csv")
    report = run_regional(client, folder, pool, POLICY, OPTIONS, tmp_path / "s")
    assert [s["organisation"] for s in report["skipped"]] == ["kapot"]
    assert any("tasks" in line and "row" in line for line in report["skipped"][0]["problems"])
    assert len(report["employers"]) == len(EMPLOYERS)
    assert "kapot" in capsys.readouterr().err


def test_resume_after_a_crash_gives_the_same_report(region: Path, client, org_first: dict[str, Any],
                                                    tmp_path: Path) -> None:
    pool = read_candidates(region / "candidates.csv")
    stored: list[str] = []

    class Crash(Exception):
        pass

    def crash_after_three(record: dict[str, Any]) -> None:
        stored.append(record["organisation"])
        if len(stored) == 3:
            raise Crash

    with pytest.raises(Crash):
        run_regional(client, region / "employers", pool, POLICY, OPTIONS, tmp_path / "s",
                     on_stored=crash_after_three, pool_aware=False)
    report = run_regional(client, region / "employers", pool, POLICY, OPTIONS, tmp_path / "s",
                          resume=True, pool_aware=False)
    assert report["phases"]["redesign"]["resumed"] == 3
    assert report["phases"]["redesign"]["computed"] == len(EMPLOYERS) - 3
    assert stable(report) == stable(org_first)


def test_resume_ignores_a_record_whose_inventory_changed(region: Path, client,
                                                         tmp_path: Path) -> None:
    folder = tmp_path / "employers"
    shutil.copytree(region / "employers", folder)
    pool = read_candidates(region / "candidates.csv")
    run_regional(client, folder, pool, POLICY, OPTIONS, tmp_path / "s")
    roles = folder / "zorg-a" / "roles.csv"
    roles.write_text(roles.read_text(encoding="utf-8").replace(",4\n", ",5\n", 1), encoding="utf-8")
    report = run_regional(client, folder, pool, POLICY, OPTIONS, tmp_path / "s", resume=True)
    assert report["phases"]["redesign"]["resumed"] == len(EMPLOYERS) - 1
    assert report["phases"]["redesign"]["computed"] == 1


def test_resume_with_the_default_reuses_the_stored_designs(region: Path, client,
                                                           tmp_path: Path) -> None:
    pool = read_candidates(region / "candidates.csv")
    stored: dict[str, dict[str, Any]] = {}

    class Crash(Exception):
        pass

    def crash_after_two(record: dict[str, Any]) -> None:
        stored[record["organisation"]] = record
        if len(stored) == 2:
            raise Crash

    with pytest.raises(Crash):
        run_regional(client, region / "employers", pool, POLICY, OPTIONS, tmp_path / "s",
                     on_stored=crash_after_two)
    report = run_regional(client, region / "employers", pool, POLICY, OPTIONS, tmp_path / "s",
                          resume=True)
    assert report["phases"]["redesign"]["resumed"] == 2
    assert report["phases"]["redesign"]["computed"] == len(EMPLOYERS) - 2
    for employer in report["employers"]:  # a resumed design is the stored one, unchanged
        if employer["organisation"] in stored:
            assert stable(employer) == stable(stored[employer["organisation"]]["report"])
    ids = [m["candidate_id"] for m in report["matches"]]
    assert ids and len(ids) == len(set(ids))
    # The stored org-first records are not taken for pool-aware ones, nor the other way.
    old = run_regional(client, region / "employers", pool, POLICY, OPTIONS, tmp_path / "s",
                       resume=True, pool_aware=False)
    assert old["phases"]["redesign"]["resumed"] == 0


def _command(region: Path, json_path: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "matcher", "regional", str(region / "employers"),
            "--candidates", str(region / "candidates.csv"), "--time-limit", str(OPTIONS.time_limit),
            "--json", str(json_path), *extra]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}


def test_resume_after_a_killed_run_gives_the_same_report(region: Path, org_first: dict[str, Any],
                                                         tmp_path: Path) -> None:
    state = tmp_path / "out.state"
    proc = subprocess.Popen(_command(region, tmp_path / "out.json", "--org-first", "--workers", "2"),
                            cwd=ROOT, env=_env(), start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            if state.is_dir() and any(state.glob("*.json")):
                break
            time.sleep(0.005)
    finally:
        # The whole process group: the command, its nannies and worker processes.
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    kept = len(list(state.glob("*.json")))
    assert 1 <= kept < len(EMPLOYERS), f"kill came too late or too early ({kept} stored)"
    assert not (tmp_path / "out.json").exists()
    done = subprocess.run(_command(region, tmp_path / "out.json", "--org-first", "--workers", "2", "--resume"),
                          cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    report = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert report["phases"]["redesign"]["resumed"] >= kept
    assert stable(report) == stable(as_written(org_first))


def test_a_worker_killed_mid_run_gives_the_same_result(region: Path, org_first: dict[str, Any],
                                                       tmp_path: Path) -> None:
    pool = read_candidates(region / "candidates.csv")
    killed: list[int] = []
    with open_client(workers=2) as c:
        pids = c.run(os.getpid)

        def kill_one_worker(record: dict[str, Any]) -> None:
            if not killed:
                pid = sorted(pids.values())[0]
                os.kill(pid, signal.SIGKILL)  # the nanny restarts it; its task is rescheduled
                killed.append(pid)

        report = run_regional(c, region / "employers", pool, POLICY, OPTIONS, tmp_path / "s",
                              on_stored=kill_one_worker, pool_aware=False)
    assert killed
    assert not report["skipped"]
    assert stable(report) == stable(org_first)


def test_on_a_scheduler_and_worker_started_as_separate_processes(
    region: Path, org_first: dict[str, Any], tmp_path: Path,
) -> None:
    scheduler_file = tmp_path / "scheduler.json"
    started: list[subprocess.Popen] = []
    try:
        started.append(subprocess.Popen(
            [sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
             "--port", "0", "--no-dashboard", "--scheduler-file", str(scheduler_file)],
            cwd=ROOT, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        deadline = time.monotonic() + 60
        while not scheduler_file.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        address = json.loads(scheduler_file.read_text())["address"]
        assert address.startswith("tcp://127.0.0.1:")
        started.append(subprocess.Popen(
            [sys.executable, "-m", "distributed.cli.dask_worker", address, "--host", "127.0.0.1",
             "--nthreads", "1", "--nworkers", "2", "--no-dashboard",
             "--local-directory", str(tmp_path / "worker")],
            cwd=ROOT, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        done = subprocess.run(_command(region, tmp_path / "out.json", "--org-first", "--scheduler", address),
                              cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        report = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
        assert report["phases"]["redesign"]["workers"] >= 1
        assert stable(report) == stable(as_written(org_first))
    finally:
        for proc in reversed(started):
            proc.terminate()
        for proc in started:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def test_carve_uses_only_the_people_assigned_to_each_employer(
    region: Path, client, baseline: dict[str, Any], tmp_path: Path,
) -> None:
    pool = read_candidates(region / "candidates.csv")
    report = run_regional(client, region / "employers", pool, POLICY, OPTIONS, tmp_path / "s",
                          carve=True)
    assigned: dict[str, set[str]] = {}
    for m in report["matches"]:
        assigned.setdefault(m["employer"], set()).add(m["candidate_id"])
    carved_people: list[str] = []
    for employer in report["employers"]:
        name = employer["organisation"]
        if name not in assigned:
            assert "carve" not in employer
            continue
        carve = employer["carve"]
        people = {m["candidate_id"] for m in carve["matches"]}
        people |= {u["candidate_id"] for u in carve["unmatched"]}
        assert people == assigned[name]
        carved_people += [m["candidate_id"] for m in carve["matches"]]
    assert carved_people
    assert len(carved_people) == len(set(carved_people))


def test_two_inventories_with_one_name_are_refused(region: Path, client, tmp_path: Path) -> None:
    from matcher.cli.main import UsageError

    folder = tmp_path / "employers"
    shutil.copytree(region / "employers" / "zorg-a", folder / "zorg-a")
    (folder / "zorg-a.xlsx").write_bytes(b"not really a workbook")
    pool = read_candidates(region / "candidates.csv")
    with pytest.raises(UsageError, match="zorg-a"):
        run_regional(client, folder, pool, POLICY, OPTIONS, tmp_path / "s")


def test_command_refuses_bad_input_before_starting_a_cluster(
    region: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    from matcher.cli import main

    assert main(["regional", str(tmp_path / "nope"), "--candidates",
                 str(region / "candidates.csv")]) == 2
    assert "not a folder" in capsys.readouterr().err
    bad = tmp_path / "candidates.csv"
    bad.write_text("candidate_id,max_hours\nK1,-3\n", encoding="utf-8")
    assert main(["regional", str(region / "employers"), "--candidates", str(bad)]) == 2
    assert "max_hours" in capsys.readouterr().err
