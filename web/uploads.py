"""An uploaded file made ready for the core readers, for every upload page.

The consultant's inventory upload and the coach's candidate import share this: a
safe name for the file (the one shown on the page and stored), the file or the
``.csv`` members of a zip written to a temporary folder (the zip bomb guard first),
and the readers' problems rendered with the *uploaded* name in place of the server's
temporary path. Nothing here stores anything: the views store only a whole result.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path, PurePosixPath
from typing import Any

from werkzeug.utils import secure_filename

from taskmodels.errors import InputProblem
from taskmodels.zipguard import ZipBomb, check_archive, read_member
from web.i18n import t

KNOWN_SUFFIXES = (".xlsx", ".xlsm", ".csv", ".zip")
MAX_STEM_CHARS = 100
"""Longest stem kept of an uploaded file name (a file system allows 255 bytes, the
stored ``source_filename`` 255 characters)."""


def safe_name(filename: str | None, default: str) -> str:
    """The name an upload is saved, shown and stored under.

    Only ASCII letters, digits, ``-``, ``_`` and ``.`` survive (werkzeug's
    ``secure_filename``: no path, no control or right-to-left characters), the stem
    is cut to :data:`MAX_STEM_CHARS`, and a known suffix (``.xlsx``, ``.zip``, ...)
    is kept in lower case so the reader still knows the kind.
    """
    raw = PurePosixPath((filename or "").replace("\\", "/")).name
    suffix = PurePosixPath(raw).suffix.lower()
    if suffix in KNOWN_SUFFIXES:
        stem = secure_filename(raw[: -len(suffix)])
    else:
        stem, suffix = secure_filename(raw), ""
    return (stem[:MAX_STEM_CHARS].strip("._") or PurePosixPath(default).stem) + suffix


def _row(file: str, text: str) -> dict[str, Any]:
    return {"file": file, "sheet": None, "row": None, "column": None, "text": text}


def unzip_csv(data: bytes, target: Path, shown: str) -> list[dict[str, Any]]:
    """Write the ``.csv`` members of the zip ``data`` flat into ``target``.

    Returns problem rows (empty when the folder is ready): not a zip, no ``.csv`` in
    it, or refused by the zip bomb guard. Members are read no further than declared,
    and by base name only, so nothing lands outside ``target``.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, EOFError, OSError):
        return [_row(shown, t("web.consultant.upload.bad_zip"))]
    with archive:
        try:
            check_archive(archive)  # ratio and member count too, before anything is unpacked
            members = [m for m in archive.infolist()
                       if not m.is_dir() and PurePosixPath(m.filename).suffix.lower() == ".csv"
                       and secure_filename(PurePosixPath(m.filename).name)]
            if not members:
                return [_row(shown, t("web.consultant.upload.zip_empty"))]
            target.mkdir()
            for m in members:
                (target / secure_filename(PurePosixPath(m.filename).name)).write_bytes(
                    read_member(archive, m))
        except (ZipBomb, zipfile.BadZipFile, EOFError, OSError, ValueError,
                NotImplementedError) as exc:
            # NotImplementedError: a compression method zipfile cannot unpack.
            return [_row(shown, t("web.upload.zip_refused", detail=str(exc)))]
    return []


def shown_file(file: str, folder: Path, shown: str) -> str:
    """The uploaded name for a path under ``folder`` (``pool.zip/ratings.csv`` for a
    member of a zip), so the page never shows the server's temporary path."""
    try:
        parts = Path(file).relative_to(folder).parts
    except ValueError:
        return shown
    return shown if len(parts) <= 1 else f"{shown}/{'/'.join(parts[1:])}"


def problem_rows(problems: list[InputProblem], folder: Path, shown: str,
                 lang: str) -> list[dict[str, Any]]:
    """The readers' problems as the rows of an upload page, in ``lang``."""
    return [{"file": shown_file(p.file, folder, shown), "sheet": p.sheet, "row": p.row,
             "column": p.column, "text": p.text(lang)} for p in problems]
