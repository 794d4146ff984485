"""The one source of randomness of a generation run, so the same seed always writes the same rows."""

from __future__ import annotations

import random
import uuid
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


class Chance:
    """A seeded random source that also makes the rows' UUIDs, so keys are as repeatable as the data."""

    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)  # noqa: S311 - synthetic data, not security

    def uuid(self) -> uuid.UUID:
        """A version 4 UUID drawn from the seeded source."""
        return uuid.UUID(int=self.random.getrandbits(128), version=4)

    def chance(self, probability: float) -> bool:
        """True with the given probability."""
        return self.random.random() < probability

    def pick(self, items: Sequence[T]) -> T:
        """One item, each equally likely."""
        return items[self.random.randrange(len(items))]

    def weighted(self, items: Sequence[T], weights: Sequence[float]) -> T:
        """One item, in proportion to its weight."""
        return self.random.choices(items, weights=weights)[0]

    def between(self, low: int, high: int) -> int:
        """A whole number from low to high inclusive."""
        return self.random.randint(low, high)

    def uniform(self, low: float, high: float) -> float:
        """A number between low and high."""
        return self.random.uniform(low, high)

    def count(self, expected: float) -> int:
        """A whole count whose average is `expected` (rounded up with the chance of its fraction)."""
        whole = int(expected)
        return whole + (1 if self.random.random() < expected - whole else 0)
