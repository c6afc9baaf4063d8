from engines.roster import Person, solve
from engines.roster.tests.cast import QUICK, problem, shift


def test_sealed_resident_is_only_rostered_inside_their_compound():
    inside = shift(0, post="north-gate", compound="North", demand=1)
    outside = shift(0, 480, post="depot", demand=1)
    p = problem([Person("Wang", compound="North")], [inside, outside], sealed_compounds={"North"})
    result = solve(p, QUICK)
    assert result.shifts_of("Wang") == [inside.id]
    assert (
        "locality: Wang is confined to sealed compound North" in result.unfilled[0].describe()
        or "by locality" in result.unfilled[0].describe()
    )


def test_nobody_from_outside_is_sent_into_a_sealed_compound():
    inside = shift(0, post="north-gate", compound="North", demand=1)
    p = problem([Person("Li", compound="South")], [inside], sealed_compounds={"North"})
    result = solve(p, QUICK)
    assert result.assignments == ()
    assert result.penalty(f"understaffed:shift={inside.id}").amount == 1
    assert "ineligible: 1 by locality" in result.unfilled[0].describe()


def test_compound_that_is_not_sealed_restricts_nobody():
    inside = shift(0, post="north-gate", compound="North", demand=1)
    result = solve(problem([Person("Li", compound="South")], [inside]), QUICK)
    assert result.assignments == (("Li", inside.id),)
