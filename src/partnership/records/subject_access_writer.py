"""Records as plain dictionaries for a subject access export: every field, people and agencies named, other children
left out, and each record type read with a fixed number of queries."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import QuerySet
from django.utils import timezone

from partnership.children.models import Child


def plain(value: Any) -> Any:
    """A value as JSON writes it: instants and dates in ISO 8601, identifiers and decimals as text."""
    if isinstance(value, datetime):
        return (value.astimezone(UTC) if timezone.is_aware(value) else value).isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    return value


class RecordWriter:
    """Turns records into plain dictionaries, naming people and agencies, and never naming another child."""

    def __init__(self, child_ids: set[Any], *, named: tuple[type[models.Model], ...]) -> None:
        self.child_ids = child_ids
        self.named = named
        self.names: dict[tuple[type[models.Model], Any], str] = {}

    def _name(self, model: type[models.Model], pk: Any) -> str:
        key = (model, pk)
        if key not in self.names:
            self.names[key] = str(model._default_manager.filter(pk=pk).first() or "")
        return self.names[key]

    def prime(self, objs: list[models.Model]) -> None:
        """Read the names of every person, agency and setting the records point at, one query per kind of thing."""
        wanted: dict[type[models.Model], set[Any]] = {}
        for obj in objs:
            for field in obj._meta.concrete_fields:
                related = field.related_model if field.is_relation else None
                value = field.value_from_object(obj)
                if not isinstance(related, type) or value is None or not issubclass(related, self.named):
                    continue
                if (related, value) not in self.names:
                    wanted.setdefault(related, set()).add(value)
        for model, pks in wanted.items():
            found = {thing.pk: str(thing) for thing in model._default_manager.filter(pk__in=pks)}
            self.names.update({(model, pk): found.get(pk, "") for pk in pks})

    def records(self, queryset: QuerySet[Any]) -> list[dict[str, Any]]:
        """Every record of the queryset as a plain dictionary, its links to many read with one query per link."""
        many = [field.name for field in queryset.model._meta.many_to_many]
        objs = list(queryset.prefetch_related(*many) if many else queryset)
        self.prime(objs)
        return [self.record(obj) for obj in objs]

    def record(self, obj: models.Model) -> dict[str, Any]:
        row: dict[str, Any] = {}
        for field in obj._meta.concrete_fields:
            value = field.value_from_object(obj)
            related = field.related_model if field.is_relation else None
            if isinstance(related, type) and value is not None and issubclass(related, self.named):
                row[field.name] = {"id": plain(value), "name": self._name(related, value)}
            else:
                row[field.name] = plain(value)
        for field in obj._meta.many_to_many:
            related_ids = [related.pk for related in getattr(obj, field.name).all()]
            if field.related_model is Child:
                related_ids = [pk for pk in related_ids if pk in self.child_ids]
            row[field.name] = sorted(str(pk) for pk in related_ids)
        return row
