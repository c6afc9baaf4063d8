from engines.roster import Person, Rules, SolveParams, StopParams, StrategyParams, repair, solve
from engines.roster.check import hard_violations
from engines.roster.repair import repair_problem
from engines.roster.tests.cast import MORNING, NIGHT, QUICK, problem, shift

REPAIR = SolveParams(
    StopParams(time_limit_s=10, deterministic_time_limit=5.0), StrategyParams(workers=1)
)


def published_week():
    shifts = [
        shift(d, h, post=p, demand=1) for d in range(5) for h in (MORNING, NIGHT) for p in "ab"
    ]
    crew = [
        Person(f"P{i}", compound="North" if i < 3 else "South", max_minutes_per_week=3 * 480)
        for i in range(10)
    ]
    p = problem(crew, shifts, days=5, rules=Rules(min_rest_minutes=11 * 60))
    return p, solve(p, QUICK)


def test_dropping_one_person_changes_only_their_places_plus_refills():
    p, published = published_week()
    ill = published.assignments[0][0]
    lost = len(published.shifts_of(ill))
    result = repair(p, published.assignments, dropped=[ill], params=REPAIR)
    assert result.objective == 10 * lost  # one refill per lost place, no uncovered place
    assert result.stats["places_lost"] == lost
    assert result.stats["changes"] == lost
    assert ill not in {person for person, _ in result.assignments}


def test_sealing_a_compound_moves_its_residents_and_names_every_change():
    p, published = published_week()
    result = repair(p, published.assignments, sealed=["North"], params=REPAIR)
    fixed = repair_problem(p, published.assignments, sealed=["North"])
    assert hard_violations(fixed, result.assignments) == []
    moved = {
        (pen.subjects[0][1], pen.subjects[1][1])
        for pen in result.penalties
        if pen.rule == "changed"
    }
    assert moved == set(published.assignments) ^ set(result.assignments)
    assert all(not person.startswith(("P0", "P1", "P2")) for person, _ in result.assignments)
