from engines.roster import (
    Person,
    Preference,
    SolveParams,
    Status,
    StopParams,
    StrategyParams,
    solve,
    solve_greedy,
)
from engines.roster.check import hard_violations
from engines.roster.tests.cast import MORNING, NIGHT, problem, shift


def week():
    shifts = [
        shift(d, h, post=p, demand=2) for d in range(7) for h in (MORNING, NIGHT) for p in "ab"
    ]
    crew = [Person(f"P{i}", max_minutes_per_week=4 * 480, max_consecutive_days=3) for i in range(8)]
    return problem(crew, shifts, preferences=[Preference("P1", 4, False, day=2)])


def test_greedy_roster_keeps_every_hard_rule_and_is_scored_like_the_solver():
    result = solve_greedy(week())
    assert result.status == "greedy_fallback"
    assert hard_violations(week(), result.assignments) == []
    assert result.objective == sum(p.cost for p in result.penalties)
    assert result.bound is None


def test_solver_is_never_worse_than_its_greedy_hint():
    greedy = solve_greedy(week())
    cp = solve(
        week(),
        SolveParams(
            StopParams(time_limit_s=5, deterministic_time_limit=2.0), StrategyParams(workers=1)
        ),
    )
    assert cp.objective <= greedy.objective


def test_time_limit_with_no_roster_falls_back_to_greedy():
    tiny_limit = SolveParams(
        StopParams(time_limit_s=0.0), StrategyParams(workers=1, greedy_hint=False)
    )
    result = solve(week(), tiny_limit)
    assert result.status in (Status.GREEDY_FALLBACK, Status.FEASIBLE, Status.OPTIMAL)
    assert hard_violations(week(), result.assignments) == []


def test_the_status_is_typed_and_reads_as_its_stable_code():
    result = solve_greedy(week())
    assert isinstance(result.status, Status)
    assert result.status == "greedy_fallback" and str(result.status) == "greedy_fallback"


def test_greedy_reports_the_hard_rules_it_could_not_keep():
    crew = [Person("A", min_total_minutes=3 * 480)]
    result = solve_greedy(problem(crew, [shift(0, demand=1)]))
    assert result.status == "no_solution"
    assert result.stats["hard_violations"] == ["min total minutes: A works 480 < 1440"]
