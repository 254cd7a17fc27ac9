"""Monitor trends on simulated data with a known truth: old rule vs reliable change.

The simulation (written for this benchmark, fixed seeds):

* 240 people x 13 dimensions, 3 or 4 waves; per person and dimension the truth is
  unchanged (half), or a change of +0.6 or -0.6 level per wave (a quarter each);
  starting levels keep the path inside the scale (U(1.5, 4.5) unchanged, U(1.5, 2.5)
  rising, U(3.5, 4.5) falling).
* Raters: the person (self), the werkbegeleider (mentor) every wave, a naaste (other)
  at wave 1 and the leidinggevende (supervisor) from wave 2 on; three items per
  dimension (the project's item bank).
* An answer is the true level + that rater's bias for this person and dimension
  (persistent over waves; self N(+0.3, 0.45), others N(0, 0.4)) + item noise
  N(0, 0.5), rounded and clipped to 1-5. Half the people rate themselves without
  bias (self bias 0): the self-other gap check counts how often they are told of a
  reliable gap anyway.

The OLD rule (kept here only): least-squares slope of the wave values (others'
mean, self when no other) against a fixed threshold of 0.25 level per wave. The NEW
rule is the package's :func:`matcher.monitor.profiles.build_profiles`.

Run: ``.venv/bin/python benchmarks/bench_monitor.py``. Targets (issue 15): new rule
at most 5 % false alarms on unchanged dimensions and at least 80 % detection of
changes of 0.6 level per wave, over 3 and over 4 waves.
"""

from __future__ import annotations

import csv
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from matcher.monitor.aggregation import wave_value  # noqa: E402
from matcher.monitor.profiles import build_profiles  # noqa: E402
from taskmodels.catalogue import DIMENSION_IDS  # noqa: E402
from taskmodels.itembank import item_bank  # noqa: E402
from taskmodels.models import Candidate, CandidatePool, Rating  # noqa: E402
from taskmodels.reading import read_candidates  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]

PEOPLE = 240
CHANGE = 0.6
OLD_THRESHOLD = 0.25
SEEDS = (20261201, 7, 31337)


def simulate(seed: int, waves: int, rater_wave_sd: float = 0.0):
    """A pool with known truth. Returns (pool, truth[person, dim] in {-1,0,1},
    unbiased_self[person], old_outlook[person, dim])."""
    rng = np.random.default_rng(seed)
    items: dict[str, list[str]] = {d: [] for d in DIMENSION_IDS}
    for it in sorted(item_bank().values(), key=lambda i: i.item):
        items[it.dimension].append(it.item)
    n_dim = len(DIMENSION_IDS)
    truth = rng.choice([-1, 0, 0, 1], size=(PEOPLE, n_dim))
    start = np.where(truth == 0, rng.uniform(1.5, 4.5, truth.shape),
                     np.where(truth > 0, rng.uniform(1.5, 2.5, truth.shape),
                              rng.uniform(3.5, 4.5, truth.shape)))
    unbiased_self = rng.random(PEOPLE) < 0.5
    bias = {"self": rng.normal(0.3, 0.45, truth.shape) * ~unbiased_self[:, None],
            **{r: rng.normal(0.0, 0.4, truth.shape) for r in ("mentor", "other", "supervisor")}}
    ratings: list[Rating] = []
    wave_values = np.zeros((PEOPLE, n_dim, waves))
    for w in range(1, waves + 1):
        raters = ("self", "mentor", "other") if w == 1 else ("self", "mentor", "supervisor")
        level = start + CHANGE * truth * (w - 1)
        others = []
        for rater in raters:
            day = rng.normal(0.0, rater_wave_sd, truth.shape) if rater_wave_sd else 0.0
            k = 3
            scores = np.clip(np.rint((level + bias[rater] + day)[..., None]
                                     + rng.normal(0.0, 0.5, (*truth.shape, k))), 1, 5).astype(int)
            if rater != "self":
                others.append(scores.mean(axis=2))
            for p in range(PEOPLE):
                for d, dim in enumerate(DIMENSION_IDS):
                    for i, item in enumerate(items[dim]):
                        ratings.append(Rating.model_construct(
                            candidate_id=f"P{p:03d}", wave=w, rater=rater, item=item,
                            score=int(scores[p, d, i])))
        wave_values[:, :, w - 1] = np.mean(others, axis=0)
    x = np.arange(1, waves + 1, dtype=float)
    xc = x - x.mean()
    slope = (wave_values * xc).sum(axis=2) / (xc**2).sum()
    old = np.where(slope >= OLD_THRESHOLD, 1, np.where(slope <= -OLD_THRESHOLD, -1, 0))
    candidates = tuple(Candidate(candidate_id=f"P{p:03d}", max_hours=32) for p in range(PEOPLE))
    pool = CandidatePool.model_construct(candidates=candidates, ratings=tuple(ratings))
    return pool, truth, unbiased_self, old


SIGN = {"improving": 1, "declining": -1, "stable": 0, "unknown": 0}


