"""Parsing one spreadsheet cell by its column's kind, with a readable message on failure."""

from __future__ import annotations

import math
from typing import Any

from taskmodels.columns import FALSE_WORDS, TRUE_WORDS, Column


class CellError(ValueError):
    """A cell that cannot be read as its column demands; the message is for the user."""


def is_empty(value: Any) -> bool:
    """True for a cell a user would call empty."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value.strip() == ""


def _number(value: Any, column: Column) -> float:
    if isinstance(value, bool):
        raise CellError(f"'{value}' is not a number")
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = str(value).strip().replace(",", ".")  # Dutch users type 1,5
        try:
            number = float(text)
        except ValueError:
            raise CellError(f"'{value}' is not a number") from None
    if not math.isfinite(number):
        raise CellError(f"'{value}' is not a finite number")
    _check_range(number, column)
    return number


def _check_range(number: float, column: Column) -> None:
    low, high = column.low, column.high
    if low is not None and (number <= low if column.low_open else number < low):
        if high is not None:
            lo_word = "above" if column.low_open else "at least"
            raise CellError(f"must be {lo_word} {low:g} and at most {high:g}, got {number:g}")
        raise CellError(f"must be {'above' if column.low_open else 'at least'} {low:g}, got {number:g}")
    if high is not None and number > high:
        if low is not None:
            lo_word = "above" if column.low_open else "at least"
            raise CellError(f"must be {lo_word} {low:g} and at most {high:g}, got {number:g}")
        raise CellError(f"must be at most {high:g}, got {number:g}")


def parse_cell(value: Any, column: Column) -> Any:
    """The typed value of a non-empty cell.

    Raises
    ------
    CellError
        With a message such as ``'abc' is not a whole number``.
    """
    kind = column.kind
    if kind == "text":
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # a numeric id typed in Excel comes back as 12.0
        return str(value).strip()
    if kind == "number":
        return _number(value, column)
    if kind == "int":
        number = _number_unchecked(value, "whole number")
        if not float(number).is_integer():
            raise CellError(f"'{value}' is not a whole number")
        _check_range(float(number), column)
        return int(number)
    if kind == "bool":
        if isinstance(value, bool):
            return value
        if isinstance(value, int | float) and value in (0, 1):
            return bool(value)
        word = str(value).strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise CellError(f"'{value}' is not yes/no (also ja/nee, true/false, 1/0)")
    if kind == "choice":
        word = str(value).strip().lower()
        if word not in column.choices:
            raise CellError(f"'{value}' is not one of {', '.join(column.choices)}")
        return word
    if kind == "list":
        return tuple(p.strip() for p in str(value).split(";") if p.strip())
    raise AssertionError(f"unknown column kind {kind}")


def _number_unchecked(value: Any, what: str) -> float:
    if isinstance(value, bool):
        raise CellError(f"'{value}' is not a {what}")
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value).strip().replace(",", "."))
    except ValueError:
        raise CellError(f"'{value}' is not a {what}") from None
