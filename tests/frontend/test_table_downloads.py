"""Every list and dashboard table downloads as CSV and as a workbook with exactly the rows the reader sees on the page.

The page's own URL with `?download=csv` or `?download=xlsx` (and `&table=` where a page has several tables) answers
the file, so the page's access checks hold: for each declared page and each role the permission matrix lets in, the
file's headings are the page's (plus any columns only a file has), its rows are as many as the page's, and every text
cell of the file is on the page; a role the matrix refuses gets 404 for the file as for the page. A meta-test fails
when a template gains a `govuk-table` without the download links and without an exemption saying why.
"""

from __future__ import annotations

import csv
import html
import io
import re
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from partnership.access.models import AccessEvent, AgencyKind, Role
from partnership.audits import tables as audit_tables
from partnership.audits.models import SectionKind
from partnership.core.clocks import add_months
from partnership.core.spreadsheets import csv_bytes, xlsx_bytes
from partnership.measures.rules import SUPPRESSED
from tests.children.test_records import make_child
from tests.conftest import sign_in
from tests.factories import AgencyFactory, make_person
from tests.permission_matrix import ALLOW, MATRIX, NOT_FOUND
from tests.test_url_matrix import build_world
from tests.trust import tally, tally_endpoint

SRC = Path(__file__).resolve().parents[2] / "src" / "partnership"
ACTION_EXTRAS = frozenset({"Owner", "Lead", "Original due date", "Timescale revised", "Rating reason"})

