from engines.roster import Person, solve
from engines.roster.tests.cast import QUICK, problem, shift


def test_required_skill_is_held_by_everybody_rostered():
    s = shift(0, demand=2, required_skills={"driver"})
    crew = [Person("A", skills={"driver"}), Person("B")]
    result = solve(problem(crew, [s]), QUICK)
    assert result.people_on(s.id) == ["A"]


def test_shift_asking_for_a_lead_is_never_staffed_without_one():
    s = shift(0, demand=2, lead_required=True)
    result = solve(problem([Person("A"), Person("B")], [s]), QUICK)
    assert result.assignments == ()
    assert result.penalty(f"understaffed:shift={s.id}").amount == 2


def test_lead_lets_the_rest_of_the_team_work():
    s = shift(0, demand=2, lead_required=True)
    result = solve(problem([Person("A", is_lead=True), Person("B")], [s]), QUICK)
    assert result.people_on(s.id) == ["A", "B"]


def test_age_and_health_limits_keep_unsuitable_people_off_physical_posts():
    s = shift(0, demand=3, physical=True, max_age=60)
    crew = [
        Person("Old", age=70),
        Person("Ill", age=30, fit_for_physical=False),
        Person("Ok", age=30),
    ]
    result = solve(problem(crew, [s]), QUICK)
    assert result.people_on(s.id) == ["Ok"]


def test_locked_assignment_is_kept_even_when_it_costs():
    a, b = shift(0, demand=1), shift(0, 600, post="store", demand=0)
    p = problem([Person("A")], [a, b], locked={("A", b.id)})
    result = solve(p, QUICK)
    assert result.assignments == (("A", b.id),)
