"""Built-in strategy indicators and their calculators (being written)."""

from __future__ import annotations

from partnership.measures.definitions import Definition

DEFINITIONS: list[Definition] = []
