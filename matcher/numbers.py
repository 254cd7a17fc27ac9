"""Numbers as the reader writes them: ``1.543,5`` in Dutch, ``1,543.5`` in English."""

from __future__ import annotations


def format_number(value: float, lang: str = "nl", digits: int = 1) -> str:
    """``value`` with ``digits`` decimals and the thousands and decimal marks of ``lang``."""
    text = f"{value:,.{digits}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".") if lang == "nl" else text