# Every list or dashboard page with its downloadable tables ("" for the page's main table, else its `table=` name),
# each with the columns a file carries beside the page's (shown on the page inside another cell, in hidden text or not
# at all): their cells are not looked for on the page.
DOWNLOADS: dict[str, dict[str, frozenset[str]]] = {
    "access:agency-list": {"": frozenset()},
    "access:person-list": {"": frozenset()},
    "access:access-log": {"": frozenset()},
    "children:child-list": {"": frozenset({"Expected date of birth"})},
    "strategy:meeting-list": {"": frozenset(), "invitations": frozenset({"Agency"})},
    "frontdoor:queue": {"": frozenset({"Source", "Overdue"}), "research": frozenset()},
    "records:retention-review": {"": frozenset()},
    "records:retention-decisions": {"": frozenset()},
    "encompass:dashboard": {
        "": frozenset(),
        "exceptions": frozenset({"Incident occurred"}),
        "overdue": frozenset({"Chased or escalated at"}),
    },
    "encompass:setting-list": {"": frozenset({"Active"})},
    "plans:action-list": {"": ACTION_EXTRAS},
    "plans:my-actions": {"": ACTION_EXTRAS},
    "plans:finding-list": {"": frozenset({"Source reference"})},
    "frontdoor:research-list": {"": frozenset({"Overdue"})},
    "audits:round-list": {"": frozenset({"Window opens", "Window closes"}), "returns": frozenset()},
    "audits:return-list": {"": frozenset()},
    "audits:tool-list": {"": frozenset()},
    "audits:results": {"": frozenset({"Started"})},
    "records:retention-periods": {"": frozenset()},
    "plans:period-list": {"": frozenset()},
    "plans:coverage": {"": frozenset({"Text"})},
    "encompass:inbox": {"": frozenset({"School", "Expected date of birth"})},
    "frontdoor:checks": {"": frozenset(), "untold": frozenset()},
    "encompass:council-calendar": {"": frozenset(), "closures": frozenset()},
    "plans:overview": {"": frozenset()},
    # Dashboards of figures only: each value written as the page shows it.
    "encompass:measures": {"": frozenset(), "risk": frozenset(), "exceptions": frozenset(), "weeks": frozenset()},
    "frontdoor:measures": {"": frozenset(), "research": frozenset(), "weeks": frozenset()},
    "strategy:measures": {"": frozenset(), "agencies": frozenset()},
}
FIGURES = frozenset({"encompass:measures", "frontdoor:measures", "strategy:measures"})
FIGURE_URLS = frozenset(reverse(name) for name in FIGURES)
# Pages that show no table at all when there is nothing in it (the world has no completed audit round).
HIDDEN_WHEN_EMPTY = frozenset({"audits:results"})
# Cells the page shortens (a record's ID is cut to 13 characters on the access log).
SHORTENED = frozenset({"Record"})
# Templates with a table that downloads through a URL of its own, made before this mechanism.
OWN_DOWNLOADS = {
    "measures/dashboard.html": "measures:dashboard-csv and measures:dashboard-xlsx",
    "measures/indicator_detail.html": "measures:indicator-csv and measures:indicator-xlsx",
    "children/chronology.html": "children:chronology-export (CSV)",
    "audits/round_detail.html": "audits:round-report-xlsx, the round's report with its cases and grades",
    "audits/results_round.html": "audits:round-report-xlsx, the round's report with these distributions",
}
ONE_RECORD = "a summary of one record on its own page, not a list"
# Templates whose tables do not download, and why.
EXEMPT: dict[str, str] = {
    "access/account.html": "the signed-in person's own memberships and API tokens",
    "access/person_detail.html": ONE_RECORD,
    "access/team_detail.html": ONE_RECORD,
    "audits/case_record.html": ONE_RECORD,
    "audits/tool_detail.html": "one audit tool's questions, which the tool's own file holds",
    "children/agreement_detail.html": ONE_RECORD,
    "children/household.html": ONE_RECORD,
    "children/risk_detail.html": ONE_RECORD,
    "encompass/incident_detail.html": ONE_RECORD,
    "frontdoor/contact_detail.html": ONE_RECORD,
    "measures/edit_action_link.html": "a form's table of choices",
    "measures/_action_measures.html": "the measures of one action, shown on the action's page",
    "measures/_indicator_admin.html": "an indicator's settings, shown to the person editing it",
    "measures/_page_value_row.html": "one row of the indicator page's table",
    "plans/action_detail.html": ONE_RECORD,
    "plans/import.html": "the check of a file being imported, which the person holds already",
    "plans/period_detail.html": ONE_RECORD,
    "plans/review_detail.html": ONE_RECORD,
    "records/subject_access_detail.html": "a subject access request's own zip holds the records and the access log",
    "reporting/report_list.html": "a list of published reports, each of which downloads as PDF, xlsx or DOCX",
    "strategy/meeting_detail.html": ONE_RECORD,
    "audits/case_detail.html": ONE_RECORD,
    "encompass/setting_detail.html": ONE_RECORD,
}


def templates_with_tables() -> dict[str, str]:
    """Each template with a GOV.UK table, by its name (as in `{% include %}`), to its text."""
    found = {}
    for path in sorted(SRC.glob("*/templates/**/*.html")):
        text = path.read_text()
        if "govuk-table" in text:
            found[str(path.relative_to(next(p for p in path.parents if p.name == "templates")))] = text
    return found


def covered(name: str, every: dict[str, str]) -> bool:
    """A template downloads its tables, has its own download, is exempt, or is a partial whose every includer is."""
    if "{% table_downloads" in every[name] or name in OWN_DOWNLOADS or name in EXEMPT:
        return True
    includers = [other for other, body in every.items() if f'include "{name}"' in body]
    return bool(includers) and all(covered(other, every) for other in includers)


def test_every_template_with_a_table_downloads_it_or_says_why_not() -> None:
    tables = templates_with_tables()
    every = {
        str(p.relative_to(next(q for q in p.parents if q.name == "templates"))): p.read_text()
        for p in SRC.glob("*/templates/**/*.html")
    }
    assert len(tables) > 40, tables  # the walk found the templates
    undeclared = [name for name in tables if not covered(name, every)]
    assert not undeclared, f"tables with neither the download links nor an exemption: {undeclared}"
    stale = sorted((OWN_DOWNLOADS.keys() | EXEMPT.keys()) - set(every))
    assert not stale, f"exemptions for templates that no longer have a table: {stale}"
    assert all(reason.strip() for reason in EXEMPT.values())
    declared = {name for name, text in every.items() if "{% table_downloads" in text}
    assert len(declared) >= len(DOWNLOADS)
    tally("security_checks", len(tables))


