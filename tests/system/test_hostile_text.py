"""Hostile text in every form: script tags, attribute breakers, over-long values, control characters and NUL.

Two sweeps. Every Form class of the product is checked field by field: a value longer than a text field's limit is
refused with a field error, as is a NUL; a text field with no limit is free text (a text area). Then every POST in
the permission matrix is sent again by a role that may make it, with each of its text values replaced in turn by a
hostile one: never a 500, the raw markup never in a reply, the Content-Security-Policy header on every page; and
every page of that part of the product the role may open afterwards shows what was stored escaped.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django import forms
from django.test import Client
from django.urls import reverse

import partnership
from partnership.access.models import Role
from tests.conftest import sign_in
from tests.permission_matrix import ALLOW, MATRIX, REACHED, REDIRECT, Case
from tests.test_url_matrix import _quick_report_files, build_world, needs_audits  # noqa: F401 - a fixture
from tests.trust import tally

SCRIPT = "<script>alert(1)</script>"
IMAGE = '"><img src=x onerror=alert(1)>'
RAW = (SCRIPT.encode(), b"<img src=x onerror=alert(1)>")
HOSTILE = {
    "script": SCRIPT,
    "attribute": IMAGE,
    "long": "A" * 9_980 + SCRIPT,
    "control": "bell\x07 escape\x1b[31m back\x08",
    "nul": "before\x00after",
}
# Values a field needs in a shape (ids, versions, dates, yes/no and choice keys) are kept; only text is replaced.
SHAPED = re.compile(r"^(\d+|[0-9a-f-]{36}|on|true|false|yes|no|[a-z_]{1,30})$")


def product_forms() -> list[type[forms.Form]]:
    """Every Form class the product declares, found by importing each module that holds forms."""
    for module in pkgutil.walk_packages(partnership.__path__, "partnership."):
        if "form" in module.name or module.name.endswith((".views", ".fields")):
            importlib.import_module(module.name)

    def below(cls: type[forms.Form]) -> Iterator[type[forms.Form]]:
        for sub in cls.__subclasses__():
            yield sub
            yield from below(sub)

    return sorted(
        {cls for cls in below(forms.Form) if cls.__module__.startswith("partnership.")},
        key=lambda cls: f"{cls.__module__}.{cls.__qualname__}",
    )


FORMS = product_forms()


def text_fields(cls: type[forms.Form]) -> list[tuple[str, forms.CharField]]:
    return [
        (name, field)
        for name, field in cls.base_fields.items()
        if isinstance(field, forms.CharField) and not isinstance(field, forms.UUIDField)
    ]


def refused(field: forms.Field, value: str) -> bool:
    try:
        field.clean(value)
    except forms.ValidationError:
        return True
    return False


@pytest.mark.parametrize("cls", FORMS, ids=[f"{cls.__module__.split('.')[1]}.{cls.__name__}" for cls in FORMS])
def test_every_text_field_of_every_form_refuses_over_long_values_and_nul(cls: type[forms.Form]) -> None:
    for name, field in text_fields(cls):
        tally("hostile_values", 2)
        where = f"{cls.__name__}.{name}"
        assert refused(field, "a\x00b"), f"{where} accepts a NUL"
        if field.max_length is not None:
            assert refused(field, "a" * (field.max_length + 1)), f"{where} accepts more than {field.max_length}"
            assert refused(field, "a" * 10_000) or field.max_length >= 10_000, f"{where} accepts 10,000 characters"
        else:
            assert isinstance(field.widget, forms.Textarea), f"{where} has no length limit but is not free text"


def test_the_sweep_found_the_forms_of_every_part() -> None:
    parts = {cls.__module__.split(".")[1] for cls in FORMS}
    assert {"access", "plans", "children", "frontdoor", "strategy", "encompass", "measures", "audits"} <= parts
    assert len(FORMS) > 50


# ---------------------------------------------------------------- every POST of the permission matrix

POSTS = sorted(name for name, case in MATRIX.items() if case.method == "post" and not name.startswith("api:"))


def poster(case: Case) -> str | None:
    """A role the matrix lets make the POST, preferring the administrator."""
    allowed = [role for role in Role.values if case.roles[role] in (ALLOW, REACHED, REDIRECT)]
    return Role.ADMIN if Role.ADMIN in allowed else (allowed[0] if allowed else None)


def text_keys(data: dict[str, Any]) -> list[str]:
    return [
        key
        for key, value in data.items()
        if isinstance(value, str) and not re.search(r"_[0-2]$", key) and key != "version" and not SHAPED.match(value)
    ]


def assert_safe(response: Any, where: str) -> None:
    assert response.status_code < 500, f"{where}: {response.status_code}"
    content = response.content
    for raw in RAW:
        assert raw not in content, f"{where}: the raw markup {raw!r} is in the reply"
    if response.get("Content-Type", "").startswith("text/html"):
        assert "Content-Security-Policy" in response, f"{where}: no Content-Security-Policy header"


def pages_of(namespace: str, role: str, world: Any) -> Iterator[tuple[str, str]]:
    """The GET pages of a part of the product the role may open, with their addresses in this world."""
    for name, case in sorted(MATRIX.items()):
        if case.method != "get" or not name.startswith(f"{namespace}:") or case.roles[role] != ALLOW:
            continue
        try:
            yield name, reverse(name, kwargs=case.kwargs(world))
        except AttributeError:  # the page needs a record this world was not built with
            continue


@pytest.mark.django_db
@pytest.mark.parametrize("name", POSTS)
def test_hostile_text_in_every_posted_form_is_refused_or_stored_and_shown_escaped(name: str) -> None:
    case = MATRIX[name]
    role = poster(case)
    if role is None:
        pytest.fail(f"{name}: no role may make this POST, so it cannot be tried")
    world = build_world(role, audits=needs_audits(name))
    client = sign_in(Client(), world.user)
    url = reverse(name, kwargs=case.kwargs(world))
    keys = text_keys(case.data(world))
    for key in keys:
        for kind, value in HOSTILE.items():
            tally("hostile_values")
            data = {**case.data(world), key: value}
            assert_safe(client.post(url, data, **case.headers(world)), f"{name} {key}={kind}")
    for page, address in pages_of(name.split(":")[0], role, world):
        tally("hostile_values")
        assert_safe(client.get(address), f"{page} after {name}")
    if not keys:
        tally("hostile_values")
        assert_safe(client.post(url, {**case.data(world), "extra": SCRIPT}), f"{name} with an extra field")
