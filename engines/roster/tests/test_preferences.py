from engines.roster import Person, Preference, Weights, solve
from engines.roster.tests.cast import QUICK, problem, shift


def test_unwanted_shift_worked_is_named_and_explained_in_words():
    s = shift(0, demand=1)
    prefs = [Preference("P3", 7, False, shift=s.id)]
    result = solve(problem([Person("P3")], [s], preferences=prefs), QUICK)
    penalty = result.penalty(f"unwanted_shift:person=P3,shift={s.id}")
    assert penalty is not None and penalty.cost == 7
    assert f"P3 asked not to work {s.id} but is rostered on it (cost 7)" in result.explain()


def test_wanted_shift_goes_to_the_person_who_asked():
    s = shift(0, demand=1)
    prefs = [Preference("B", 3, True, shift=s.id)]
    result = solve(problem([Person("A"), Person("B")], [s], preferences=prefs), QUICK)
    assert result.people_on(s.id) == ["B"]
    assert result.objective == 0


def test_unwanted_day_moves_the_person_to_another_day():
    shifts = [shift(0, demand=1), shift(1, demand=1)]
    crew = [Person("A", max_minutes_per_week=480), Person("B", max_minutes_per_week=480)]
    prefs = [Preference("A", 5, False, day=0)]
    result = solve(problem(crew, shifts, preferences=prefs), QUICK)
    assert result.shifts_of("A") == [shifts[1].id]


def test_fair_load_spreads_hours_in_proportion_to_availability():
    shifts = [shift(d, demand=1) for d in range(4)]
    crew = [Person("A"), Person("B")]
    result = solve(problem(crew, shifts, weights=Weights(fair_load=10)), QUICK)
    assert len(result.shifts_of("A")) == len(result.shifts_of("B")) == 2
    assert result.objective == 0


def test_continuity_keeps_a_person_on_the_same_post_on_consecutive_days():
    shifts = [shift(0, post="gate"), shift(1, post="gate"), shift(1, post="store")]
    crew = [Person("A", wants_continuity=True), Person("B")]
    weights = Weights(continuity=5)
    result = solve(problem(crew, shifts, weights=weights), QUICK)
    if "gate-d0-h00" in result.shifts_of("A"):
        assert "gate-d1-h00" in result.shifts_of("A") or result.shifts_of("A") == ["gate-d0-h00"]
    assert result.objective == 0