def visible_text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def page_table(content: str, which: str) -> tuple[list[str], int, str] | None:
    """The headings, the number of rows and the text of the table whose download links carry `which`, if shown."""
    links = [m.start() for m in re.finditer(r"<p [^>]*data-table-downloads", content)]
    blocks = {start: content[start : content.index("</p>", start)] for start in links}
    mine = [start for start, block in blocks.items() if (f"table={which}" in block if which else "table=" not in block)]
    position = mine[0] if mine else None
    if position is None:
        return None
    start = content.rindex("<table", 0, position)
    table = content[start : content.index("</table>", start)]
    cells = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', table, re.S)
    # A heading only screen readers hear names a column of links (Decide, Resolve), which a file has no use for.
    headings = [
        visible_text(h) for h in cells if not re.fullmatch(r'\s*<span class="govuk-visually-hidden">.*</span>\s*', h)
    ]
    body = table[table.index("<tbody") :]
    rows = [row for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S) if "colspan" not in row]
    return headings, len(rows), visible_text(table)


def csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf"), "no byte order mark"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def xlsx_rows(content: bytes) -> tuple[list[list[Any]], Any]:
    sheet = load_workbook(io.BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)], sheet


def download(client: Client, url: str, file_format: str, which: str) -> Any:
    return client.get(url, {"download": file_format, **({"table": which} if which else {})})


# Up to three of the roles a page lets in, in this order: the administrator, who sees most, then practice and reading
# roles, whose agency limits what they see.
ROLE_ORDER = (Role.ADMIN, Role.SOCIAL_WORKER, Role.FRONT_DOOR, Role.ENCOMPASS_OFFICER, Role.KEY_ADULT, Role.VIEWER)
ROLE_ORDER += (Role.TEAM_MANAGER, Role.ACTION_LEAD, Role.EXECUTIVE, Role.AUDITOR)
# For each role, the pages (of those it is among the first three let in) whose tables it checks.
ALLOWED: dict[str, list[str]] = {
    role: [name for name in sorted(DOWNLOADS) if role in [r for r in ROLE_ORDER if MATRIX[name].roles[r] == ALLOW][:3]]
    for role in Role.values
}
# For each role, the pages the matrix refuses it.
REFUSED: dict[str, list[str]] = {
    role: [name for name in sorted(DOWNLOADS) if MATRIX[name].roles[role] == NOT_FOUND] for role in Role.values
}


