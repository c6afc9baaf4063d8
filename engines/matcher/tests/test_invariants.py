"""Hypothesis: on random instances both methods keep every hard rule, greedy never beats the
optimum, and the same problem always gives the same answer."""

from hypothesis import given, settings
from hypothesis import strategies as st

from engines.matcher import MatchParams, Need, Problem, Volunteer, solve
from engines.matcher.problem import Building
from engines.matcher.solver import _refusal

BUILDINGS = tuple(Building(f"{c}{i}", c, 60.0 * i, 0) for c in "AB" for i in range(4))
IDS = [b.id for b in BUILDINGS]
SKILLS = ["medical", "shanghainese", "elderly_care"]


@st.composite
def instances(draw):  # type: ignore[no-untyped-def]
    vols = [
        Volunteer(
            f"v{i}",
            draw(st.sampled_from([*IDS, None])),
            frozenset(draw(st.sets(st.sampled_from(SKILLS)))),
            draw(st.integers(0, 3)),
        )
        for i in range(draw(st.integers(0, 8)))
    ]
    needs = [
        Need(
            f"n{i}",
            draw(st.sampled_from(IDS)),
            draw(st.sampled_from(["visit", "call"])),
            draw(st.integers(1, 3)),
            frozenset(draw(st.sets(st.sampled_from(SKILLS[:1])))),
            draw(st.sampled_from([None, "shanghainese"])),
            draw(st.integers(1, 3)),
        )
        for i in range(draw(st.integers(0, 10)))
    ]
    sealed = frozenset(draw(st.sets(st.sampled_from(IDS))))
    return Problem(BUILDINGS, tuple(vols), tuple(needs), sealed_buildings=sealed)


def _check(problem: Problem, result) -> None:  # type: ignore[no-untyped-def]
    vols = {v.id: v for v in problem.volunteers}
    needs = {n.id: n for n in problem.needs}
    load: dict[str, int] = {}
    seen: set[tuple[str, str]] = set()
    for p in result.pairings:
        assert (p.need, p.volunteer) not in seen
        seen.add((p.need, p.volunteer))
        load[p.volunteer] = load.get(p.volunteer, 0) + 1
        assert _refusal(problem, needs[p.need], vols[p.volunteer]) is None
    for vid, taken in load.items():
        assert taken <= vols[vid].capacity
    filled = {n: len(result.volunteers_of(n)) for n in needs}
    unfilled = {u.need: u.slots for u in result.unmatched}
    for nid, need in needs.items():
        assert filled[nid] + unfilled.get(nid, 0) == need.slots


@settings(max_examples=150, deadline=None)
@given(instances())
def test_both_methods_keep_every_hard_rule_and_greedy_never_beats_the_optimum(problem):
    greedy = solve(problem)
    optimal = solve(problem, MatchParams(method="optimal"))
    _check(problem, greedy)
    _check(problem, optimal)
    assert optimal.total_cost <= greedy.total_cost


@settings(max_examples=50, deadline=None)
@given(instances())
def test_the_same_problem_gives_the_same_pairings(problem):
    for params in (MatchParams(), MatchParams(method="optimal")):
        first, second = solve(problem, params), solve(problem, params)
        assert first.pairings == second.pairings
        assert first.unmatched == second.unmatched
