"""Optimistic locking: save a record only if nobody changed it since the caller read it."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import F
from django.utils import timezone

from partnership.core.errors import StaleVersion
from partnership.core.models import BaseModel

M = TypeVar("M", bound=BaseModel)


def save_if_current(instance: M, *, expected_version: int, fields: list[str]) -> M:
    """Write the given fields only when the stored version still equals expected_version, then bump it."""
    if instance.version != expected_version:
        raise StaleVersion()
    values: dict[str, Any] = {name: getattr(instance, name) for name in fields}
    values["updated_at"] = timezone.now()
    updated = (
        type(instance)
        ._default_manager.filter(pk=instance.pk, version=expected_version)
        .update(version=F("version") + 1, **values)
    )
    if updated != 1:
        raise StaleVersion()
    instance.version = expected_version + 1
    instance.updated_at = values["updated_at"]
    return instance