def check_table(client: Client, url: str, page: str, which: str, extras: frozenset[str]) -> bool:
    """The file of one table of the page, when the page shows the table: its headings and rows are the page's, as
    CSV and as a workbook."""
    shown = page_table(page, which)
    if shown is None:
        return False
    headings, count, text = shown
    table = f"table {which or 'main'}"
    response = download(client, url, "csv", which)
    assert response.status_code == 200, f"{table} csv: {response.status_code}"
    assert response["Content-Type"].startswith("text/csv"), f"{table} csv: {response['Content-Type']}"
    assert response["Cache-Control"] == "no-store", f"{table} csv: cached"
    disposition = response["Content-Disposition"]
    assert re.fullmatch(r'attachment; filename="[a-z0-9-]+-\d{4}-\d{2}-\d{2}\.csv"', disposition), disposition
    header, *rows = csv_rows(response.content)
    assert [h for h in header if h not in extras] == headings, f"{table} csv: headings {header} against {headings}"
    assert len(rows) == count, f"{table} csv: {len(rows)} rows in the file, {count} on the page"
    checked = [i for i, h in enumerate(header) if h not in extras | SHORTENED]
    # On a dashboard of figures every value is written as the page shows it ("75%", "12 (3.4)", "None sent"); elsewhere
    # only words are (a file writes dates and times as dates, not as the page words them).
    shown_as_on_page = "[^-0-9: ]" if url in FIGURE_URLS else "[A-Za-z]"
    missing = [row[i] for row in rows for i in checked if re.search(shown_as_on_page, row[i]) and row[i] not in text]
    assert not missing, f"{table} csv: cells not on the page: {missing}"
    book = download(client, url, "xlsx", which)
    assert book.status_code == 200, f"{table} xlsx: {book.status_code}"
    assert book["Cache-Control"] == "no-store", f"{table} xlsx: cached"
    sheet_rows, sheet = xlsx_rows(book.content)
    assert sheet_rows[0] == header, f"{table} xlsx: headings {sheet_rows[0]} against {header}"
    assert len(sheet_rows) - 1 == len(rows), f"{table} xlsx: {len(sheet_rows) - 1} rows, {len(rows)} in the CSV"
    assert sheet.freeze_panes == "A2", f"{table} xlsx: heading row not frozen"
    assert all(cell.font.bold for cell in sheet[1]), f"{table} xlsx: headings not bold"
    return True


def check_page(client: Client, world: SimpleNamespace, name: str) -> list[str]:
    """The tables the page shows and downloads, each checked against its file as CSV and as a workbook."""
    url = reverse(name, kwargs=MATRIX[name].kwargs(world))
    tally_endpoint(name)
    page = client.get(url)
    assert page.status_code == 200, f"the page answered {page.status_code}"
    checked = [
        which
        for which, extras in DOWNLOADS[name].items()
        if check_table(client, url, page.content.decode(), which, extras)
    ]
    if "" not in checked and name in HIDDEN_WHEN_EMPTY:  # nothing to show: the file has the headings only
        assert len(csv_rows(download(client, url, "csv", "").content)) == 1
        checked.append("")
    assert "" in checked, "the page's main table has no download links"
    return checked


@pytest.mark.django_db
@pytest.mark.parametrize("role", [role for role in Role.values if ALLOWED[role]])
def test_each_download_holds_exactly_the_rows_of_the_page(role: str) -> None:
    world = build_world(role, audits=True)  # built once: every page the role checks reads the same world
    client = sign_in(Client(), world.user)
    failures: list[str] = []
    for name in ALLOWED[role]:
        try:
            checked = check_page(client, world, name)
        except AssertionError as failure:
            failures.append(f"{name} as {role}: {failure}")
            continue
        tally("role_object_cases", 2 * len(checked))
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
@pytest.mark.parametrize("role", [role for role in Role.values if REFUSED[role]])
def test_a_role_refused_the_page_is_refused_the_download(role: str) -> None:
    client = sign_in(Client(), make_person(role))
    failures: list[str] = []
    for name in REFUSED[role]:
        url = reverse(name)
        if (status := client.get(url).status_code) != 404:
            failures.append(f"{name}: the page answered {status}")
        for which in DOWNLOADS[name]:
            for file_format in ("csv", "xlsx"):
                response = download(client, url, file_format, which)
                if response.status_code != 404 or "attachment" in response.get("Content-Disposition", ""):
                    failures.append(f"{name} {which or 'main'} {file_format}: {response.status_code}")
        tally("role_object_cases", len(DOWNLOADS[name]) * 2)
    assert not failures, f"{role} was given what the matrix refuses:\n" + "\n".join(failures)


@pytest.mark.django_db
def test_the_children_download_leaves_out_another_agencys_child_and_is_logged_as_an_export() -> None:
    world = build_world(Role.SOCIAL_WORKER)
    client = sign_in(Client(), world.user)
    before = AccessEvent.objects.filter(action=AccessEvent.Action.EXPORT, user=world.user).count()
    header, *rows = csv_rows(download(client, reverse("children:child-list"), "csv", "").content)
    ids = [row[header.index("Local child ID")] for row in rows]
    assert "OWN-1" in ids
    assert "OTHER-1" not in ids
    assert AccessEvent.objects.filter(action=AccessEvent.Action.EXPORT, user=world.user).count() == before + 1


