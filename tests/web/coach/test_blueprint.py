"""The coach blueprint's template filters: every rule the core can name has a label.

The rules table of a fit lists the rows of :func:`matcher.matching.explanation.explain_pair`
(the only producer of explanation rules: every match, carve, regional and fit list
explains its pairs through it). Its rule codes are literals in that module's source,
so they are read from there: a new code written without a label in both languages
fails :func:`test_every_rule_code_the_core_writes_has_a_label_in_both_languages`.
"""

from __future__ import annotations

import ast
import logging
from pathlib import Path

import pytest
from flask import Flask

from matcher.matching import explanation
from matcher.matching.encoding import CONDITIONS
from taskmodels.messages import LANGS, text
from tests.web.coach.test_page_texts import _speaking
from web.coach.blueprint import rulelabel

Rule = tuple[str, bool]
"""A rule row as the table labels it: (code, whether it carries a contribution)."""


def _is_none(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _copies_a_blocker(node: ast.expr) -> bool:
    """``b["rule"]``: a blocker of ``hard_rules`` copied into the rules (listed there)."""
    return (isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant)
            and node.slice.value == "rule")


def written_rules() -> set[Rule]:
    """Every (code, scored) row ``explanation`` can write, read from its source.

    A dict literal with a ``"rule"`` key is a row: a scoring rule when it has a
    ``"contribution"`` that is not ``None``, else a hard rule (the blockers carry no
    contribution and are copied into the rules with ``None``). A code that is not a
    literal is accepted only in the forms the module uses today; any other form fails
    here, so the scan never silently misses a code.
    """
    source = Path(explanation.__file__).read_text(encoding="utf-8")
    rules: set[Rule] = set()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Dict):
            continue
        fields = {k.value: v for k, v in zip(node.keys, node.values, strict=True)
                  if isinstance(k, ast.Constant)}
        if "rule" not in fields:
            continue
        code = fields["rule"]
        scored = "contribution" in fields and not _is_none(fields["contribution"])
        if isinstance(code, ast.Constant) and isinstance(code.value, str):
            rules.add((code.value, scored))
        elif isinstance(code, ast.Name) and code.id == "cond":  # one row per work condition
            rules |= {(c, scored) for c in CONDITIONS}
        elif _copies_a_blocker(code) and not scored:
            continue
        else:
            pytest.fail(f"explanation.py line {node.lineno} writes a rule code this scan "
                        f"cannot read ({ast.unparse(code)}); teach written_rules() the form")
    return rules


def test_the_scan_finds_the_rules_explain_pair_writes_on_bundled_data() -> None:
    """The scan is checked against real explanations: every row of every pair of one
    bundled employer (every other task as a one-task function, all bundled people) is
    among the scanned rules, and both kinds of row occur."""
    from matcher import api
    from matcher.matching.matrix import FitMatrix
    from matcher.monitor.profiles import build_profiles
    from matcher.redesign.functions import NewFunction, TaskPart
    from taskmodels.examples import candidates_path, example_path

    inventory = api.read_inventory(example_path("gemeente_heuvelland"))
    tasks = inventory.task_by_id()
    pool = api.read_candidates(candidates_path()).with_ratings_from(inventory.ratings)
    functions = [NewFunction.from_parts(f"F{k}", (TaskPart(t.task_id, float(t.hours_per_week)),),
                                        dict(tasks)) for k, t in enumerate(inventory.tasks[::2])]
    fm = FitMatrix.build(build_profiles(pool), list(pool.candidates), functions, tasks)
    seen = {(str(r["rule"]), r["contribution"] is not None)
            for i in range(len(pool.candidates)) for j in range(len(functions))
            for r in explanation.explain_pair(fm, i, j)["rules"]}
    scanned = written_rules()
    assert seen <= scanned, seen - scanned
    assert {scored for _, scored in seen} == {True, False}
    assert ("base", True) in scanned and ("evening", False) in scanned


@pytest.mark.parametrize("lang", LANGS)
def test_every_rule_code_the_core_writes_has_a_label_in_both_languages(
        app: Flask, lang: str) -> None:
    with app.test_request_context(), _speaking(lang):
        for code, scored in sorted(written_rules()):
            label = rulelabel({"rule": code, "contribution": 1.0 if scored else None})
            assert label != text("web.coach.fit.rule_unknown", lang, rule=code), (code, scored)
            assert label and label != code


@pytest.mark.parametrize("lang", LANGS)
def test_an_unknown_rule_reads_as_a_catalogue_text_naming_its_code_and_warns(
        app: Flask, lang: str, caplog: pytest.LogCaptureFixture) -> None:
    code = f"not_a_rule_yet_{lang}"
    with app.test_request_context(), _speaking(lang), \
            caplog.at_level(logging.WARNING, logger="web.coach.blueprint"):
        shown = [rulelabel({"rule": code, "contribution": c}) for c in (None, 2.0)]
    expected = text("web.coach.fit.rule_unknown", lang, rule=code)
    assert shown == [expected, expected] and code in expected and expected != code
    assert expected != text("web.coach.fit.rule_unknown", "en" if lang == "nl" else "nl",
                            rule=code)
    warnings = [r for r in caplog.records if r.name == "web.coach.blueprint"
                and r.levelno == logging.WARNING and code in r.getMessage()]
    assert len(warnings) == 1 and lang in warnings[0].getMessage()  # once per code and language
