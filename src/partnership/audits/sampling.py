"""Drawing a round's sample: reproducible from its seed, spread across strata in proportion to their size."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Hashable, Sequence
from fractions import Fraction
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


def allocate(population: dict[str, int], size: int) -> dict[str, int]:
    """How many to draw from each stratum: in proportion to its size (largest remainders), at least one from each
    non-empty stratum when the sample is big enough for that, never more than a stratum holds."""
    strata = sorted(name for name, count in population.items() if count > 0)
    total = sum(population[name] for name in strata)
    wanted = min(max(size, 0), total)
    if wanted == 0:
        return dict.fromkeys(strata, 0)
    quota = {name: Fraction(wanted * population[name], total) for name in strata}
    floor_one = 1 if wanted >= len(strata) else 0
    allocated = {name: min(population[name], max(floor_one, int(quota[name]))) for name in strata}
    while sum(allocated.values()) > wanted:
        # Give back from the stratum most over its share that can spare one.
        spare = [name for name in strata if allocated[name] > floor_one]
        name = max(spare, key=lambda n: allocated[n] - quota[n])
        allocated[name] -= 1
    while sum(allocated.values()) < wanted:
        # Top up the stratum furthest below its share that still has children left.
        room = [name for name in strata if allocated[name] < population[name]]
        name = max(room, key=lambda n: (quota[n] - allocated[n], population[n]))
        allocated[name] += 1
    return allocated


def draw_sample(candidates: Sequence[tuple[K, str]], size: int, seed: int) -> list[tuple[K, str]]:
    """A stratified random sample of (child id, stratum) pairs; the same candidates, size and seed give the same
    sample, whatever order the candidates came in."""
    first_stratum: dict[K, str] = {}
    for child_id, stratum in sorted(set(candidates), key=lambda pair: (str(pair[0]), pair[1])):
        first_stratum.setdefault(child_id, stratum)  # a child is counted once, in one stratum
    by_stratum: dict[str, list[tuple[K, str]]] = defaultdict(list)
    for child_id, stratum in first_stratum.items():
        by_stratum[stratum].append((child_id, stratum))
    allocation = allocate({name: len(members) for name, members in by_stratum.items()}, size)
    generator = random.Random(seed)  # noqa: S311 - a reproducible sample, not a secret
    chosen: list[tuple[K, str]] = []
    for name in sorted(by_stratum):
        chosen.extend(generator.sample(by_stratum[name], allocation[name]))
    return chosen
