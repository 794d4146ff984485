"""The PDF of a quarterly report, read back as text with pdftotext."""

from __future__ import annotations

import logging
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from partnership.reporting import renderers
from tests.reporting.conftest import words
from tests.reporting.sample import (
    EVIDENCE_SHA256,
    EXCEPTION_REASON,
    LEAD_NAMES,
    REVISED_CURRENT_DUE,
    REVISED_ORIGINAL_DUE,
    sample_report,
)

HEADINGS = [
    "BRAG by theme",
    "Progress since last quarter",
    "Exceptions",
    "Revised timescales",
    "Delivered and impact evidenced",
    "Scrutiny and audit",
    "Success measures",
    "Decisions needed",
]
EMPTY_SENTENCES = [
    "There are no actions in the plan.",
    "There are no exceptions this quarter.",
    "There are no revised timescales.",
    "There are no delivered actions yet.",
    "There are no scrutiny or audit activities reported this quarter.",
    "There are no success measures recorded.",
    "There are no decisions needed this quarter.",
]


def test_every_section_heading_is_there_in_order(pdf_text: Callable[[str], str]) -> None:
    text = pdf_text("quarterly")
    positions = [text.index(f"{heading} ") for heading in HEADINGS]
    assert positions == sorted(positions)


def test_key_values_are_shown(pdf_text: Callable[[str], str]) -> None:
    text = pdf_text("quarterly")
    assert "1.3 Police attend every initial strategy meeting" in text
    assert EXCEPTION_REASON in text
    assert "Interim rota of detective sergeants agreed from 1 July 2019." in text
    assert REVISED_ORIGINAL_DUE == "2019-03-31" and "31 March 2019" in text
    assert REVISED_CURRENT_DUE == "2019-09-30" and "30 September 2019" in text
    assert "Recruitment of a seconded probation officer delayed until August." in text
    assert f"SHA-256 {EVIDENCE_SHA256[:12]}" in text
    assert EVIDENCE_SHA256[:13] not in text  # shortened to 12 characters
    assert "No measure values yet." in text
    assert "Compared with the report for 2019-Q1." in text
    assert "This is the first report." not in text


def test_brag_is_written_in_words(pdf_text: Callable[[str], str]) -> None:
    text = pdf_text("quarterly")
    assert "Rating Due date" in text
    assert "Red Amber Green Blue" in text  # the chart's legend and the table's header
    assert "All themes 2 4 31 9 1 47 3" in text


def test_header_and_footer_on_every_page(pdf_text: Callable[[str], str]) -> None:
    text = pdf_text("quarterly")
    pages = text.count("Page ")
    assert pages >= 2
    for number in range(1, pages + 1):
        assert f"Page {number} of {pages}" in text
    assert text.count("2019-Q2: 1 April 2019 to 30 June 2019") >= pages


def test_the_pdf_is_a4(pdf_file: Callable[[str], Path]) -> None:
    info = subprocess.run(["/usr/bin/pdfinfo", str(pdf_file("quarterly"))], capture_output=True, text=True, check=True)
    assert "(A4)" in info.stdout
    assert "Tagged: yes" in words(info.stdout)  # headings and tables marked up for screen readers


def test_an_empty_report_says_so_in_every_section(pdf_text: Callable[[str], str]) -> None:
    text = pdf_text("empty")
    for heading in HEADINGS:
        assert heading in text
    for sentence in EMPTY_SENTENCES:
        assert sentence in text
    assert "This is the first report." in text


@pytest.mark.parametrize("name", LEAD_NAMES)
def test_the_cabinet_summary_names_nobody(pdf_text: Callable[[str], str], name: str) -> None:
    assert name not in pdf_text("cabinet")
    assert name.split()[-1] not in pdf_text("cabinet")


def test_the_cabinet_summary_says_what_it_is_and_asks_for_no_decisions(pdf_text: Callable[[str], str]) -> None:
    text = pdf_text("cabinet")
    assert text.startswith("Cabinet summary: Improvement plan progress, 2019-Q2")
    assert "Decisions needed" not in text
    assert "Confirm delivered?" not in text
    assert " Lead " not in text
    for heading in HEADINGS[:-1]:
        assert heading in text


def test_a_long_table_breaks_across_pages_and_repeats_its_header(tmp_path: Path) -> None:
    data = sample_report()
    first = data["exceptions"][0]
    data["exceptions"] = [{**first, "reference": f"9.{number}"} for number in range(1, 61)]
    path = tmp_path / "long.pdf"
    path.write_bytes(renderers.render_pdf(data))
    pages = []
    for number in range(1, 20):
        result = subprocess.run(
            ["/usr/bin/pdftotext", "-f", str(number), "-l", str(number), str(path), "-"],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            break
        pages.append(words(result.stdout))
    holding = [page for page in pages if "9.1 " in page or re.search(r"\b9\.\d+ Police attend", page)]
    assert len(holding) >= 3  # sixty exceptions take several pages
    for page in holding:
        assert "Ref Action Owner Lead Rating Due date Reason Mitigation" in page
    assert all("9.60 Police attend" not in page for page in holding[:-1])


def test_rendering_warns_about_nothing(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        renderers.render_pdf(sample_report())
    assert [record.getMessage() for record in caplog.records] == []
