from engines.roster import Person, Preference, solve
from engines.roster.tests.cast import QUICK, problem, shift


def busy_week():
    shifts = [shift(d, h * 60, post=p, demand=2) for d in range(7) for h in (0, 8) for p in "ab"]
    crew = [Person(f"P{i}", max_minutes_per_week=5 * 480, max_consecutive_days=4) for i in range(9)]
    prefs = [Preference(f"P{i}", 1 + i % 3, i % 2 == 0, day=i % 7) for i in range(9)]
    return problem(crew, shifts, preferences=prefs)


def test_same_params_give_the_same_assignments():
    first, second = solve(busy_week(), QUICK), solve(busy_week(), QUICK)
    assert first.assignments == second.assignments
    assert first.objective == second.objective
