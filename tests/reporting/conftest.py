"""Renderings of the sample reports, made once per test session: the renderers are pure, so tests can share them.

None of these tests asks for the database: pytest-django refuses any query, which proves the renderers never make one.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from partnership.reporting import renderers
from tests.reporting.sample import empty_report, sample_report

VARIANTS = {
    "quarterly": lambda: sample_report("quarterly"),
    "cabinet": lambda: sample_report("cabinet"),
    "empty": lambda: empty_report("quarterly"),
}


def words(text: str) -> str:
    """Text with every run of spaces and line breaks made one space, so wrapped table cells read as written."""
    return " ".join(text.split())


@pytest.fixture(scope="session")
def pdf_file(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """The PDF of a sample variant, written to a temporary file."""
    made: dict[str, Path] = {}

    def make(variant: str) -> Path:
        if variant not in made:
            path = tmp_path_factory.mktemp("pdf") / f"{variant}.pdf"
            path.write_bytes(renderers.render_pdf(VARIANTS[variant]()))
            made[variant] = path
        return made[variant]

    return make


@pytest.fixture(scope="session")
def pdf_text(pdf_file: Callable[[str], Path]) -> Callable[[str], str]:
    """The text of a sample variant's PDF, as poppler's pdftotext reads it, spaces normalised."""
    read: dict[str, str] = {}

    def make(variant: str) -> str:
        if variant not in read:
            result = subprocess.run(
                ["/usr/bin/pdftotext", "-enc", "UTF-8", str(pdf_file(variant)), "-"],
                capture_output=True,
                text=True,
                check=True,
            )
            read[variant] = words(result.stdout)
        return read[variant]

    return make
