"""Drawing the sample: reproducible from its seed, proportional across strata, at least one from each."""

from __future__ import annotations

from collections import Counter
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from partnership.audits.sampling import allocate, draw_sample

CANDIDATES = [(f"child-{n:03}", ["No further action", "Early help", "Strategy discussion"][n % 3]) for n in range(90)]


def test_the_same_seed_draws_the_same_sample_whatever_the_order_of_the_candidates() -> None:
    first = draw_sample(CANDIDATES, 12, seed=20260401)
    again = draw_sample(list(reversed(CANDIDATES)), 12, seed=20260401)
    assert first == again
    assert len(first) == 12 and len(set(first)) == 12


def test_a_different_seed_usually_draws_a_different_sample() -> None:
    samples = {tuple(sorted(draw_sample(CANDIDATES, 12, seed=seed))) for seed in range(20)}
    assert len(samples) >= 19


def test_the_sample_is_spread_in_proportion_across_strata() -> None:
    candidates = [(f"a{n}", "Early help") for n in range(60)] + [(f"b{n}", "Assessment") for n in range(30)]
    candidates += [(f"c{n}", "Strategy discussion") for n in range(2)]
    counts = Counter(stratum for _, stratum in draw_sample(candidates, 10, seed=1))
    assert counts == {"Early help": 6, "Assessment": 3, "Strategy discussion": 1}


def test_a_child_counts_once_and_a_sample_bigger_than_the_frame_takes_everyone() -> None:
    candidates = [("x", "Early help"), ("x", "Assessment"), ("y", "Assessment")]
    assert sorted(draw_sample(candidates, 10, seed=3)) == [("x", "Assessment"), ("y", "Assessment")]
    assert draw_sample([], 5, seed=3) == []
    assert draw_sample(candidates, 0, seed=3) == []


def test_when_the_sample_is_smaller_than_the_strata_the_biggest_strata_are_drawn_from() -> None:
    assert allocate({"a": 10, "b": 5, "c": 1}, 2) == {"a": 1, "b": 1, "c": 0}


populations = st.dictionaries(st.sampled_from("ABCDEFGH"), st.integers(min_value=0, max_value=60), min_size=1)


@settings(max_examples=300, deadline=None)
@given(population=populations, size=st.integers(min_value=0, max_value=200))
def test_allocation_is_proportional_with_at_least_one_from_each_stratum(population: dict[str, int], size: int) -> None:
    allocation = allocate(population, size)
    non_empty = {name: count for name, count in population.items() if count > 0}
    total = sum(non_empty.values())
    wanted = min(size, total)
    assert sum(allocation.values()) == wanted
    assert set(allocation) == set(non_empty)
    for name, count in non_empty.items():
        assert 0 <= allocation[name] <= count
        if wanted >= len(non_empty):
            assert allocation[name] >= 1
    quotas = {name: Fraction(wanted * count, total) for name, count in non_empty.items()} if total else {}
    if all(quota >= 1 for quota in quotas.values()):
        # No stratum needed lifting to one: every share is its exact quota rounded down or up.
        for name, quota in quotas.items():
            assert abs(allocation[name] - quota) < 1
    for a, b in [(a, b) for a in non_empty for b in non_empty]:
        if non_empty[a] > non_empty[b]:
            assert allocation[a] >= allocation[b]


@settings(max_examples=100, deadline=None)
@given(
    strata=st.lists(st.integers(min_value=1, max_value=30), min_size=1, max_size=5),
    size=st.integers(min_value=1, max_value=60),
    seed=st.integers(min_value=0, max_value=2**31),
)
def test_a_drawn_sample_matches_its_allocation_and_repeats(strata: list[int], size: int, seed: int) -> None:
    candidates = [(f"{s}-{n}", f"stratum {s}") for s, count in enumerate(strata) for n in range(count)]
    drawn = draw_sample(candidates, size, seed)
    assert drawn == draw_sample(candidates[::-1], size, seed)
    expected = allocate({f"stratum {s}": count for s, count in enumerate(strata)}, size)
    assert Counter(stratum for _, stratum in drawn) == {k: v for k, v in expected.items() if v}
    assert all(child_id.split("-")[0] == stratum.split()[1] for child_id, stratum in drawn)
