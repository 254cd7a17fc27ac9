"""The candidate pool: latent capacity profiles, conditions, wishes, monitor answers."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from example_data.itembank import ITEMS
from example_data.templates import DIMENSION_IDS, yn

# Latent capacity profiles (catalogue order, as in PROFILES) with the conditions that
# usually come with them. They describe limitations and strengths, never a diagnosis.
#   prod: typical productivity (loonwaarde / 100); lift: possible lifting limits (kg);
#   cc: chance that customer contact is fine; levels: NLQF levels to draw from;
#   hours: maximum weekly hours to draw from.
ARCHETYPES: dict[str, tuple[tuple[float, ...], dict]] = {
    # broadly average, often long out of work
    "allround": ((3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3),
                 {"prod": 0.85, "lift": (15, 20, 25), "cc": 0.9, "levels": (1, 2, 2, 3),
                  "hours": (20, 24, 28, 32, 36)}),
    # strong hands, low literacy
    "praktisch": ((3, 3, 3, 3.5, 3, 3, 4, 2.5, 3, 1.5, 2, 2, 3),
                  {"prod": 0.8, "lift": (20, 25), "cc": 0.7, "levels": (1, 1, 2),
                   "hours": (24, 28, 32, 36)}),
    # physically limited but socially strong
    "sociaal": ((3, 4, 3, 2, 3, 3, 1.5, 3, 3, 3, 3, 3, 3),
                {"prod": 0.75, "lift": (5, 5, 10), "cc": 1.0, "levels": (1, 2, 2, 3),
                 "hours": (12, 16, 20, 24)}),
    # needs structure and quiet; precise and concentrated
    "structuur": ((3, 2, 2, 3, 1.5, 1.5, 3, 3, 4, 3, 3.5, 4, 4),
                  {"prod": 0.8, "lift": (15, 20, 25), "cc": 0.3, "levels": (1, 2, 2, 3),
                   "hours": (16, 20, 24, 28, 32)}),
    # vulnerable under pressure, recovering
    "belastbaarheid": ((2.5, 3, 1.5, 2, 2, 2, 3, 3, 2.5, 3, 3, 3, 3),
                       {"prod": 0.65, "lift": (10, 15, 20), "cc": 0.7, "levels": (1, 2, 3),
                        "hours": (12, 16, 20, 24)}),
    # learns slowly, needs guidance, physically strong
    "begeleiding": ((2, 3, 2, 3, 2, 2, 4, 1.5, 2, 2, 2, 1.5, 2.5),
                    {"prod": 0.65, "lift": (15, 20, 25), "cc": 0.8, "levels": (1,),
                     "hours": (16, 20, 24, 28)}),
    # newcomer: capable, Dutch still weak
    "nieuwkomer": ((3, 3, 3, 3.5, 3, 3, 3.5, 3.5, 3, 1.5, 3, 3, 3),
                   {"prod": 0.85, "lift": (15, 20, 25), "cc": 0.6, "levels": (1, 2, 4),
                    "hours": (24, 28, 32, 36)}),
    # older re-entrant: experienced, independent, slower and less strong
    "herintreder": ((4, 4, 3, 2, 3, 3, 2, 3, 3, 3.5, 3, 2, 3.5),
                    {"prod": 0.75, "lift": (5, 10, 15), "cc": 0.95, "levels": (2, 2, 3),
                     "hours": (12, 16, 20, 24, 28)}),
}
ARCHETYPE_COUNTS = {"allround": 6, "praktisch": 7, "sociaal": 7, "structuur": 7,
                    "belastbaarheid": 6, "begeleiding": 6, "nieuwkomer": 5, "herintreder": 6}
AVOID_THEMES = ("schoonma", "afval", "koffie", "scan", "bedden", "post", "prullenbak", "linnen")
CANDIDATE_COLUMNS = ["candidate_id", "max_hours", "min_hours", "productivity", "level",
                     "max_lifting_kg", "evening_ok", "night_ok", "weekend_ok",
                     "customer_contact_ok", "prefers", "avoids",
                     *(f"c_{d}" for d in DIMENSION_IDS)]
RATER_NOISE = {"self": 0.6, "mentor": 0.5, "supervisor": 0.5, "other": 0.6}


@dataclass
class Person:
    cid: str
    archetype: str
    latent: np.ndarray                 # true capacity at wave 1, catalogue order
    slope: np.ndarray                  # change per wave
    waves: int                         # 0: no monitor ratings
    explicit: tuple[str, ...] = ()     # dimensions with a c_* value
    row: dict[str, str] = field(default_factory=dict)

    def true_at(self, wave: int) -> np.ndarray:
        return np.clip(self.latent + self.slope * (wave - 1), 1, 5)


def make_people(rng: np.random.Generator, departments: list[str],
                carveable: list[tuple[str, str]]) -> list[Person]:
    """The candidate pool: profiles, conditions, wishes and capacity sources."""
    kinds = [k for k, n in ARCHETYPE_COUNTS.items() for _ in range(n)]
    kinds = [kinds[i] for i in rng.permutation(len(kinds))]
    n = len(kinds)
    order = rng.permutation(n)
    explicit_all = set(order[:8].tolist())       # coach's judgement on all 13 dimensions
    neither = set(order[8:10].tolist())          # new in the pool: nothing measured yet
    physical_only = set(order[10:13].tolist())   # a physical-capacity assessment, plus monitor
    explicit_with_ratings = set(order[:3].tolist())
    people = []
    for i, kind in enumerate(kinds):
        means, cond = ARCHETYPES[kind]
        latent = np.clip(np.asarray(means) + rng.normal(0, 0.45, len(means)), 1, 5).round(1)
        slope = np.zeros(len(means))
        if rng.random() < 0.4:                   # develops on a few dimensions
            dims = rng.choice(len(means), size=int(rng.integers(2, 5)), replace=False)
            slope[dims] = rng.uniform(0.3, 0.7, len(dims)).round(2)
        waves = int(rng.choice((2, 3)))
        if i in neither or (i in explicit_all and i not in explicit_with_ratings):
            waves = 0
        explicit: tuple[str, ...] = ()
        if i in explicit_all:
            explicit = DIMENSION_IDS
        elif i in physical_only:
            explicit = ("physical",)
        people.append(Person(f"K{i + 1:03d}", kind, latent, slope, waves, explicit))
    # Two rated candidates lose ground under time pressure between waves.
    rated = [p for p in people if p.waves >= 2 and not p.slope.any()]
    for person in rated[:2]:
        for dim in ("deadlines", "pace"):
            person.slope[DIMENSION_IDS.index(dim)] = -0.4
    for person in people:
        person.row = candidate_row(person, rng, departments, carveable)
    return people


def candidate_row(person: Person, rng: np.random.Generator, departments: list[str],
                  carveable: list[tuple[str, str]]) -> dict[str, str]:
    """One row of candidates.csv; conditions follow the person's profile."""
    cond = ARCHETYPES[person.archetype][1]
    now = person.true_at(max(person.waves, 1))
    max_hours = int(rng.choice(cond["hours"]))
    min_hours = 0 if rng.random() < 0.4 else int(4 * round(max_hours * rng.uniform(0.4, 0.75) / 4))
    productivity = float(np.clip(round((cond["prod"] + rng.normal(0, 0.08)) * 20) / 20, 0.5, 1.0))
    lift = int(rng.choice(cond["lift"]))
    if now[DIMENSION_IDS.index("physical")] < 2:
        lift = min(lift, 10)
    prefers = []
    if rng.random() < 0.6:
        prefers = sorted(rng.choice(departments, size=int(rng.integers(1, 3)), replace=False))
    avoids: list[str] = []
    if rng.random() < 0.2:
        theme = AVOID_THEMES[int(rng.integers(len(AVOID_THEMES)))]
        matching = [tid for tid, name in carveable if theme in name.lower()]
        if matching:
            avoids = sorted(rng.choice(matching, size=min(3, len(matching)), replace=False))
    row = {
        "candidate_id": person.cid, "max_hours": str(max_hours), "min_hours": str(min_hours),
        "productivity": f"{productivity:.2f}", "level": str(int(rng.choice(cond["levels"]))),
        "max_lifting_kg": str(lift), "evening_ok": yn(rng.random() < 0.6),
        "night_ok": yn(rng.random() < 0.15), "weekend_ok": yn(rng.random() < 0.55),
        "customer_contact_ok": yn(rng.random() < cond["cc"]),
        "prefers": ";".join(str(d) for d in prefers), "avoids": ";".join(str(a) for a in avoids),
    }
    for k, dim in enumerate(DIMENSION_IDS):
        row[f"c_{dim}"] = str(int(round(now[k]))) if dim in person.explicit else ""
    return row


