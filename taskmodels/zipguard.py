"""Checks on a zip archive before anything is extracted from it (zip bombs).

An ``.xlsx`` workbook is a zip archive too, so the same check runs before openpyxl
opens one. The sizes in the central directory are what the archive *claims*; the
check refuses archives whose claimed total or compression ratio is implausible, and
:func:`read_member` reads at most the claimed size plus one byte, so an archive that
lies about a member's size is caught while reading rather than after filling memory.
"""

from __future__ import annotations

import zipfile
from typing import IO

MAX_UNPACKED_BYTES = 100 * 1024 * 1024
"""Most bytes all members together may unpack to."""
MAX_RATIO = 200
"""Highest compression ratio accepted for a member larger than 1 MB (real workbooks
and CSV stay far below 100; a bomb reaches 1000 and more)."""
MAX_MEMBERS = 2_000


class ZipBomb(ValueError):
    """The archive would unpack to more than the limits allow."""


def check_archive(archive: zipfile.ZipFile) -> None:
    """Raise :class:`ZipBomb` when ``archive`` is too large, too many or too compressed.

    Parameters
    ----------
    archive
        An opened archive; nothing is extracted.
    """
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise ZipBomb(f"{len(members)} members (at most {MAX_MEMBERS})")
    total = 0
    for m in members:
        total += m.file_size
        if m.file_size > 1024 * 1024 and m.file_size > MAX_RATIO * max(m.compress_size, 1):
            raise ZipBomb(f"{m.filename}: compression ratio above {MAX_RATIO}")
    if total > MAX_UNPACKED_BYTES:
        raise ZipBomb(f"unpacks to {total} bytes (at most {MAX_UNPACKED_BYTES})")


def check_file(source: str | IO[bytes]) -> None:
    """Open ``source`` as a zip and :func:`check_archive` it (BadZipFile when not a zip)."""
    with zipfile.ZipFile(source) as archive:
        check_archive(archive)


def read_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bytes:
    """The member's bytes, refusing one that unpacks beyond its declared size."""
    with archive.open(member) as fh:
        data = fh.read(member.file_size + 1)
    if len(data) > member.file_size:
        raise ZipBomb(f"{member.filename}: larger than declared")
    return data
