"""Capacity shortfalls come as codes with parameters too, with the same English sentences, so
that the product can say them in its reader's language and names."""

from engines.roster import Person, check_capacity
from engines.roster.capacity import capacity_shortfalls
from engines.roster.tests.cast import problem, shift


def test_each_shortfall_keeps_the_english_sentence_of_check_capacity():
    s = shift(1, demand=2, id="S3", required_skills={"driver"}, lead_required=True)
    p = problem([Person("A", skills={"driver"}), Person("B")], [s])

    found = capacity_shortfalls(p)

    assert [f.text for f in found] == check_capacity(p)
    assert [f.code for f in found] == ["shift_short", "no_lead", "hours_short"]


def test_a_short_shift_names_its_shift_day_skills_and_counts():
    s = shift(1, demand=2, min_staff=2, id="S3", required_skills={"driver", "medic"})
    p = problem([Person("A", skills={"driver", "medic"}), Person("B")], [s])

    short = capacity_shortfalls(p)[0]

    assert short.code == "shift_short"
    assert dict(short.params) == {
        "shift": "S3",
        "day": 1,
        "needed": 2,
        "available": 1,
        "skills": "driver,medic",
        "hard": 1,
    }


def test_an_hours_shortfall_gives_demanded_and_available_minutes_per_skill():
    shifts = [shift(d, demand=1, required_skills={"driver"}) for d in range(3)]
    p = problem([Person("A", skills={"driver"}, max_minutes_per_week=480)], shifts)

    hours = [f for f in capacity_shortfalls(p) if f.code == "hours_short"]

    assert [dict(f.params) for f in hours] == [
        {"skill": "driver", "demand_minutes": 3 * 480, "supply_minutes": 480}
    ]
    assert str(hours[0]) == hours[0].text
