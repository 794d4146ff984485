"""The pure rules of the children's records: identifiers, London calendar windows, flags, unborn children, scores.

Nothing here touches the database.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partnership.children import rules
from partnership.children.rules import Occurrence
from partnership.core.clocks import add_months

INCIDENT = "domestic_abuse_incident"
MARAC = "marac"


def utc(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def incident(event_id: str, when: datetime) -> Occurrence:
    return Occurrence(event_id, INCIDENT, when)


def marac(event_id: str, when: datetime) -> Occurrence:
    return Occurrence(event_id, MARAC, when)


def nhs_check_digit(first_nine: str) -> int:
    """The modulus 11 check digit of nine digits, worked out here independently of the product: 10 means none."""
    total = sum(int(digit) * (10 - position) for position, digit in enumerate(first_nine))
    remainder = 11 - total % 11
    return 0 if remainder == 11 else remainder


# --- NHS number ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "first_nine",
    [
        "943476591",  # 9434765919, the NHS's own example: weighted sum 299, 299 % 11 = 2, 11 - 2 = 9
        "401023213",  # 4010232137
        "123456788",  # 1234567881
        "450557710",  # 4505577104
        "100000006",  # weighted sum 22, remainder 0, so 11 becomes a check digit of 0
    ],
)
def test_nhs_numbers_that_pass_the_modulus_11_check_are_valid(first_nine: str) -> None:
    digit = nhs_check_digit(first_nine)
    assert digit != 10
    assert rules.nhs_number_is_valid(first_nine + str(digit))


def test_the_worked_examples_have_the_check_digits_computed_by_hand() -> None:
    assert nhs_check_digit("943476591") == 9
    assert nhs_check_digit("100000006") == 0
    assert rules.nhs_number_is_valid("9434765919")
    assert rules.nhs_number_is_valid("1000000060")


@pytest.mark.parametrize("value", ["9434765918", "9434765910", "4010232131", "1234567880", "1000000061"])
def test_a_wrong_check_digit_is_invalid(value: str) -> None:
    assert not rules.nhs_number_is_valid(value)


@pytest.mark.parametrize("first_nine", ["123456789", "100000001"])
def test_a_check_digit_of_10_is_never_valid_whatever_the_last_digit(first_nine: str) -> None:
    assert nhs_check_digit(first_nine) == 10
    for last in "0123456789":
        assert not rules.nhs_number_is_valid(first_nine + last)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "943476591",
        "94347659190",
        "943476591X",
        "943-476-59",
        "943 476 5919",
        "94347 6591",
        "abcdefghij",
        " 943476591",
        "+943476591",
        "-943476591",
    ],
)
def test_wrong_lengths_and_non_digits_are_invalid(value: str) -> None:
    assert not rules.nhs_number_is_valid(value)


@pytest.mark.parametrize(
    "value",
    [
        "943476591²",  # a superscript two: str.isdigit() says yes, int() refuses it
        "９４３４７６５９１９",  # 9434765919 typed in full-width digits
        "٩٤٣٤٧٦٥٩١٩",  # 9434765919 in Arabic-Indic digits
    ],
)
def test_digits_that_are_not_ascii_are_invalid_and_never_crash(value: str) -> None:
    assert rules.nhs_number_is_valid(value) is False


def test_the_spaces_people_type_are_taken_out_before_the_check() -> None:
    assert rules.normalised_nhs_number(" 943 476 5919 ") == "9434765919"
    assert rules.nhs_number_is_valid(rules.normalised_nhs_number("943 476 5919"))


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_every_nine_digits_with_their_check_digit_are_valid_and_no_other_last_digit_is(first_nine: str) -> None:
    digit = nhs_check_digit(first_nine)
    for last in range(10):
        assert rules.nhs_number_is_valid(f"{first_nine}{last}") == (last == digit)


# --- windows of months ---------------------------------------------------------------------------------------


def test_a_window_from_29_february_ends_on_28_february_the_next_year() -> None:
    start = date(2024, 2, 29)
    assert rules.within_months(start, date(2025, 2, 28), 12)
    assert not rules.within_months(start, date(2025, 3, 1), 12)


def test_a_window_from_28_february_before_a_leap_year_ends_on_28_february() -> None:
    start = date(2023, 2, 28)
    assert rules.within_months(start, date(2024, 2, 28), 12)
    assert not rules.within_months(start, date(2024, 2, 29), 12)


def test_a_window_includes_both_ends_and_nothing_before_the_start() -> None:
    start = date(2024, 5, 10)
    assert rules.within_months(start, start, 12)
    assert rules.within_months(start, date(2025, 5, 10), 12)
    assert not rules.within_months(start, date(2025, 5, 11), 12)
    assert not rules.within_months(start, date(2024, 5, 9), 12)


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)), st.integers(min_value=0, max_value=36))
def test_the_last_day_of_a_window_is_inside_it_and_the_next_day_is_not(start: date, months: int) -> None:
    end = add_months(start, months)
    assert rules.within_months(start, end, months)
    assert not rules.within_months(start, end + timedelta(days=1), months)


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)))
def test_twelve_months_on_is_always_within_twelve_months(day: date) -> None:
    assert rules.within_months(day, add_months(day, 12), 12)


# --- escalation ----------------------------------------------------------------------------------------------


def test_three_incidents_within_12_months_flag_escalation_with_exactly_those_events() -> None:
    events = [
        incident("a", utc(2024, 1, 10)),
        incident("b", utc(2024, 6, 1)),
        Occurrence("not-an-incident", "contact", utc(2024, 7, 1)),
        incident("c", utc(2024, 12, 20)),
    ]
    flag = rules.escalation_flag(events)
    assert flag is not None
    assert flag.code == "escalation"
    assert flag.event_ids == ("a", "b", "c")
    assert "3 domestic abuse incidents within 12 months" in flag.title


def test_the_flag_names_only_the_incidents_inside_the_window() -> None:
    events = [
        incident("old", utc(2022, 3, 1)),
        incident("a", utc(2024, 1, 10)),
        incident("b", utc(2024, 6, 1)),
        incident("c", utc(2024, 12, 20)),
    ]
    flag = rules.escalation_flag(events)
    assert flag is not None
    assert set(flag.event_ids) == {"a", "b", "c"}


def test_the_order_the_events_come_in_does_not_matter() -> None:
    events = [incident("c", utc(2024, 12, 20)), incident("a", utc(2024, 1, 10)), incident("b", utc(2024, 6, 1))]
    flag = rules.escalation_flag(events)
    assert flag is not None
    assert set(flag.event_ids) == {"a", "b", "c"}


def test_two_incidents_do_not_flag_escalation() -> None:
    assert rules.escalation_flag([incident("a", utc(2024, 1, 10)), incident("b", utc(2024, 2, 10))]) is None
    assert rules.escalation_flag([]) is None


def test_three_incidents_spread_over_13_months_do_not_flag_escalation() -> None:
    events = [incident("a", utc(2024, 1, 10)), incident("b", utc(2024, 7, 1)), incident("c", utc(2025, 2, 10))]
    assert rules.escalation_flag(events) is None


def test_maracs_and_other_events_are_not_counted_as_incidents() -> None:
    events = [
        incident("a", utc(2024, 1, 10)),
        incident("b", utc(2024, 2, 10)),
        marac("m", utc(2024, 3, 10)),
        Occurrence("o", "other", utc(2024, 4, 10)),
    ]
    assert rules.escalation_flag(events) is None


def test_an_incident_late_on_a_summer_evening_counts_on_the_next_day_in_london() -> None:
    # 2024-06-30T23:30Z is 00:30 BST on 1 July 2024 in London: the window runs to 1 July 2025 inclusive.
    # On the UTC day (30 June 2024) it would have ended on 30 June 2025, leaving the third incident outside.
    events = [
        incident("a", datetime(2024, 6, 30, 23, 30, tzinfo=UTC)),
        incident("b", utc(2024, 12, 1)),
        incident("c", datetime(2025, 7, 1, 10, 0, tzinfo=UTC)),
    ]
    assert not rules.within_months(date(2024, 6, 30), date(2025, 7, 1), 12)
    flag = rules.escalation_flag(events)
    assert flag is not None
    assert flag.event_ids == ("a", "b", "c")


def test_an_incident_late_on_a_summer_evening_can_fall_outside_the_window_on_the_london_day() -> None:
    # 2025-07-01T23:30Z is 00:30 BST on 2 July 2025 in London, one day past the window from 1 July 2024.
    # On the UTC day (1 July 2025) it would have been inside.
    events = [
        incident("a", datetime(2024, 7, 1, 10, 0, tzinfo=UTC)),
        incident("b", utc(2024, 12, 1)),
        incident("c", datetime(2025, 7, 1, 23, 30, tzinfo=UTC)),
    ]
    assert rules.within_months(date(2024, 7, 1), date(2025, 7, 1), 12)
    assert rules.escalation_flag(events) is None


def test_late_evening_in_winter_is_the_same_day_in_london_as_in_utc() -> None:
    # 2024-03-30T00:30Z and 2025-03-29T23:30Z are both on GMT (BST starts on 31 March 2024 and 30 March 2025),
    # so the London days are 30 March 2024 and 29 March 2025: inside the window.
    events = [
        incident("a", datetime(2024, 3, 30, 0, 30, tzinfo=UTC)),
        incident("b", utc(2024, 9, 1)),
        incident("c", datetime(2025, 3, 29, 23, 30, tzinfo=UTC)),
    ]
    flag = rules.escalation_flag(events)
    assert flag is not None
    assert flag.event_ids == ("a", "b", "c")


def test_the_window_across_the_spring_clock_change_is_decided_on_the_london_day() -> None:
    # 2024-03-30T23:30Z is still GMT (30 March 2024); 2025-03-30T23:30Z is BST, so 31 March 2025 in London:
    # a day past the window that ends on 30 March 2025, although the UTC days are exactly 12 months apart.
    events = [
        incident("a", datetime(2024, 3, 30, 23, 30, tzinfo=UTC)),
        incident("b", utc(2024, 9, 1)),
        incident("c", datetime(2025, 3, 30, 23, 30, tzinfo=UTC)),
    ]
    assert rules.escalation_flag(events) is None


def test_an_instant_without_a_time_zone_is_refused() -> None:
    with pytest.raises(ValueError):
        rules.escalation_flag([incident("a", datetime(2024, 1, 1, 12, 0))])


# --- repeat after MARAC --------------------------------------------------------------------------------------


def test_an_incident_11_months_after_a_marac_is_a_repeat() -> None:
    events = [marac("m", utc(2024, 1, 15)), incident("i", utc(2024, 12, 15))]
    flag = rules.repeat_after_marac_flag(events)
    assert flag is not None
    assert flag.code == "repeat_after_marac"
    assert flag.event_ids == ("m", "i")


def test_an_incident_13_months_after_a_marac_is_not_a_repeat() -> None:
    assert rules.repeat_after_marac_flag([marac("m", utc(2024, 1, 15)), incident("i", utc(2025, 2, 15))]) is None


def test_an_incident_before_the_marac_is_not_a_repeat() -> None:
    assert rules.repeat_after_marac_flag([incident("i", utc(2023, 12, 1)), marac("m", utc(2024, 1, 15))]) is None


def test_no_marac_means_no_repeat() -> None:
    assert rules.repeat_after_marac_flag([incident("i", utc(2024, 1, 1)), incident("j", utc(2024, 2, 1))]) is None


def test_the_repeat_window_is_on_the_london_day() -> None:
    # The MARAC on 1 July 2024 (London) at 23:30Z on 30 June; the incident 1 July 2025: inside on the London day.
    events = [marac("m", datetime(2024, 6, 30, 23, 30, tzinfo=UTC)), incident("i", utc(2025, 7, 1))]
    flag = rules.repeat_after_marac_flag(events)
    assert flag is not None
    assert flag.event_ids == ("m", "i")


# --- unborn child with a person causing harm -----------------------------------------------------------------


def test_an_unborn_child_in_a_household_with_a_person_causing_harm_is_flagged() -> None:
    flag = rules.unborn_with_harm_flag(is_unborn=True, people_causing_harm=["Sam Stone"])
    assert flag is not None
    assert flag.code == "unborn_with_harm"
    assert "Sam Stone" in flag.detail


def test_no_unborn_flag_for_a_born_child_or_a_household_without_a_person_causing_harm() -> None:
    assert rules.unborn_with_harm_flag(is_unborn=False, people_causing_harm=["Sam Stone"]) is None
    assert rules.unborn_with_harm_flag(is_unborn=True, people_causing_harm=[]) is None


# --- no voice ------------------------------------------------------------------------------------------------

TODAY = date(2025, 6, 15)


def test_open_for_4_months_with_no_voice_is_flagged() -> None:
    flag = rules.no_voice_flag(open_since=date(2025, 2, 15), latest_voice_on=None, today=TODAY)
    assert flag is not None
    assert flag.code == "no_voice"
    assert "never recorded" in flag.detail


def test_open_for_4_months_with_only_an_old_voice_is_flagged() -> None:
    flag = rules.no_voice_flag(open_since=date(2025, 1, 1), latest_voice_on=date(2025, 2, 1), today=TODAY)
    assert flag is not None
    assert "1 February 2025" in flag.detail


def test_a_voice_2_months_ago_means_no_flag() -> None:
    assert rules.no_voice_flag(open_since=date(2025, 2, 15), latest_voice_on=date(2025, 4, 15), today=TODAY) is None


def test_open_for_only_1_month_means_no_flag() -> None:
    assert rules.no_voice_flag(open_since=date(2025, 5, 15), latest_voice_on=None, today=TODAY) is None


def test_a_closed_child_is_not_flagged() -> None:
    assert rules.no_voice_flag(open_since=None, latest_voice_on=None, today=TODAY) is None


def test_the_no_voice_edges_are_exactly_the_configured_months() -> None:
    window_start = date(2025, 3, 15)
    assert rules.no_voice_flag(open_since=window_start, latest_voice_on=None, today=TODAY) is not None
    assert rules.no_voice_flag(open_since=date(2025, 3, 16), latest_voice_on=None, today=TODAY) is None
    assert rules.no_voice_flag(open_since=date(2025, 1, 1), latest_voice_on=window_start, today=TODAY) is None
    assert rules.no_voice_flag(open_since=date(2025, 1, 1), latest_voice_on=date(2025, 3, 14), today=TODAY)
    assert rules.no_voice_flag(open_since=date(2025, 4, 1), latest_voice_on=None, today=TODAY, months=2) is not None


# --- agreements ----------------------------------------------------------------------------------------------


def test_an_agreement_with_every_commitment_on_the_adult_victim_is_flagged() -> None:
    flag = rules.agreement_burden_flag(["adult_victim", "adult_victim"])
    assert flag is not None
    assert flag.code == "agreement_burden"


@pytest.mark.parametrize(
    "responsible", [[], ["adult_victim", "person_causing_harm"], ["agency"], ["adult_victim", "agency"]]
)
def test_an_agreement_that_shares_the_commitments_or_has_none_is_not_flagged(responsible: list[str]) -> None:
    assert rules.agreement_burden_flag(responsible) is None


# --- unborn timeline -----------------------------------------------------------------------------------------

EXPECTED = date(2025, 10, 1)  # 40 weeks from 25 December 2024


def timeline(today: date, *, referred: bool = False, conference_held: bool = False) -> rules.UnbornTimeline:
    return rules.unborn_timeline(
        expected=EXPECTED,
        today=today,
        referral_weeks=16,
        conference_weeks=30,
        referred=referred,
        conference_held=conference_held,
    )


def test_gestation_is_counted_back_from_the_expected_date_of_birth() -> None:
    result = timeline(date(2025, 5, 17))
    assert (result.gestation_weeks, result.gestation_days) == (20, 3)
    assert timeline(date(2024, 12, 25)).gestation_weeks == 0
    assert timeline(EXPECTED).gestation_weeks == 40


def test_gestation_before_the_pregnancy_is_zero_not_negative() -> None:
    result = timeline(date(2024, 12, 1))
    assert (result.gestation_weeks, result.gestation_days) == (0, 0)


def test_referral_is_due_by_16_weeks_and_conference_by_the_configured_week() -> None:
    result = timeline(date(2025, 3, 1))
    assert result.referral_by == date(2025, 4, 16)
    assert result.conference_by == date(2025, 7, 23)
    other = rules.unborn_timeline(
        expected=EXPECTED,
        today=date(2025, 3, 1),
        referral_weeks=16,
        conference_weeks=28,
        referred=False,
        conference_held=False,
    )
    assert other.conference_by == date(2025, 7, 9)


def test_the_referral_is_overdue_only_after_the_deadline_and_only_when_not_referred() -> None:
    assert not timeline(date(2025, 4, 16)).referral_overdue
    assert timeline(date(2025, 4, 17)).referral_overdue
    assert not timeline(date(2025, 4, 17), referred=True).referral_overdue


def test_the_conference_is_overdue_only_after_the_deadline_and_only_when_not_held() -> None:
    assert not timeline(date(2025, 7, 23)).conference_overdue
    assert timeline(date(2025, 7, 24)).conference_overdue
    assert not timeline(date(2025, 7, 24), conference_held=True).conference_overdue
    assert not timeline(date(2025, 3, 1)).conference_overdue


# --- risk scoring --------------------------------------------------------------------------------------------

BANDS = [[0, "standard"], [10, "medium"], [14, "high"]]


@pytest.mark.parametrize(
    ("score", "level"),
    [(0, "standard"), (9, "standard"), (10, "medium"), (13, "medium"), (14, "high"), (24, "high")],
)
def test_the_level_of_a_score_follows_the_bands(score: int, level: str) -> None:
    assert rules.level_for_score(score, BANDS) == level


def test_the_bands_may_come_in_any_order() -> None:
    assert rules.level_for_score(13, [[14, "high"], [0, "standard"], [10, "medium"]]) == "medium"


def test_bands_that_do_not_cover_the_score_are_refused() -> None:
    with pytest.raises(ValueError):
        rules.level_for_score(-1, BANDS)
    with pytest.raises(ValueError):
        rules.level_for_score(3, [])


@pytest.mark.parametrize(
    ("score_level", "judgement", "final"),
    [
        ("standard", "", "standard"),
        ("standard", "high", "high"),
        ("medium", "standard", "medium"),
        ("high", "standard", "high"),
        ("high", "medium", "high"),
        ("medium", "high", "high"),
    ],
)
def test_judgement_raises_the_level_and_never_lowers_it(score_level: str, judgement: str, final: str) -> None:
    assert rules.final_level(score_level, judgement) == final


@given(st.sampled_from(rules.LEVELS), st.sampled_from(["", *rules.LEVELS]))
def test_the_final_level_is_never_below_the_score_level_nor_the_judgement(score_level: str, judgement: str) -> None:
    final = rules.final_level(score_level, judgement)
    assert rules.LEVELS.index(final) >= rules.LEVELS.index(score_level)
    if judgement:
        assert rules.LEVELS.index(final) >= rules.LEVELS.index(judgement)
        assert final in {score_level, judgement}
    else:
        assert final == score_level


def criteria(score: str = "standard", judgement: str = "", incidents: int = 0, repeat: bool = False) -> list[str]:
    return rules.marac_criteria(
        score_level=score,
        judgement_level=judgement,
        incidents_last_12_months=incidents,
        incident_within_12_months_of_marac=repeat,
    )


def test_marac_criteria_none_met() -> None:
    assert criteria() == []
    assert criteria("medium", "medium", 2) == []


def test_marac_criteria_visible_high_risk_from_the_score() -> None:
    assert criteria("high") == ["visible_high_risk"]


def test_marac_criteria_professional_judgement_only_when_the_score_is_not_already_high() -> None:
    assert criteria("medium", "high") == ["professional_judgement"]
    assert criteria("high", "high") == ["visible_high_risk"]
    assert criteria("standard", "medium") == []


def test_marac_criteria_escalation_from_three_incidents() -> None:
    assert criteria(incidents=2) == []
    assert criteria(incidents=3) == ["escalation"]
    assert criteria(incidents=5) == ["escalation"]


def test_marac_criteria_repeat() -> None:
    assert criteria(repeat=True) == ["repeat"]


def test_marac_criteria_all_at_once() -> None:
    assert criteria("standard", "high", 4, True) == ["professional_judgement", "escalation", "repeat"]
    assert criteria("high", "", 3, True) == ["visible_high_risk", "escalation", "repeat"]
    assert all(code in rules.MARAC_CRITERIA_LABELS for code in criteria("high", "high", 3, True))


def test_a_pattern_that_ended_more_than_a_year_ago_no_longer_flags() -> None:
    old = [
        Occurrence(n, "domestic_abuse_incident", datetime(2020, month, 1, 12, tzinfo=UTC))
        for n, month in enumerate((1, 3, 5))
    ]
    assert rules.escalation_flag(old) is not None
    assert rules.escalation_flag(old, today=date(2020, 12, 1)) is not None
    assert rules.escalation_flag(old, today=date(2021, 2, 1)) is None  # January's incident has dropped out
    after_marac = [Occurrence("m", "marac", datetime(2020, 1, 1, 12, tzinfo=UTC)), old[1]]
    assert rules.repeat_after_marac_flag(after_marac, today=date(2020, 6, 1)) is not None
    assert rules.repeat_after_marac_flag(after_marac, today=date(2021, 6, 1)) is None
