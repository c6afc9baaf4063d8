from engines.roster import Person, Rules, solve
from engines.roster.tests.cast import MORNING, NIGHT, QUICK, problem, shift


def test_minimum_rest_keeps_a_night_worker_off_the_next_morning():
    night, morning = shift(0, NIGHT, demand=1), shift(1, MORNING, demand=1)
    p = problem([Person("A")], [night, morning], rules=Rules(min_rest_minutes=11 * 60))
    result = solve(p, QUICK)
    assert len(result.assignments) == 1
    assert "overlap or rest: A works" in result.unfilled[0].describe()


def test_without_rest_rule_the_same_person_works_night_then_morning():
    night, morning = shift(0, NIGHT, demand=1), shift(1, MORNING, demand=1)
    result = solve(problem([Person("A")], [night, morning]), QUICK)
    assert len(result.assignments) == 2


def test_weekly_hours_limit_caps_the_shifts_of_a_week():
    shifts = [shift(d, demand=1) for d in range(7)]
    crew = [Person("A", max_minutes_per_week=3 * 480)]
    result = solve(problem(crew, shifts), QUICK)
    assert len(result.shifts_of("A")) == 3


def test_max_consecutive_days_breaks_a_long_run():
    shifts = [shift(d, demand=1) for d in range(7)]
    result = solve(problem([Person("A", max_consecutive_days=3)], shifts), QUICK)
    days = sorted(int(s.split("-d")[1].split("-")[0]) for s in result.shifts_of("A"))
    assert days == [0, 1, 2, 4, 5, 6]


def test_min_days_off_applies_inside_the_horizon_but_not_at_its_edges():
    # Working days 0 and 2 would leave a one-day break inside the horizon: forbidden.
    shifts = [shift(0, demand=1), shift(2, demand=1)]
    p = problem([Person("A", min_consecutive_days_off=2)], shifts, days=3)
    assert len(solve(p, QUICK).assignments) == 1
    # A single day off at the start or end of the horizon is allowed.
    edge = problem([Person("A", min_consecutive_days_off=2)], [shift(1, demand=1)], days=3)
    assert len(solve(edge, QUICK).assignments) == 1


def test_forbidden_succession_is_kept_across_midnight():
    late, early = shift(0, NIGHT, demand=1), shift(1, MORNING, demand=1)
    p = problem([Person("A")], [late, early], rules=Rules(forbidden_successions={("N", "M")}))
    assert len(solve(p, QUICK).assignments) == 1


def test_weekend_limit_counts_either_day_as_a_worked_weekend():
    shifts = [shift(d, demand=1) for d in (5, 6, 12, 13)]
    p = problem([Person("A", max_weekends=1)], shifts, days=14)
    days = {s.split("-")[1] for s in solve(p, QUICK).shifts_of("A")}
    assert days in ({"d5", "d6"}, {"d12", "d13"})
