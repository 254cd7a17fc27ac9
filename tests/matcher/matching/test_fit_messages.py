"""Fit explanations and development steps as catalogue messages: Dutch and English,
Dutch numbers, and the message kept through JSON and pickling."""

from __future__ import annotations

import json
import pickle

from matcher.matching.development import explain_unmatched
from matcher.matching.explanation import Sentence
from matcher.matching.matrix import FitMatrix
from matcher.monitor.profiles import build_profiles
from matcher.policy import Policy
from taskmodels.catalogue import DIMENSION_IDS
from taskmodels.models import CandidatePool
from tests.matcher.matching.test_fit import function, one, person, task


def test_hours_blocker_reads_2_5_uur_in_dutch_and_2_5_hours_in_english() -> None:
    # 2.5 hours at 70 % pace: 3.6 effective hours, below the person's minimum of 12.
    ok, fm = one(task("T", hours=2.5), person(min_hours=12, productivity=0.7))
    assert not ok
    (blocker,) = fm.blockers("K1", "F1")
    reason = blocker["reason"]
    assert isinstance(reason, Sentence) and reason.message.code == "fit.hours"
    assert reason == "3,6 uur nodig (2,5 / 0,7) valt buiten 12–32 uur"
    assert reason.text("en") == "3.6 hours needed (2.5 / 0.7) falls outside 12–32 hours"


def test_explanation_rules_render_in_english_from_their_codes() -> None:
    ok, fm = one(task("T", hours=20, pace=2), person())
    assert ok
    rules = fm.explain("K1", "F1")["rules"]
    texts = {r["rule"]: r["reason"].text("en") for r in rules}  # type: ignore[union-attr]
    assert texts["base"] == "base for a fitting function"
    assert texts["hours"] == "20.0 of at most 32 hours a week"
    assert "working pace 3 where 2 is required: 1 level(s) of room" in [
        r["reason"].text("en") for r in rules if r["rule"] == "margin"]  # type: ignore[union-attr]
    assert {r["rule"]: r["reason"] for r in rules}["hours"] == "20,0 van maximaal 32 uur per week"


def test_borderline_support_is_named_in_both_languages() -> None:
    ok, fm = one(task("T", pace=3), person(caps={d: 3.0 for d in DIMENSION_IDS} | {"pace": 2.0}),
                 allow=True)
    assert ok
    exp = fm.explain("K1", "F1")
    assert exp["borderline"] == ["pace"]
    (support,) = exp["support"]  # type: ignore[misc]
    assert support == "ondersteuning op werktempo" and support.text("en") == "support on working pace"


def test_a_sentence_is_its_dutch_text_in_json_and_keeps_its_message_when_pickled() -> None:
    ok, fm = one(task("T", lift=30), person(max_lifting_kg=12.5))
    (blocker,) = fm.blockers("K1", "F1")
    assert json.loads(json.dumps(blocker["reason"])) == "tillen 30 kg > maximaal 12,5 kg"
    back = pickle.loads(pickle.dumps(blocker["reason"]))
    assert back == blocker["reason"] and back.text("en") == "lifting 30 kg > at most 12.5 kg"


def test_development_steps_and_reasons_in_both_languages() -> None:
    tasks = {"T1": task("T1", pace=3), "T2": task("T2", pace=3), "T3": task("T3", time="night")}
    functions = [function(f"F{k}", tasks, f"T{k}") for k in (1, 2, 3)]
    c = person(caps={d: 3.0 for d in DIMENSION_IDS} | {"pace": 2.0}, night_ok=False)
    profiles = build_profiles(CandidatePool(candidates=(c,)), {})
    fm = FitMatrix.build(profiles, [c], functions, tasks, Policy(), False)
    u = explain_unmatched(fm, 0, profiles["K1"])
    step = u.development[0]
    assert step["text"] == "één niveau meer op werktempo opent 2 functies"
    assert step["text"].text("en") == "one level more on working pace opens 2 functions"  # type: ignore[union-attr]
    nearest = u.reasons[0]
    assert nearest.text("en").startswith("nearest function F1: working pace 2 < required 3")
    assert "1 other function is ruled out by night work" in [r.text("en") for r in u.reasons]


def test_messages_of_unmatched_people_survive_a_json_round_trip() -> None:
    # Reports are compared with themselves after JSON (FORMATS.md section 5).
    from taskmodels.messages import Message

    tasks = {"T1": task("T1", pace=3)}
    c = person(caps={d: 3.0 for d in DIMENSION_IDS} | {"pace": 1.0})
    profiles = build_profiles(CandidatePool(candidates=(c,)), {})
    fm = FitMatrix.build(profiles, [c], [function("F1", tasks, "T1")], tasks, Policy(), False)
    u = explain_unmatched(fm, 0, profiles["K1"])
    for reason in u.reasons:
        message = reason.message
        assert Message.model_validate_json(message.model_dump_json()) == message
        assert Message.model_validate_json(message.model_dump_json()).render("en") == reason.text("en")
