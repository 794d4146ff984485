"""Optimistic locking: save a record only if nobody changed it since the caller read it."""

from __future__ import annotations

from typing import TypeVar

from django.db import transaction
from django.db.models import F

from partnership.core.errors import StaleVersion
from partnership.core.models import BaseModel

M = TypeVar("M", bound=BaseModel)


def save_if_current(instance: M, *, expected_version: int, fields: list[str]) -> M:
    """Claim the row only while its stored version equals expected_version, then save the fields and the new version.

    The claim is one conditional UPDATE, so of two saves from the same version exactly one wins; the
    ordinary save that follows lets history and the updated time be written as for any other save.
    """
    if instance.version != expected_version:
        raise StaleVersion()
    with transaction.atomic():
        claimed = (
            type(instance)
            ._default_manager.filter(pk=instance.pk, version=expected_version)
            .update(version=F("version") + 1)
        )
        if claimed != 1:
            raise StaleVersion()
        instance.version = expected_version + 1
        instance.save(update_fields=[*fields, "version", "updated_at"])
    return instance
