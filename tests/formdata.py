"""Form data as a browser sends it, for the GOV.UK patterns that split one value over several inputs."""

from __future__ import annotations

from datetime import date


def date_fields(name: str, day: date) -> dict[str, str]:
    """The day, month and year inputs of a GOV.UK date field."""
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}
