from engines.matcher import MatchParams, MatchStatus, Need, Volunteer, solve
from engines.matcher.tests.cast import problem


def test_same_building_is_preferred_over_a_near_one():
    p = problem([Volunteer("near", "A2"), Volunteer("same", "A1")], [Need("n", "A1")])
    result = solve(p)
    assert result.volunteers_of("n") == ("same",)
    assert result.pairings[0].cost == 0 and result.pairings[0].reasons == ()
    assert result.status is MatchStatus.COMPLETE


def test_near_building_is_preferred_over_a_far_one_and_far_over_another_compound():
    p = problem(
        [Volunteer("other", "B1"), Volunteer("far", "A3"), Volunteer("near", "A2")],
        [Need("n", "A1")],
    )
    assert solve(p).volunteers_of("n") == ("near",)
    p = problem([Volunteer("other", "B1"), Volunteer("far", "A3")], [Need("n", "A1")])
    result = solve(p)
    assert result.volunteers_of("n") == ("far",)
    assert result.pairings[0].reasons == ("far_building",)


def test_a_missing_language_costs_but_does_not_forbid():
    p = problem(
        [Volunteer("hu", "A2", skills={"shanghainese"}), Volunteer("same", "A1")],
        [Need("n", "A1", language="shanghainese")],
    )
    result = solve(p)
    assert result.volunteers_of("n") == ("hu",)  # 10 (near) beats 0 + 20 (no language)
    only_same = solve(
        problem([Volunteer("same", "A1")], [Need("n", "A1", language="shanghainese")])
    )
    assert only_same.pairings[0].reasons == ("no_language",)
    assert only_same.pair_cost == 20


def test_a_required_skill_is_a_hard_rule():
    p = problem([Volunteer("lay", "A1")], [Need("ill", "A1", required_skills={"medical"})])
    result = solve(p)
    assert result.pairings == ()
    assert result.status is MatchStatus.EMPTY
    assert [(u.need, u.slots, u.reason) for u in result.unmatched] == [("ill", 1, "no_skill")]


def test_a_team_need_gets_distinct_volunteers():
    p = problem(
        [Volunteer("a", "A1"), Volunteer("b", "A1"), Volunteer("c", "A2")],
        [Need("team", "A1", slots=3)],
    )
    result = solve(p)
    assert sorted(result.volunteers_of("team")) == ["a", "b", "c"]
    assert result.pair_cost == 10


def test_optimal_method_fills_what_greedy_fills_at_no_higher_cost():
    vols = [Volunteer("a", "A1", capacity=1), Volunteer("b", "A2", capacity=1)]
    needs = [Need("x", "A1"), Need("y", "A1")]
    p = problem(vols, needs)
    greedy, optimal = solve(p), solve(p, MatchParams(method="optimal"))
    assert optimal.total_cost <= greedy.total_cost
    assert optimal.total_cost == 10
    assert len(optimal.pairings) == len(greedy.pairings) == 2
