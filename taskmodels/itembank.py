"""The project's own monitor item bank (MW(c)M style, plain Dutch, low literacy).

Each item belongs to exactly one capability dimension. The bank lives in
``taskmodels/data/itembank.csv`` (columns ``item, dimension, text_nl, text_en``)
so that job coaches can read it and translators can edit it without touching code.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from taskmodels.catalogue import DIMENSION_IDS
from taskmodels.messages import DEFAULT_LANG, LANGS


@dataclass(frozen=True)
class Item:
    """One questionnaire item, rated 1-5 by every rater about the same person."""

    item: str
    dimension: str
    text_nl: str
    text_en: str

    def text(self, lang: str = DEFAULT_LANG) -> str:
        """The question in ``lang`` ('nl' or 'en').

        Items are translated in the CSV file beside each other (translators edit
        the bank as one table), not in the message catalogue.
        """
        if lang not in LANGS:
            raise ValueError(f"unknown language {lang!r}; expected one of {LANGS}")
        return self.text_nl if lang == "nl" else self.text_en


@lru_cache(maxsize=1)
def item_bank() -> dict[str, Item]:
    """All items keyed by item id, in file order."""
    text = resources.files("taskmodels").joinpath("data/itembank.csv").read_text(encoding="utf-8")
    items: dict[str, Item] = {}
    for row in csv.DictReader(text.splitlines()):
        item = Item(row["item"], row["dimension"], row["text_nl"], row["text_en"])
        if item.dimension not in DIMENSION_IDS:
            raise ValueError(f"item bank: item {item.item} names unknown dimension {item.dimension}")
        items[item.item] = item
    return items


def items_for(dimension: str) -> list[Item]:
    """The items that measure ``dimension``."""
    return [i for i in item_bank().values() if i.dimension == dimension]
