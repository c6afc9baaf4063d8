from engines.roster import Person, check_capacity, solve
from engines.roster.tests.cast import QUICK, problem, shift


def test_shortfall_of_a_skill_is_reported_in_words_with_the_date():
    s = shift(1, demand=2, id="S3", required_skills={"driver"})
    p = problem([Person("A", skills={"driver"}), Person("B")], [s])
    assert check_capacity(p)[0] == (
        "Shift S3 on 2024-01-02 needs 2 people with skill 'driver' but only 1 is available"
    )


def test_missing_team_lead_is_reported_before_solving():
    s = shift(0, demand=1, id="S1", lead_required=True)
    assert "Shift S1 on 2024-01-01 needs a team lead but no team lead is available" in (
        check_capacity(problem([Person("A")], [s]))
    )


def test_hours_shortfall_counts_weekly_limits():
    shifts = [shift(d, demand=1) for d in range(7)]
    messages = check_capacity(problem([Person("A", max_minutes_per_week=480)], shifts))
    assert messages == [
        "Shifts needing people ask for 56 hours in total but the people available can give at "
        "most 8 hours"
    ]


def test_impossible_hard_minimum_gives_shortfall_words_not_just_infeasible():
    s = shift(0, demand=2, min_staff=2, id="S9")
    result = solve(problem([Person("A")], [s]), QUICK)
    assert result.status == "infeasible"
    assert result.shortfalls[0].startswith("Shift S9 on 2024-01-01 needs 2 people (a hard minimum)")


def test_enough_people_give_no_shortfall():
    assert check_capacity(problem([Person("A")], [shift(0)])) == []
