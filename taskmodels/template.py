"""An empty inventory workbook with every sheet and column and help text.

The help texts come from the message catalogue (``column.…`` and ``template.…``),
Dutch by default; the sheet and column names themselves are the fixed ids of
FORMATS.md section 1 and are never translated.
"""

from __future__ import annotations

from pathlib import Path

from taskmodels.catalogue import DIMENSIONS
from taskmodels.columns import SHEETS
from taskmodels.itembank import item_bank
from taskmodels.messages import DEFAULT_LANG, text


def write_template(path: str | Path, lang: str = DEFAULT_LANG) -> Path:
    """Write the template workbook with help in ``lang``; returns its path.

    ``.xlsx`` is added when missing.
    """
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill

    def t(code: str) -> str:
        return text(code, lang)

    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        path = path.with_suffix(".xlsx")
    book = openpyxl.Workbook()
    help_ws = book.active
    help_ws.title = t("template.help.title")
    help_ws.append([t(f"template.help.{k}")
                    for k in ("sheet", "column", "required", "default", "meaning")])
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    yes, no = t("template.yes"), t("template.no")
    for sheet, columns in SHEETS.items():
        ws = book.create_sheet(sheet)
        ws.append([c.name for c in columns])
        for cell, col in zip(ws[1], columns, strict=True):
            cell.font = bold
            if col.required:
                cell.fill = fill
            note = col.help(lang) + (" " + t("template.required") if col.required else "")
            cell.comment = Comment(note, "matcher")
            ws.column_dimensions[cell.column_letter].width = max(12, len(col.name) + 2)
        ws.freeze_panes = "A2"
        help_ws.append([sheet, "", "", "", t(f"template.sheet.{sheet}")])
        for col in columns:
            default = "" if col.default in (None, ()) else col.default
            if isinstance(default, bool):
                default = yes if default else no
            help_ws.append([sheet, col.name, yes if col.required else no, default, col.help(lang)])
    for cell in help_ws[1]:
        cell.font = bold
    for letter, width in zip("ABCDE", (12, 22, 10, 10, 80), strict=True):
        help_ws.column_dimensions[letter].width = width
    scale = book.create_sheet(t("template.scale.title"))
    scale.append([t("template.scale.dimension"), t("template.scale.demand"),
                  t("template.scale.capacity"), "1", "2", "3", "4", "5"])
    for d in DIMENSIONS:
        scale.append([d.id, d.label(lang), d.capacity_label(lang),
                      *(d.level_text(n, lang) for n in range(1, 6))])
    bank = book.create_sheet("itembank")
    bank.append(["item", t("template.bank.dimension"), t("template.bank.question")])
    for item in item_bank().values():
        bank.append([item.item, item.dimension, item.text(lang)])
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path
