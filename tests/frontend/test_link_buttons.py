"""Links styled as buttons behave as buttons: the space bar activates them, as GOV.UK Frontend's button module does."""

from __future__ import annotations

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "partnership"
LINK_BUTTON = re.compile(r"<a\s[^>]*class=\"govuk-button[^\"]*\"[^>]*>", re.DOTALL)


def link_buttons_missing_the_module(text: str) -> list[str]:
    """The link-buttons in a template that lack the button role or GOV.UK Frontend's button module."""
    return [
        tag
        for tag in LINK_BUTTON.findall(text)
        if 'data-module="govuk-button"' not in tag or 'role="button"' not in tag
    ]


def test_the_check_finds_a_link_button_without_the_module() -> None:
    assert link_buttons_missing_the_module('<a class="govuk-button" href="/x">Go</a>')
    assert not link_buttons_missing_the_module(
        '<a class="govuk-button" href="/x" role="button" draggable="false" data-module="govuk-button">Go</a>'
    )


def test_every_link_styled_as_a_button_has_the_button_module() -> None:
    found = {
        str(path.relative_to(TEMPLATES)): missing
        for path in sorted(TEMPLATES.rglob("templates/**/*.html"))
        if (missing := link_buttons_missing_the_module(path.read_text(encoding="utf-8")))
    }
    assert not found, f"Link-buttons without role=button and data-module=govuk-button: {found}"
