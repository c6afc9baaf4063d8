"""Wishes (wanted and unwanted shifts or days) reach the engine as preferences, are granted
when the rules allow, and every wish not granted is named in the explanations."""

from __future__ import annotations

import datetime as dt

import pytest

from hub.errors import DomainError
from hub.rosters.actions import Wish, create_run, solve_run
from hub.rosters.adapters import build_problem, pid, sid
from hub.rosters.explanations import explain
from hub.rosters.models import RosterWish
from hub.rosters.tests.conftest import MONDAY, duty_week, staff
from hub.testing.builders import member

TUESDAY = MONDAY + dt.timedelta(days=1)


def run_with(cast, *, days=2, people=2, wishes_of=lambda shifts, people: [], weights=None):
    shifts = duty_week(cast, days=days)
    crew = staff(cast, people)
    return (
        create_run(
            by=None,
            title="中心值班表",
            kind="duty",
            period_start=MONDAY,
            period_end=MONDAY + dt.timedelta(days=days - 1),
            shifts=shifts,
            people=crew,
            weights=weights,
            wishes=wishes_of(shifts, crew),
        ),
        shifts,
        crew,
    )


@pytest.mark.django_db
def test_wishes_are_stored_and_reach_the_engine_as_preferences(cast):
    run, shifts, crew = run_with(
        cast,
        wishes_of=lambda shifts, crew: [
            Wish(person=crew[0], wanted=False, day=TUESDAY),
            Wish(person=crew[1], wanted=True, shift=shifts[0]),
        ],
    )

    problem, _ = build_problem(run)

    assert RosterWish.objects.filter(run=run).count() == 2
    prefs = {(p.person, p.wanted, p.shift, p.day, p.weight) for p in problem.preferences}
    assert prefs == {
        (pid(crew[0].pk), False, None, 1, 10),
        (pid(crew[1].pk), True, sid(shifts[0].pk), None, 10),
    }


@pytest.mark.django_db
def test_a_wish_weight_of_zero_sends_no_preferences(cast):
    run, _, _ = run_with(
        cast,
        weights={"wishes": 0},
        wishes_of=lambda shifts, crew: [Wish(person=crew[0], wanted=False, day=MONDAY)],
    )
    problem, _ = build_problem(run)
    assert problem.preferences == ()


@pytest.mark.django_db
def test_a_weight_on_continuity_asks_everyone_for_the_same_post(cast):
    run, _, crew = run_with(cast, weights={"continuity": 3})
    problem, _ = build_problem(run)
    assert problem.weights.continuity == 3
    assert all(problem.person(pid(p.pk)).wants_continuity for p in crew)


@pytest.mark.django_db
def test_an_unwanted_day_is_granted_when_someone_else_can_work_it(cast):
    run, _, crew = run_with(
        cast,
        days=2,
        people=3,
        wishes_of=lambda shifts, crew: [Wish(person=crew[0], wanted=False, day=TUESDAY)],
    )

    run = solve_run(run.pk)

    days = {c.shift.starts_at.date() for c in run.cells.filter(person=crew[0])}
    assert TUESDAY not in days
    assert not [p for p in run.result["penalties"] if p["rule"] == "unwanted_day"]


@pytest.mark.django_db
def test_a_wish_that_cannot_be_granted_is_named_with_the_person_and_day(cast):
    # One person and two places a day: an empty place costs more than the wish.
    run, _, crew = run_with(
        cast,
        days=2,
        people=1,
        wishes_of=lambda shifts, crew: [Wish(person=crew[0], wanted=False, day=TUESDAY)],
    )

    run = solve_run(run.pk)
    secretary = cast.users["secretary"]
    lines = [line.text for line in explain(secretary, run.result, run.period_start).penalties]

    assert [p["rule"] for p in run.result["penalties"]].count("unwanted_day") == 1
    wish = next(t for t in lines if crew[0].name in t and "04-05" in t)
    assert "wished to be off" in wish


