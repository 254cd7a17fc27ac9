"""Parsing one spreadsheet cell by its column's kind, with a readable message on failure."""

from __future__ import annotations

import math
from typing import Any

from taskmodels.columns import FALSE_WORDS, TRUE_WORDS, Column
from taskmodels.messages import DEFAULT_LANG, ParamValue, text


class CellError(ValueError):
    """A cell that cannot be read as its column demands: a catalogue code and parameters.

    ``str(error)`` is the Dutch text; the reader turns ``code`` and ``params`` into an
    :class:`taskmodels.errors.InputProblem` so each reader sees their own language.
    """

    def __init__(self, code: str, **params: ParamValue) -> None:
        self.code = code
        self.params = params
        super().__init__(text(code, DEFAULT_LANG, **params))


def is_empty(value: Any) -> bool:
    """True for a cell a user would call empty."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value.strip() == ""


def _number(value: Any, column: Column) -> float:
    if isinstance(value, bool):
        raise CellError("input.not_number", value=str(value))
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = str(value).strip().replace(",", ".")  # Dutch users type 1,5
        try:
            number = float(text)
        except ValueError:
            raise CellError("input.not_number", value=str(value)) from None
    if not math.isfinite(number):
        raise CellError("input.not_finite", value=str(value))
    _check_range(number, column)
    return number


def _check_range(number: float, column: Column) -> None:
    low, high = column.low, column.high
    too_low = low is not None and (number <= low if column.low_open else number < low)
    too_high = high is not None and number > high
    if not (too_low or too_high):
        return
    # One code per shape of the range, so each language can word it naturally.
    lower = "above" if column.low_open else "min"
    if low is not None and high is not None:
        raise CellError(f"input.range.{lower}_max", low=low, high=high, got=number)
    if low is not None:
        raise CellError(f"input.range.{lower}", low=low, got=number)
    raise CellError("input.range.max", high=high, got=number)


def parse_cell(value: Any, column: Column) -> Any:
    """The typed value of a non-empty cell.

    Raises
    ------
    CellError
        With a code such as ``input.not_whole`` and the value as typed.
    """
    kind = column.kind
    if kind == "text":
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # a numeric id typed in Excel comes back as 12.0
        return str(value).strip()
    if kind == "number":
        return _number(value, column)
    if kind == "int":
        number = _number_unchecked(value)
        if not float(number).is_integer():
            raise CellError("input.not_whole", value=str(value))
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
        raise CellError("input.not_yes_no", value=str(value))
    if kind == "choice":
        word = str(value).strip().lower()
        if word not in column.choices:
            raise CellError("input.not_choice", value=str(value), choices=list(column.choices))
        return word
    if kind == "list":
        return tuple(p.strip() for p in str(value).split(";") if p.strip())
    raise AssertionError(f"unknown column kind {kind}")


def _number_unchecked(value: Any) -> float:
    if isinstance(value, bool):
        raise CellError("input.not_whole", value=str(value))
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value).strip().replace(",", "."))
    except ValueError:
        raise CellError("input.not_whole", value=str(value)) from None
