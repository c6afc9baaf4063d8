"""An unfilled shift says how many are already on it, so that "everybody eligible is already
on it" is told apart from "nobody is eligible"."""

from engines.roster import Person, solve
from engines.roster.tests.cast import QUICK, problem, shift


def test_a_short_shift_everybody_eligible_is_on_counts_them_as_staffed():
    result = solve(problem([Person("A"), Person("B")], [shift(0, demand=3, id="S1")]), QUICK)

    (unfilled,) = result.unfilled
    assert (unfilled.missing, unfilled.staffed, unfilled.reasons) == (1, 2, ())
    assert unfilled.describe().endswith("everybody eligible is already on it")


def test_a_short_shift_nobody_may_work_says_nobody_eligible():
    s = shift(0, demand=1, id="S1", required_skills={"driver"})
    result = solve(problem([], [s]), QUICK)

    (unfilled,) = result.unfilled
    assert unfilled.staffed == 0
    assert unfilled.describe().endswith("nobody eligible could be found")


def test_a_free_helper_kept_off_a_shift_without_a_lead_is_told_the_lead_is_missing():
    s = shift(0, demand=2, id="S1", lead_required=True)
    result = solve(problem([Person("A"), Person("B")], [s]), QUICK)

    (unfilled,) = result.unfilled
    assert unfilled.staffed == 0
    assert {r.code for r in unfilled.reasons} == {"no_lead"}
    assert {r.person for r in unfilled.reasons} == {"A", "B"}
