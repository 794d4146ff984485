"""Every built-in indicator the product ships, gathered from the calculators of each area."""

from __future__ import annotations

from partnership.measures import (
    calculators_annex_a,
    calculators_audits,
    calculators_encompass,
    calculators_frontdoor,
    calculators_strategy,
)
from partnership.measures.definitions import Definition


def builtin_definitions() -> list[Definition]:
    """Every built-in indicator, in display order: the priority action's first."""
    found = [
        *calculators_strategy.DEFINITIONS,
        *calculators_frontdoor.DEFINITIONS,
        *calculators_encompass.DEFINITIONS,
        *calculators_annex_a.DEFINITIONS,
        *calculators_audits.DEFINITIONS,
    ]
    return sorted(found, key=lambda definition: (not definition.is_priority, definition.display_order))