def make_ratings(people: list[Person], rng: np.random.Generator) -> list[list[str]]:
    """Monitor answers: self and mentor every wave, a significant other at wave 1,
    the supervisor from wave 2 on; latent + item offset + rater bias + noise."""
    offsets = {item: rng.normal(0, 0.2) for item, *_ in ITEMS}
    dim_index = {d: k for k, d in enumerate(DIMENSION_IDS)}
    rows = []
    for person in people:
        if not person.waves:
            continue
        bias = {
            "self": float(rng.choice((0.9, 0.5, 0.0, -0.6), p=(0.2, 0.3, 0.3, 0.2))),
            "mentor": rng.normal(0, 0.15), "supervisor": rng.normal(0, 0.2),
            "other": rng.normal(-0.1, 0.3),
        }
        other_present = rng.random() < 0.85
        for wave in range(1, person.waves + 1):
            true = person.true_at(wave)
            raters = ["self", "mentor"] + (["other"] if wave == 1 else ["supervisor"])
            if wave == 1 and not other_present:
                raters.remove("other")
            for rater in raters:
                for item, dim, *_ in ITEMS:
                    noise = rng.normal(0, RATER_NOISE[rater])
                    if rng.random() < 0.03:   # a missing answer
                        continue
                    value = true[dim_index[dim]] + offsets[item] + bias[rater] + noise
                    score = int(np.clip(round(value), 1, 5))
                    rows.append([person.cid, str(wave), rater, item, str(score)])
    return rows
