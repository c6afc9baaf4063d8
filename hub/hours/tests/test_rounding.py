"""Rounding service time per organization (docs/domain.md §3 rule 2)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hub.hours.rounding import (
    EXACT,
    HALF_15_45,
    MAX_ERROR,
    POLICIES,
    QUARTER,
    round_hours,
    round_seconds,
)

SPAN = st.integers(min_value=-3600, max_value=30 * 3600)
POLICY = st.sampled_from(POLICIES)


def minutes(m: float) -> int:
    return int(m * 60)


@pytest.mark.parametrize(
    ("mins", "expected"),
    [
        (0, "0"),
        (15, "0"),
        (16, "0.5"),
        (44, "0.5"),
        (45, "1"),
        (59, "1"),
        (60, "1"),
        (75, "1"),
        (76, "1.5"),
        (8 * 60 + 40, "8.5"),
        (8 * 60 + 50, "9"),
    ],
)
def test_the_15_45_rule_rounds_each_remainder_as_the_regulation_says(
    mins: int, expected: str
) -> None:
    assert round_seconds(minutes(mins), HALF_15_45) == Decimal(expected)


@pytest.mark.parametrize(
    ("mins", "expected"),
    [(0, "0"), (7, "0"), (7.5, "0.25"), (8, "0.25"), (22, "0.25"), (23, "0.5"), (127, "2.0")],
)
def test_the_quarter_rule_rounds_to_the_nearest_quarter_hour(mins: float, expected: str) -> None:
    assert round_seconds(minutes(mins), QUARTER) == Decimal(expected)


def test_the_exact_rule_keeps_hundredths_of_an_hour() -> None:
    assert round_seconds(minutes(100), EXACT) == Decimal("1.67")
    assert round_seconds(18, EXACT) == Decimal("0.01")  # 0.005 h rounds half up


def test_an_unknown_policy_is_refused() -> None:
    with pytest.raises(ValueError, match="Unknown rounding policy"):
        round_seconds(60, "ceil")


def test_typed_hours_go_through_the_same_rule() -> None:
    assert round_hours(Decimal("8.4"), HALF_15_45) == Decimal("8.5")
    assert round_hours(Decimal("8.2"), HALF_15_45) == Decimal("8")
    assert round_hours(Decimal("1.13"), QUARTER) == Decimal("1.25")


@given(a=SPAN, b=SPAN, policy=POLICY)
def test_more_time_never_gives_fewer_hours(a: int, b: int, policy: str) -> None:
    low, high = sorted((a, b))
    assert round_seconds(low, policy) <= round_seconds(high, policy)


@given(seconds=SPAN, policy=POLICY)
def test_rounded_hours_are_never_negative(seconds: int, policy: str) -> None:
    assert round_seconds(seconds, policy) >= 0


@given(seconds=st.integers(min_value=0, max_value=30 * 3600), policy=POLICY)
def test_rounded_hours_stay_within_the_stated_bound_of_the_actual_time(
    seconds: int, policy: str
) -> None:
    actual = Decimal(seconds) / 3600
    assert abs(round_seconds(seconds, policy) - actual) <= MAX_ERROR[policy]


@given(seconds=st.integers(min_value=0, max_value=30 * 3600))
def test_the_15_45_rule_never_adds_more_than_a_quarter_hour(seconds: int) -> None:
    # The brief claimed "+0.5 h at most"; the true bound is +0.25 h (e.g. 16 min → 0.5 h).
    assert round_seconds(seconds, HALF_15_45) - Decimal(seconds) / 3600 <= Decimal("0.25")


def test_the_quarter_hour_bound_of_the_15_45_rule_is_reached() -> None:
    # 45 min → 1 h: exactly 0.25 h more than served; 15 min → 0: exactly 0.25 h less.
    assert round_seconds(minutes(45), HALF_15_45) - Decimal("0.75") == Decimal("0.25")
    assert Decimal("0.25") - round_seconds(minutes(15), HALF_15_45) == Decimal("0.25")
