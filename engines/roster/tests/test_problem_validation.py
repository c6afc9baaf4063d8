import pytest

from engines.roster import Person, Preference, ProblemError
from engines.roster.tests.cast import people, problem, shift


def test_duplicate_person_id_is_refused_with_its_name():
    with pytest.raises(ProblemError, match="duplicate person id 'P0'"):
        problem([Person("P0"), Person("P0")], [shift(0)])


def test_shift_outside_the_horizon_is_refused():
    with pytest.raises(ProblemError, match="day 9 lies outside the horizon"):
        problem(people(1), [shift(9)], days=7)


def test_preference_for_unknown_shift_is_refused():
    prefs = [Preference("P0", 1, True, shift="nowhere")]
    with pytest.raises(ProblemError, match="unknown shift 'nowhere'"):
        problem(people(1), [shift(0)], preferences=prefs)


def test_locked_assignment_breaking_a_skill_rule_is_refused():
    s = shift(0, required_skills={"driver"})
    with pytest.raises(ProblemError, match=r"locked assignment \(P0, .*\) breaks skills"):
        problem(people(1), [s], locked={("P0", s.id)})


def test_min_above_max_total_minutes_is_refused():
    with pytest.raises(ProblemError, match="min_total_minutes exceeds max_total_minutes"):
        problem([Person("P0", min_total_minutes=600, max_total_minutes=60)], [shift(0)])