@pytest.mark.django_db
def test_the_people_download_of_a_team_manager_leaves_out_another_agencys_people() -> None:
    world = build_world(Role.TEAM_MANAGER)
    client = sign_in(Client(), world.user)
    _header, *rows = csv_rows(download(client, reverse("access:person-list"), "csv", "").content)
    names = [row[0] for row in rows]
    assert str(world.own_person) in names
    assert str(world.other_person) not in names


@pytest.mark.django_db
def test_a_small_number_on_the_measures_dashboard_is_suppressed_in_both_files() -> None:
    world = build_world(Role.VIEWER)  # a reader without the right to children's records
    client = sign_in(Client(), world.user)
    url = reverse("measures:indicator-csv", kwargs={"key": world.indicator.key})
    header, *rows = csv_rows(client.get(url).content)
    own = next(row for row in rows if row[header.index("Group")] == "Own agency")
    assert own[header.index("Value")] == SUPPRESSED
    assert own[header.index("Numerator")] == "" and own[header.index("Denominator")] == ""
    book, _sheet = xlsx_rows(client.get(url.replace(".csv", ".xlsx")).content)
    own_cells = next(row for row in book if "Own agency" in row)
    assert SUPPRESSED in own_cells
    assert 2 not in own_cells and 3 not in own_cells
    tally("role_object_cases", 2)


def test_an_audit_round_with_too_few_cases_is_written_as_the_page_shows_it_never_its_figures() -> None:
    kinds = list(SectionKind)
    figures = SimpleNamespace(good_text="75%")
    audit_round = SimpleNamespace(title="Neglect", starts_on=date(2026, 1, 5))
    shown = SimpleNamespace(
        audit_round=audit_round, shown=True, moderated_cases=8, kinds=[SimpleNamespace(figures=figures) for _ in kinds]
    )
    hidden = SimpleNamespace(
        audit_round=audit_round, shown=False, moderated_cases=3, kinds=[SimpleNamespace(figures=figures) for _ in kinds]
    )
    table = audit_tables.results_table([shown, hidden], kinds)
    header, first, second = csv_rows(csv_bytes(table))
    assert first[header.index("Cases moderated")] == "8" and "75%" in first
    assert second[header.index("Cases moderated")] == "Fewer than 5"
    assert "3" not in second and "75%" not in second
    book, _sheet = xlsx_rows(xlsx_bytes(table))
    assert 3 not in book[2] and "75%" not in book[2]
    tally("role_object_cases", 2)


@pytest.mark.django_db
def test_only_flagged_children_are_picked_out_before_the_list_is_cut_into_pages_so_the_page_and_file_agree() -> None:
    council = AgencyFactory(kind=AgencyKind.CHILDRENS_SOCIAL_CARE)
    client = sign_in(Client(), make_person(Role.SOCIAL_WORKER, agency=council))
    for number in range(55):  # more than a page of children opened today, none flagged
        make_child(f"A{number:03}", agency=council)
    make_child("Z-FLAGGED", agency=council, started_on=add_months(timezone.localdate(), -8))  # sorted last, no voice
    url = reverse("children:child-list")
    shown = page_table(client.get(url, {"flagged": "1"}).content.decode(), "")
    assert shown is not None
    _headings, count, text = shown
    assert count == 1 and "Z-FLAGGED" in text, text
    header, *rows = csv_rows(client.get(url, {"flagged": "1", "download": "csv"}).content)
    assert [row[header.index("Local child ID")] for row in rows] == ["Z-FLAGGED"]
    unfiltered = page_table(client.get(url).content.decode(), "")
    assert unfiltered is not None and unfiltered[1] == 50
    tally("role_object_cases", 2)