@pytest.mark.django_db
def test_a_wish_of_someone_outside_the_roster_is_refused(cast):
    stranger = member(cast, 777)
    with pytest.raises(DomainError) as refused:
        run_with(
            cast, wishes_of=lambda shifts, crew: [Wish(person=stranger, wanted=True, day=MONDAY)]
        )
    assert refused.value.code == "wish"
    assert not RosterWish.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "make",
    [
        lambda shifts, crew: Wish(person=crew[0], wanted=False, day=MONDAY - dt.timedelta(1)),
        lambda shifts, crew: Wish(person=crew[0], wanted=False),
        lambda shifts, crew: Wish(person=crew[0], wanted=False, shift=shifts[0], day=MONDAY),
    ],
    ids=["day_outside_the_period", "neither_shift_nor_day", "both_shift_and_day"],
)
def test_a_wish_must_name_one_shift_or_one_day_of_the_roster(cast, make):
    with pytest.raises(DomainError) as refused:
        run_with(cast, wishes_of=lambda shifts, crew: [make(shifts, crew)])
    assert refused.value.code == "wish"


@pytest.mark.django_db
def test_two_wishes_for_the_same_day_are_refused(cast):
    with pytest.raises(DomainError) as refused:
        run_with(
            cast,
            wishes_of=lambda shifts, crew: [
                Wish(person=crew[0], wanted=False, day=MONDAY),
                Wish(person=crew[0], wanted=True, day=MONDAY),
            ],
        )
    assert refused.value.code == "wish"


@pytest.mark.django_db
def test_the_run_form_takes_wishes_from_its_rows(cast, client):
    client.force_login(cast.users["secretary"])
    shifts = duty_week(cast, days=2)
    crew = staff(cast, 2)
    data = {
        "title": "带愿望的值班表",
        "kind": "duty",
        "period_start": MONDAY.isoformat(),
        "period_end": TUESDAY.isoformat(),
        "shifts": [s.pk for s in shifts],
        "branches": [cast.branch_first.pk],
        "min_rest_hours": 11,
        "max_shifts_per_day": 1,
        "understaffed": 100,
        "fair_load": 5,
        "continuity": 0,
        "wishes": 20,
        "wishes-TOTAL_FORMS": 2,
        "wishes-INITIAL_FORMS": 0,
        "wishes-0-person": crew[0].pk,
        "wishes-0-wish": "avoid_day",
        "wishes-0-day": TUESDAY.isoformat(),
        "wishes-1-person": "",
        "wishes-1-wish": "avoid_day",
    }

    response = client.post("/rosters/new/", data)

    assert response.status_code == 302, response.content.decode()[:2000]
    wish = RosterWish.objects.get()
    assert (wish.person_id, wish.wanted, wish.day, wish.shift_id) == (
        crew[0].pk,
        False,
        TUESDAY,
        None,
    )
    # A secretary's run keeps the default weights: only an org admin tunes them.
    assert wish.run.weights["wishes"] == 10


@pytest.mark.django_db
def test_a_wish_row_about_a_shift_needs_the_shift(cast, client):
    client.force_login(cast.users["secretary"])
    shifts = duty_week(cast, days=1)
    crew = staff(cast, 1)
    data = {
        "title": "值班表",
        "kind": "duty",
        "period_start": MONDAY.isoformat(),
        "period_end": MONDAY.isoformat(),
        "shifts": [s.pk for s in shifts],
        "branches": [cast.branch_first.pk],
        "min_rest_hours": 11,
        "max_shifts_per_day": 1,
        "understaffed": 100,
        "fair_load": 5,
        "continuity": 0,
        "wishes": 10,
        "wishes-TOTAL_FORMS": 1,
        "wishes-INITIAL_FORMS": 0,
        "wishes-0-person": crew[0].pk,
        "wishes-0-wish": "want_shift",
    }

    response = client.post("/rosters/new/", data)

    assert response.status_code == 200
    assert "请选择此意愿所指的班次。" in response.content.decode()  # Chinese first
    assert not RosterWish.objects.exists()
