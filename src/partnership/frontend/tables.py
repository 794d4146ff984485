"""Every list and dashboard table as a download: the page's own URL with `?download=csv` or `?download=xlsx` answers
the same rows (all of them, not one page) as a file, so the page's access checks and filters hold for the file too.

A view builds a `partnership.core.spreadsheets.Table` from the same selector and filters as its page and returns
`table_download(...)` when `download_format(request)` asks for one; the template shows the links with
`{% table_downloads "what the table is" %}` (see `templatetags/table_downloads.py`).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.text import slugify

from partnership.core.spreadsheets import CSV_TYPE, XLSX_TYPE, Table, csv_bytes, xlsx_bytes

DOWNLOAD = "download"
WHICH = "table"  # on a page with several tables, which one
CSV, XLSX = "csv", "xlsx"
FORMATS = (CSV, XLSX)


def download_format(request: HttpRequest, *, which: str = "") -> str | None:
    """The file format asked for ("csv" or "xlsx") when the request is for this table's download, else None."""
    asked = request.GET.get(DOWNLOAD)
    if asked not in FORMATS or request.GET.get(WHICH, "") != which:
        return None
    return asked


def shown_percent(value: object, *, missing: str) -> str:
    """A percentage as a measures page shows it ("75%"), or the page's words when there is none ("None sent")."""
    return missing if value is None else f"{value}%"


def shown_count(count: object, rate: object) -> str:
    """A count with its rate in brackets as a measures page shows it: "12 (3.4)", or "12 (–)" without a rate."""
    return f"{count} ({'–' if rate is None else rate})"


def download_filename(name: str, file_format: str) -> str:
    """The file's name: what the table is and today's date (never a person's name): contact-queue-2026-11-29.csv."""
    return f"{slugify(name)}-{timezone.localdate():%Y-%m-%d}.{file_format}"


def file_response(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    """A download that the browser saves rather than shows, and that no browser or proxy keeps a copy of."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


def table_download(table: Table, *, file_format: str, name: str = "") -> HttpResponse:
    """The table as a CSV file or an Excel workbook, named after `name` (or the table's title) and today's date."""
    filename = download_filename(name or table.title, file_format)
    if file_format == CSV:
        return file_response(csv_bytes(table), filename=filename, content_type=CSV_TYPE)
    return file_response(xlsx_bytes(table), filename=filename, content_type=XLSX_TYPE)
