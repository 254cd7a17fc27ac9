"""The capability catalogue: one 1-5 scale for what a task demands and what a person can.

The ids are fixed (they are column suffixes in the workbook: ``d_<id>`` for a task's
demand, ``c_<id>`` for a person's capacity). Level 3 is the average worker and the
average job, following the MELBA convention.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Dimension:
    """One capability dimension, rated 1-5 for tasks (demand) and people (capacity).

    Attributes
    ----------
    id:
        Fixed identifier, used in column names and reports.
    label_nl, label_en:
        Short label for the task demand, in Dutch and English.
    capacity_nl, capacity_en:
        Short label for the matching person capacity.
    levels_nl:
        One plain-language line per level 1..5 (index 0 is level 1).
    ihw_task_demand:
        True for the seven task demands of the IHW work analysis.
    """

    id: str
    label_nl: str
    label_en: str
    capacity_nl: str
    capacity_en: str
    levels_nl: tuple[str, str, str, str, str]
    ihw_task_demand: bool = False

    def label(self, lang: str = "nl") -> str:
        """The demand label in ``lang`` ('nl' or 'en')."""
        return self.label_nl if lang == "nl" else self.label_en


DIMENSIONS: tuple[Dimension, ...] = (
    Dimension(
        "independence", "zelfstandigheid", "independence",
        "zelfstandig werken", "working independently",
        ("werkt steeds met iemand erbij", "werkt zelf, met vaste instructie en toezicht",
         "werkt zelf, vraagt hulp bij afwijkingen", "regelt eigen werk en kleine problemen",
         "werkt volledig zelfstandig en beslist zelf"),
        True,
    ),
    Dimension(
        "social", "sociale omgang", "social contact",
        "sociaal functioneren", "social functioning",
        ("weinig contact met anderen nodig", "kort contact met vaste collega's",
         "samenwerken en contact met klanten", "omgaan met emoties van anderen",
         "moeilijke gesprekken en conflicten"),
        True,
    ),
    Dimension(
        "deadlines", "deadlines en pieken", "deadlines and peaks",
        "omgaan met tijdsdruk", "coping with time pressure",
        ("geen tijdsdruk", "af en toe een vaste eindtijd", "regelmatig deadlines",
         "vaak pieken en haast", "voortdurend onder tijdsdruk"),
        True,
    ),
    Dimension(
        "pace", "werktempo", "working pace",
        "werktempo", "working pace",
        ("eigen tempo", "rustig vast tempo", "normaal tempo", "hoog tempo",
         "zeer hoog tempo, lopende band"),
        True,
    ),
    Dimension(
        "interruptions", "onderbrekingen", "interruptions",
        "omgaan met onderbrekingen", "coping with interruptions",
        ("nauwelijks onderbroken", "soms onderbroken", "regelmatig onderbroken",
         "vaak onderbroken", "voortdurend onderbroken"),
        True,
    ),
    Dimension(
        "unpredictability", "onvoorspelbaarheid", "unpredictability",
        "omgaan met verandering", "coping with change",
        ("elke dag hetzelfde", "weinig verandering", "soms onverwachte situaties",
         "vaak onverwachte situaties", "steeds nieuwe situaties"),
        True,
    ),
    Dimension(
        "physical", "fysieke belasting", "physical load",
        "fysieke belastbaarheid", "physical capacity",
        ("zittend, licht werk", "afwisselend zitten, staan en lopen",
         "veel staan en lopen, af en toe tillen", "zwaar werk, vaak tillen of duwen",
         "zeer zwaar lichamelijk werk"),
    ),
    Dimension(
        "cognitive", "complexiteit", "complexity",
        "mentaal vermogen", "mental ability",
        ("een vaste, eenvoudige handeling", "een paar vaste stappen",
         "meerdere stappen, soms iets nieuws leren", "problemen oplossen, nieuwe procedures",
         "complexe problemen en plannen"),
    ),
    Dimension(
        "attention", "concentratie", "sustained attention",
        "concentratie", "concentration",
        ("korte aandacht volstaat", "af en toe even opletten", "een uur geconcentreerd werken",
         "lang geconcentreerd werken", "de hele dag volle aandacht"),
    ),
    Dimension(
        "literacy", "lezen en schrijven", "reading and writing",
        "lezen en schrijven", "reading and writing",
        ("geen lezen of schrijven", "pictogrammen en korte woorden",
         "korte instructies lezen, iets invullen", "teksten lezen en korte berichten schrijven",
         "rapporten lezen en schrijven"),
    ),
    Dimension(
        "numeracy", "rekenen", "numeracy",
        "rekenen", "numeracy",
        ("niet tellen of rekenen", "tellen tot twintig", "tellen, wegen en meten",
         "rekenen met hoeveelheden en geld", "ingewikkelde berekeningen"),
    ),
    Dimension(
        "digital", "digitale vaardigheden", "digital skills",
        "digitale vaardigheden", "digital skills",
        ("geen apparaten", "een knop of scanner bedienen", "een eenvoudige app of tablet",
         "computerprogramma's gebruiken", "complexe systemen beheren"),
    ),
    Dimension(
        "precision", "nauwkeurigheid", "precision",
        "nauwkeurigheid en fijne motoriek", "accuracy and fine motor skills",
        ("grof werk, fouten geven niet", "redelijk netjes werken", "nauwkeurig werken",
         "zeer precies werk, fijne motoriek", "foutloos precisiewerk"),
    ),
)

DIMENSION_IDS: tuple[str, ...] = tuple(d.id for d in DIMENSIONS)
"""The 13 dimension ids, in catalogue order (the order of every demand vector)."""

BY_ID: dict[str, Dimension] = {d.id: d for d in DIMENSIONS}

SCALE_MIN, SCALE_MAX, SCALE_AVERAGE = 1, 5, 3


@dataclass(frozen=True)
class WorkCondition:
    """A hard limit checked like UWV's Functional Abilities List (FML)."""

    id: str
    task_column: str
    candidate_column: str
    label_nl: str
    label_en: str


WORK_CONDITIONS: tuple[WorkCondition, ...] = (
    WorkCondition("lifting", "lifting_kg", "max_lifting_kg", "tillen (kg)", "lifting (kg)"),
    WorkCondition("evening", "time_of_day", "evening_ok", "avondwerk", "evening work"),
    WorkCondition("night", "time_of_day", "night_ok", "nachtwerk", "night work"),
    WorkCondition("weekend", "weekend", "weekend_ok", "weekendwerk", "weekend work"),
    WorkCondition(
        "customer_contact", "customer_contact", "customer_contact_ok",
        "klantcontact", "customer contact",
    ),
    WorkCondition("hours", "hours_per_week", "min_hours/max_hours", "uren per week", "hours per week"),
)

TIMES_OF_DAY: tuple[str, ...] = ("day", "evening", "night")
TIME_OF_DAY_NL: dict[str, str] = {"day": "dag", "evening": "avond", "night": "nacht"}
RATERS: tuple[str, ...] = ("self", "mentor", "supervisor", "other")
RATER_NL: dict[str, str] = {
    "self": "zelf", "mentor": "werkbegeleider", "supervisor": "leidinggevende", "other": "naaste",
}

# NLQF levels as a consultant names them.
LEVELS_NL: dict[int, str] = {
    1: "instroom (NLQF 1)", 2: "MBO-2", 3: "MBO-3", 4: "MBO-4", 5: "associate degree",
    6: "bachelor", 7: "master", 8: "doctoraat",
}
