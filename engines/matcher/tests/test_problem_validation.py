import pytest

from engines.matcher import Need, Problem, ProblemError, Volunteer
from engines.matcher.tests.cast import BUILDINGS


def test_an_unknown_building_is_refused_with_its_name():
    with pytest.raises(ProblemError, match="need n: unknown building 'Z9'"):
        Problem(BUILDINGS, (), (Need("n", "Z9"),))


def test_duplicate_volunteers_are_refused():
    with pytest.raises(ProblemError, match="volunteer ids must be unique"):
        Problem(BUILDINGS, (Volunteer("a", "A1"), Volunteer("a", "A2")), ())


def test_a_negative_capacity_and_a_bad_mode_are_refused():
    with pytest.raises(ProblemError, match="capacity must be ≥ 0"):
        Volunteer("a", "A1", capacity=-1)
    with pytest.raises(ProblemError, match="mode must be visit or call"):
        Need("n", "A1", mode="fly")  # type: ignore[arg-type]
