from engines.matcher import MatchParams, Need, Volunteer, solve
from engines.matcher.tests.cast import problem

OPTIMAL = MatchParams(method="optimal")


def test_a_sealed_building_is_visited_only_from_inside():
    p = problem(
        [Volunteer("next_door", "A2"), Volunteer("inside", "A1", capacity=1)],
        [Need("first", "A1"), Need("second", "A1")],
        sealed={"A1"},
    )
    for params in (MatchParams(), OPTIMAL):
        result = solve(p, params)
        assert [x.volunteer for x in result.pairings] == ["inside"]
        assert [(u.slots, u.reason) for u in result.unmatched] == [(1, "no_capacity")]


def test_nobody_inside_a_sealed_building_says_sealed():
    p = problem([Volunteer("next_door", "A2")], [Need("n", "A1")], sealed={"A1"})
    assert [u.reason for u in solve(p).unmatched] == ["sealed"]


def test_calls_into_a_sealed_building_may_come_from_anywhere():
    p = problem([Volunteer("elsewhere", "B1")], [Need("n", "A1", mode="call")], sealed={"A1"})
    result = solve(p)
    assert result.volunteers_of("n") == ("elsewhere",)
    assert result.pairings[0].reasons == ("other_compound",)


def test_a_volunteer_shut_in_elsewhere_cannot_visit_another_compound():
    p = problem([Volunteer("shut_in", "B1")], [Need("n", "A1")], sealed={"B1"})
    assert [u.reason for u in solve(p).unmatched] == ["sealed"]


def test_load_limit_is_never_exceeded_and_the_rest_is_reported():
    p = problem(
        [Volunteer("a", "A1", capacity=2)],
        [Need(f"n{i}", "A1") for i in range(5)],
    )
    for params in (MatchParams(), OPTIMAL):
        result = solve(p, params)
        assert len(result.pairings) == 2
        assert sum(u.slots for u in result.unmatched) == 3
        assert {u.reason for u in result.unmatched} == {"no_capacity"}


def test_higher_priority_needs_are_filled_first():
    p = problem(
        [Volunteer("a", "A2", capacity=1)],
        [Need("routine", "A1"), Need("dialysis", "A3", priority=3)],
    )
    for params in (MatchParams(), OPTIMAL):
        assert solve(p, params).volunteers_of("dialysis") == ("a",)


def test_greedy_repair_frees_a_volunteer_for_a_need_only_they_can_serve():
    # "doc" is the only medical volunteer; greedy gives them "easy" first only if it must.
    vols = [
        Volunteer("doc", "A1", skills={"medical"}, capacity=1),
        Volunteer("lay", "A2", capacity=1),
    ]
    needs = [Need("easy", "A1", priority=2), Need("ill", "A1", required_skills={"medical"})]
    result = solve(problem(vols, needs))
    assert result.volunteers_of("ill") == ("doc",)
    assert result.volunteers_of("easy") == ("lay",)
