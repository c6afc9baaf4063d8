from engines.roster import Weights, solve
from engines.roster.tests.cast import QUICK, people, problem, shift


def test_short_shift_is_named_understaffed_with_its_amount():
    p = problem(people(1), [shift(0, demand=3)])
    result = solve(p, QUICK)
    assert result.status == "optimal"
    penalty = result.penalty("understaffed:shift=gate-d0-h00")
    assert penalty is not None
    assert (penalty.amount, penalty.weight, penalty.cost) == (2, 100, 200)
    assert result.objective == 200


def test_objective_equals_the_sum_of_named_penalties_and_the_solver_objective():
    shifts = [shift(d, demand=2) for d in range(3)] + [shift(0, 480, demand=0)]
    result = solve(problem(people(1), shifts), QUICK)
    assert result.objective == sum(p.cost for p in result.penalties)
    assert result.objective == result.stats["solver_objective"]
    assert result.bound == result.objective


def test_overstaffing_costs_its_weight_when_a_minimum_forces_it():
    s = shift(0, demand=1, min_staff=2)
    p = problem(people(2), [s], weights=Weights(overstaffed=5))
    result = solve(p, QUICK)
    assert result.people_on(s.id) == ["P0", "P1"]
    assert result.penalty(f"overstaffed:shift={s.id}").cost == 5


def test_every_unfilled_place_names_the_rule_and_the_people_involved():
    shifts = [shift(0, demand=1), shift(0, 240, post="store", demand=1)]
    result = solve(problem(people(1), shifts), QUICK)
    assert len(result.unfilled) == 1
    text = result.unfilled[0].describe()
    assert text.startswith("understaffed: shift")
    assert "P0: overlap or rest: P0 works" in text
