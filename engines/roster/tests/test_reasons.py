"""Unfilled places carry structured reasons (a rule code and its parameters) besides the English
words, so a caller can say them in its own language and names."""

from engines.roster import Person, solve, solve_greedy
from engines.roster.check import PersonState, ineligible_reason
from engines.roster.result import Reason, Unfilled
from engines.roster.tests.cast import AFTERNOON, QUICK, people, problem, shift


def test_a_candidate_kept_away_by_rest_names_the_shift_they_hold():
    shifts = [shift(0, demand=1), shift(0, 240, post="store", demand=1)]
    result = solve(problem(people(1), shifts), QUICK)

    (unfilled,) = result.unfilled
    (reason,) = unfilled.reasons
    held = result.shifts_of("P0")[0]
    assert (reason.code, reason.person, reason.param("held")) == ("rest", "P0", held)
    assert reason.describe() == f"P0: overlap or rest: P0 works {held}"


def test_people_who_may_never_work_the_shift_are_counted_by_rule():
    inside = shift(0, post="north-gate", compound="North", demand=1)
    p = problem(
        [Person("Li", compound="South"), Person("Wu", compound="East")],
        [inside],
        sealed_compounds={"North"},
    )
    result = solve(p, QUICK)

    (reason,) = result.unfilled[0].reasons
    assert (reason.code, reason.person, reason.params) == ("ineligible", None, (("locality", 2),))
    assert reason.describe() == "ineligible: 2 by locality"


def test_a_confined_resident_and_a_sealed_post_are_told_apart():
    inside = shift(0, post="north-gate", compound="North")
    outside = shift(0, AFTERNOON, post="depot")
    p = problem(
        [Person("Wang", compound="North"), Person("Li", compound="South")],
        [inside, outside],
        sealed_compounds={"North"},
    )

    confined = ineligible_reason(p, p.person("Wang"), outside)
    kept_out = ineligible_reason(p, p.person("Li"), inside)

    assert confined is not None and kept_out is not None
    assert (confined.code, confined.param("compound")) == ("confined", "North")
    assert (kept_out.code, kept_out.param("compound")) == ("sealed_post", "North")
    assert confined.text == "locality: Wang is confined to sealed compound North"


def test_blocker_keeps_its_words_and_reason_adds_the_code():
    a, b = shift(0), shift(0, 240, post="store")
    p = problem(people(1), [a, b])
    state = PersonState(p, p.person("P0"))
    state.add(a)

    reason = state.reason(b)

    assert reason is not None and reason.code == "rest"
    assert state.blocker(b) == reason.text == f"overlap or rest: P0 works {a.id}"
    assert state.reason(shift(1)) is None and state.blocker(shift(1)) is None


def test_the_greedy_baseline_explains_with_the_same_reasons():
    shifts = [shift(0, demand=1), shift(0, 240, post="store", demand=1)]
    result = solve_greedy(problem(people(1), shifts))
    assert [r.code for u in result.unfilled for r in u.reasons] == ["rest"]


def test_describe_joins_the_reasons_in_english():
    unfilled = Unfilled(
        "S1",
        2,
        (
            Reason("day_off", "day off: A is off on day 0", (("day", 0),), person="A"),
            Reason("more_eligible", "3 more eligible people not listed", (("count", 3),)),
        ),
    )
    assert unfilled.describe() == (
        "understaffed: shift S1 is short of 2 person(s); A: day off: A is off on day 0; "
        "3 more eligible people not listed"
    )
