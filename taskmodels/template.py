"""An empty inventory workbook with every sheet and column and Dutch help text."""

from __future__ import annotations

from pathlib import Path

from taskmodels.catalogue import DIMENSIONS
from taskmodels.columns import SHEETS
from taskmodels.itembank import item_bank

SHEET_HELP_NL = {
    "roles": "Huidige functies: één regel per functie.",
    "tasks": "Werkanalyse: één regel per taak, met de uren van de hele functiegroep.",
    "candidates": "Kandidaten (optioneel): alleen wat nodig is voor matching, nooit diagnoses of BSN.",
    "ratings": "Monitorscores (optioneel): één regel per antwoord van een beoordelaar op een item.",
}


def write_template(path: str | Path) -> Path:
    """Write the template workbook; returns its path (``.xlsx`` is added when missing)."""
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill

    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        path = path.with_suffix(".xlsx")
    book = openpyxl.Workbook()
    help_ws = book.active
    help_ws.title = "toelichting"
    help_ws.append(["blad", "kolom", "verplicht", "standaard", "betekenis"])
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for sheet, columns in SHEETS.items():
        ws = book.create_sheet(sheet)
        ws.append([c.name for c in columns])
        for cell, col in zip(ws[1], columns, strict=True):
            cell.font = bold
            if col.required:
                cell.fill = fill
            cell.comment = Comment(col.help_nl + (" (verplicht)" if col.required else ""), "matcher")
            ws.column_dimensions[cell.column_letter].width = max(12, len(col.name) + 2)
        ws.freeze_panes = "A2"
        help_ws.append([sheet, "", "", "", SHEET_HELP_NL[sheet]])
        for col in columns:
            default = "" if col.default in (None, ()) else col.default
            if isinstance(default, bool):
                default = "ja" if default else "nee"
            help_ws.append([sheet, col.name, "ja" if col.required else "nee", default, col.help_nl])
    for cell in help_ws[1]:
        cell.font = bold
    for letter, width in zip("ABCDE", (12, 22, 10, 10, 80), strict=True):
        help_ws.column_dimensions[letter].width = width
    scale = book.create_sheet("schaal")
    scale.append(["dimensie", "eis", "capaciteit", "1", "2", "3", "4", "5"])
    for d in DIMENSIONS:
        scale.append([d.id, d.label_nl, d.capacity_nl, *d.levels_nl])
    bank = book.create_sheet("itembank")
    bank.append(["item", "dimensie", "vraag"])
    for item in item_bank().values():
        bank.append([item.item, item.dimension, item.text_nl])
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path
