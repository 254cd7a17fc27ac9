"""Carve-ability: one test per rule, on tasks small enough to check by hand."""

from __future__ import annotations

from hypothesis import given, settings

from matcher.policy import Policy
from matcher.redesign.carveable import carve_units, common_reasons, decide, rule_label
from taskmodels.models import Inventory, Role, Task
from tests.matcher.strategies import inventories

NURSE = Role(role="Verpleegkundige", department="Afdeling A", headcount=10,
             contract_hours=32, hourly_cost=45, level=4)


def task(task_id: str, hours: float = 6, **fields: object) -> Task:
    base: dict[str, object] = dict(task_id=task_id, task=f"taak {task_id}", role="Verpleegkundige",
                                   hours_per_week=hours, level=1, separable=True,
                                   department="Afdeling A", demands={})
    base.update(fields)
    return Task(**base)


def decision(*tasks: Task, policy: Policy | None = None):
    policy = policy or Policy()
    inv = Inventory(organisation="o", roles=(NURSE,), tasks=tasks)
    return {d.task_id: d for d in decide(inv, policy)}


def rules(d) -> set[str]:
    return {r.rule for r in d.reasons}


def test_plain_elementary_task_is_carveable_with_a_positive_reason():
    d = decision(task("T1"))["T1"]
    assert d.carveable
    assert rules(d) == {"carveable"}
    assert "uitsnijdbaar" in d.texts("nl")[0] and "carve-able" in d.texts("en")[0]


def test_not_separable():
    d = decision(task("T1", separable=False))["T1"]
    assert not d.carveable and rules(d) == {"separable"}


def test_core_task():
    d = decision(task("T1", core=True))["T1"]
    assert not d.carveable and rules(d) == {"core"}
    assert "kerntaak" in d.texts("nl")[0]


def test_task_level_not_below_role_level():
    low_role = NURSE.model_copy(update={"level": 2})
    inv = Inventory(organisation="o", roles=(low_role,), tasks=(task("T1", level=2),))
    (d,) = decide(inv)
    assert not d.carveable and rules(d) == {"below_role_level"}


def test_below_role_level_rule_can_be_switched_off():
    low_role = NURSE.model_copy(update={"level": 2})
    inv = Inventory(organisation="o", roles=(low_role,), tasks=(task("T1", level=2),))
    (d,) = decide(inv, Policy(require_below_role_level=False))
    assert d.carveable


def test_task_level_above_target_group_ceiling():
    d = decision(task("T1", level=3))["T1"]
    assert not d.carveable and rules(d) == {"task_level"}
    assert "3" in d.texts("nl")[0] and "2" in d.texts("nl")[0]


def test_demand_above_ceiling_names_dimension_and_levels():
    d = decision(task("T1", demands={"pace": 4}))["T1"]
    assert not d.carveable and rules(d) == {"demand:pace"}
    assert d.texts("nl") == ["werktempo 4 ligt boven het plafond 3 voor de doelgroep"]


def test_demand_ceiling_comes_from_policy():
    assert decision(task("T1", demands={"pace": 4}), policy=Policy(max_demand=4))["T1"].carveable
    assert not decision(task("T1", demands={"pace": 2}), policy=Policy(max_demand=1))["T1"].carveable


def test_every_broken_rule_is_listed():
    d = decision(task("T1", separable=False, core=True, level=4, demands={"social": 5}))["T1"]
    assert rules(d) == {"separable", "core", "below_role_level", "task_level", "demand:social"}


def test_keep_with_group_is_held_back_by_one_member():
    ds = decision(task("T1", keep_with=("T2",)), task("T2", core=True), task("T3"))
    assert not ds["T1"].carveable and rules(ds["T1"]) == {"keep_with"}
    assert "T2" in ds["T1"].texts("nl")[0]
    assert rules(ds["T2"]) == {"core"}  # its own reason, not the group's
    assert ds["T3"].carveable


def test_keep_with_group_over_hour_ceiling():
    ds = decision(task("T1", 20, keep_with=("T2",)), task("T2", 20))
    assert {tid: rules(d) for tid, d in ds.items()} == {
        "T1": {"keep_with_hours"}, "T2": {"keep_with_hours"}}


def test_keep_with_group_over_task_ceiling():
    ds = decision(task("T1", 1, keep_with=("T2", "T3")), task("T2", 1), task("T3", 1),
                  policy=Policy(max_tasks_per_function=2))
    assert all(rules(d) == {"keep_with_tasks"} for d in ds.values())


def test_keep_with_links_are_transitive_and_make_one_unit():
    tasks = (task("T1", 2, keep_with=("T2",)), task("T2", 3), task("T3", 4, keep_with=("T2",)),
             task("T4", 5))
    inv = Inventory(organisation="o", roles=(NURSE,), tasks=tasks)
    units = carve_units(inv, decide(inv))
    assert [(u.unit_id, u.task_ids, u.hours, u.grouped) for u in units] == [
        ("T1", ("T1", "T2", "T3"), 9, True), ("T4", ("T4",), 5, False)]


def test_common_reasons_count_tasks_per_rule():
    ds = list(decision(task("T1", core=True), task("T2", core=True, separable=False),
                       task("T3")).values())
    assert common_reasons(ds) == [("core", 2), ("separable", 1)]
    assert rule_label("demand:pace") == "werktempo boven het plafond voor de doelgroep"


@settings(max_examples=60, deadline=None)
@given(inventories())
def test_group_members_share_one_verdict_and_units_cover_exactly_the_carveable(inv):
    ds = decide(inv)
    ok = {d.task_id for d in ds if d.carveable}
    units = carve_units(inv, ds)
    covered = [tid for u in units for tid in u.task_ids]
    assert sorted(covered) == sorted(ok)
    for u in units:
        assert all(ok.__contains__(tid) for tid in u.task_ids)
    assert all(d.reasons for d in ds)


# -- reasons as catalogue messages --------------------------------------------------

def test_reasons_are_codes_with_parameters_rendered_in_both_languages():
    d = decision(task("T1", demands={"pace": 4}))["T1"]
    (reason,) = d.reasons
    assert reason.rule == "demand:pace" and reason.code == "carve.demand"
    assert reason.message.params == {"dimension": "dim.pace", "level": 4, "ceiling": 3}
    assert reason.text("en") == "working pace demand 4 is above the target-group ceiling 3"
    report = reason.as_report()
    assert report["code"] == "carve.demand" and report["nl"] == reason.nl and report["en"] == reason.en


def test_hours_in_reasons_are_written_the_dutch_way():
    ds = decision(task("T1", 20.25, keep_with=("T2",)), task("T2", 16.25))
    (reason,) = ds["T1"].reasons
    assert reason.nl == "de keep_with-groep T1, T2 telt 36,5 uur, meer dan 36"
    assert reason.en == "the keep_with group T1, T2 holds 36.5 hours, more than 36"


def test_task_level_names_the_nlqf_levels_in_each_language():
    d = decision(task("T1", level=3), policy=Policy(require_below_role_level=False))["T1"]
    assert d.texts("nl") == ["taakniveau 3 (MBO-3) ligt boven het plafond 2 (MBO-2) voor de doelgroep"]
    assert d.texts("en") == ["task level 3 (MBO-3 (NLQF 3)) is above the target-group ceiling 2 "
                             "(MBO-2 (NLQF 2))"]


def test_rule_labels_in_english_and_unknown_rules_shown_as_their_id():
    assert rule_label("core", "en") == "core task of the role"
    assert rule_label("demand:social", "en") == "social contact above the target-group ceiling"
    assert rule_label("no_such_rule") == "no_such_rule"