def run(seed: int, waves: int, rater_wave_sd: float = 0.0) -> dict[str, float]:
    pool, truth, unbiased_self, old = simulate(seed, waves, rater_wave_sd)
    profiles = build_profiles(pool)
    new = np.zeros_like(truth)
    stable = np.zeros(truth.shape, bool)
    gap_flag = np.zeros(truth.shape, bool)
    for p in range(PEOPLE):
        dims = profiles[f"P{p:03d}"].dimensions
        for d, dim in enumerate(DIMENSION_IDS):
            new[p, d] = SIGN[dims[dim].outlook]
            stable[p, d] = dims[dim].outlook == "stable"
            gap_flag[p, d] = dims[dim].gap_reliable
    unchanged, changed = truth == 0, truth != 0
    return {
        "old_fa": float((old[unchanged] != 0).mean()),
        "old_det": float((old[changed] == truth[changed]).mean()),
        "new_fa": float((new[unchanged] != 0).mean()),
        "new_det": float((new[changed] == truth[changed]).mean()),
        "new_wrong_way": float((new[changed] == -truth[changed]).mean()),
        "stable": float(stable[unchanged].mean()),
        "false_gap": float(gap_flag[unbiased_self].mean()),
        "gap_found": float(gap_flag[~unbiased_self].mean()),
    }


def old_outlook(per_wave: dict) -> int:
    """The OLD rule on one dimension: LS slope of the wave values vs +-0.25 per wave."""
    waves = sorted(per_wave)
    x = np.array(waves, float)
    y = np.array([wave_value(per_wave[w])[0] for w in waves])
    slope = ((x - x.mean()) * (y - y.mean())).sum() / ((x - x.mean()) ** 2).sum()
    return 1 if slope >= OLD_THRESHOLD else -1 if slope <= -OLD_THRESHOLD else 0


def bundled() -> None:
    """The bundled candidate pool against its true capacities (tools/make_examples.py --latent)."""
    with tempfile.TemporaryDirectory() as tmp:
        latent = Path(tmp) / "latent.csv"
        subprocess.run([sys.executable, str(ROOT / "tools" / "make_examples.py"), "--out", tmp,
                        "--latent", str(latent), "--quiet"], check=True)
        truth: dict[str, dict[int, dict[str, str]]] = {}
        with latent.open(newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                truth.setdefault(row["candidate_id"], {})[int(row["wave"])] = row
    profiles = build_profiles(read_candidates(ROOT / "taskmodels" / "data" / "examples" / "kandidaten"))
    n = {"unchanged": 0, "changed": 0, "old_fa": 0, "new_fa": 0, "old_det": 0, "new_det": 0}
    for cid, prof in profiles.items():
        for dim, d in prof.dimensions.items():
            if len(d.per_wave) < 2:
                continue
            first, last = min(d.per_wave), max(d.per_wave)
            delta = float(truth[cid][last][f"true_{dim}"]) - float(truth[cid][first][f"true_{dim}"])
            old, new = old_outlook(d.per_wave), SIGN[d.outlook]
            if abs(delta) < 0.05:
                n["unchanged"] += 1
                n["old_fa"] += old != 0
                n["new_fa"] += new != 0
            else:
                n["changed"] += 1
                n["old_det"] += old == np.sign(delta)
                n["new_det"] += new == np.sign(delta)
    print(f"bundled pool (taskmodels/data/examples/kandidaten) vs its true capacities: "
          f"unchanged labelled changing OLD {n['old_fa']}/{n['unchanged']}, NEW "
          f"{n['new_fa']}/{n['unchanged']}; changed found OLD {n['old_det']}/{n['changed']}, "
          f"NEW {n['new_det']}/{n['changed']}")


def main() -> None:
    t0 = time.perf_counter()
    print("Monitor trends: 240 people x 13 dimensions; half unchanged, half +-0.6 level per wave")
    print(f"{'seed':>9} {'waves':>5} | {'OLD false alarm':>15} {'OLD detect':>10} | "
          f"{'NEW false alarm':>15} {'NEW detect':>10} {'wrong way':>9} {'stable':>7} | "
          f"{'false gap':>9} {'gap found':>9}")
    ok = True
    for seed in SEEDS:
        for waves in (3, 4):
            r = run(seed, waves)
            ok &= r["new_fa"] <= 0.05 and r["new_det"] >= 0.80
            print(f"{seed:>9} {waves:>5} | {r['old_fa']:>15.1%} {r['old_det']:>10.1%} | "
                  f"{r['new_fa']:>15.1%} {r['new_det']:>10.1%} {r['new_wrong_way']:>9.1%} "
                  f"{r['stable']:>7.1%} | {r['false_gap']:>9.1%} {r['gap_found']:>9.1%}")
    print("robustness: a rater's view also varies from wave to wave (sd 0.15 level), seed "
          f"{SEEDS[0]}")
    for waves in (3, 4):
        r = run(SEEDS[0], waves, rater_wave_sd=0.15)
        print(f"{SEEDS[0]:>9} {waves:>5} | {r['old_fa']:>15.1%} {r['old_det']:>10.1%} | "
              f"{r['new_fa']:>15.1%} {r['new_det']:>10.1%} {r['new_wrong_way']:>9.1%} "
              f"{r['stable']:>7.1%} | {r['false_gap']:>9.1%} {r['gap_found']:>9.1%}")
    bundled()
    print("'stable': share of unchanged dimensions labelled stable (the rest unknown);")
    print("'false gap': reliable self-other gap for people who rate themselves without bias.")
    print(f"targets (new: <= 5 % false alarms, >= 80 % detection, every seed): "
          f"{'met' if ok else 'NOT met'}; {time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main()
