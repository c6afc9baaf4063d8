from bench.volunteers.generate import SEALED, generate
from engines.roster import check_capacity


def test_same_seed_gives_the_same_problem():
    assert generate(50, 7, seed=3) == generate(50, 7, seed=3)


def test_sizes_follow_ten_posts_times_three_shifts_a_day():
    problem = generate(50, 14)
    assert len(problem.people) == 50
    assert len(problem.shifts) == 14 * 10 * 3


def test_some_volunteers_are_residents_confined_to_a_sealed_compound():
    problem = generate(200, 7)
    confined = [p for p in problem.people if p.compound in SEALED]
    assert confined
    assert set(SEALED) <= problem.sealed_compounds


def test_capacity_check_reads_the_generated_problem_in_words():
    messages = check_capacity(generate(50, 7))
    assert all(m.startswith(("Shift ", "Shifts ")) for m in messages)
