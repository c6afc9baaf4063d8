from bench.matcher.generate import generate
from bench.matcher.run import check
from engines.matcher import solve


def test_the_generator_is_deterministic_and_sized_as_asked():
    first, second = (
        generate(seed=7, residents=300, in_need=30, volunteers=15),
        generate(seed=7, residents=300, in_need=30, volunteers=15),
    )
    assert first == second
    assert len(first.needs) == 30 and len(first.volunteers) == 15


def test_the_checker_finds_no_violation_in_a_proposal_and_counts_an_overload():
    problem = generate(seed=3, residents=200, in_need=20, volunteers=10)
    result = solve(problem)
    assert check(problem, result) == 0
    tight = type(problem)(
        problem.buildings,
        tuple(type(v)(v.id, v.building, v.skills, 0) for v in problem.volunteers),
        problem.needs,
        problem.sealed_buildings,
    )
    assert check(tight, result) == sum(
        1 for v in problem.volunteers if any(p.volunteer == v.id for p in result.pairings)
    )
