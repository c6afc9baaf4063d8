"""A compound sealed after publishing opens holes in the published roster: its residents may
not serve outside it and nobody from outside may be sent in. The run page names each hole and
its reason, and the one-click repair fills them without breaking the seal."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from hub.places.actions import add_household, set_area_status
from hub.rosters.actions import (
    propose_repair,
    publish_repair,
    publish_run,
    solve_run,
    toggle_cell,
)
from hub.rosters.models import RosterRun
from hub.rosters.queries import roster_holes
from hub.rosters.tests.conftest import MONDAY, NOW, at, staff
from hub.testing.builders import member
from hub.volunteering.actions.posts import create_post, create_shift_series
from hub.volunteering.models import SignUp


def dongyuan_resident(cast, n):
    """A member of 第一党支部 who lives in 东苑 (not sealed in the cast)."""
    household = add_household(by=None, building=cast.building_other, room=f"{n}01")
    return member(cast, n, name=f"东苑{n:02d}", branch=cast.branch_first, household=household)


def seal_dongyuan(cast, when):
    return set_area_status(
        by=None, compound=cast.compound_other, status="sealed", effective_from=when
    )


def approved(person, shifts):
    return SignUp.objects.filter(
        person=person, shift__in=shifts, status=SignUp.Status.APPROVED
    ).count()


def office_duty(cast, *, first_day, days):
    """Day duty (08:30–17:00) at the center's office from ``first_day``, one place a day."""
    post = create_post(
        by=None,
        organization=cast.org_health,
        branch=cast.branch_first,
        name="值班（白班）",
        site="中心办公室",
        kind="duty",
    )
    return create_shift_series(
        by=None,
        post=post,
        first_starts_at=at(first_day, 8, 30),
        first_ends_at=at(first_day, 17),
        days=days,
        capacity=1,
    )


def office_week_with_a_dongyuan_resident(cast, *, first_day, now):
    """The office's day duty over three days, published, with a 东苑 resident locked on the
    first and the last."""
    from hub.rosters.actions import create_run

    shifts = office_duty(cast, first_day=first_day, days=3)
    resident = dongyuan_resident(cast, 40)
    run = create_run(
        by=None,
        title="中心值班表",
        kind="duty",
        period_start=first_day,
        period_end=first_day + dt.timedelta(days=2),
        shifts=shifts,
        people=[resident, *staff(cast, 4)],
    )
    toggle_cell(by=None, run=run, shift=shifts[0], person=resident)
    toggle_cell(by=None, run=run, shift=shifts[2], person=resident)
    run = solve_run(run.pk, time_limit_s=1.0)
    return publish_run(by=None, run=run, now=now), resident, shifts


@pytest.mark.django_db
def test_sealing_a_residents_compound_turns_their_outside_duty_into_holes(cast):
    run, resident, _shifts = office_week_with_a_dongyuan_resident(cast, first_day=MONDAY, now=NOW)
    assert roster_holes(run, now=NOW) == []

    seal_dongyuan(cast, NOW + dt.timedelta(hours=1))
    found = roster_holes(run, now=NOW + dt.timedelta(hours=2))

    assert {h.cell.person_id for h in found} == {resident.pk}
    assert [h.code for h in found] == ["sealed_home", "sealed_home"]
    assert "东苑新天地南区" in found[0].text


@pytest.mark.django_db
def test_repair_after_a_seal_replaces_the_confined_resident_and_withdraws_their_places(cast):
    run, resident, shifts = office_week_with_a_dongyuan_resident(cast, first_day=MONDAY, now=NOW)
    later = NOW + dt.timedelta(hours=2)
    seal_dongyuan(cast, NOW + dt.timedelta(hours=1))

    run = propose_repair(by=cast.users["secretary"], run=run, now=later, time_limit_s=1.0)
    assert len(run.proposal["holes"]) == 2
    assert all(person != resident.pk for person, _ in run.proposal["add"])
    assert {shift for _, shift in run.proposal["add"]} == {s for _, s in run.proposal["holes"]}

    run = publish_repair(by=cast.users["secretary"], run=run, now=later)

    assert approved(resident, shifts) == 0
    assert roster_holes(run, now=later) == []
    for shift in shifts:
        assert SignUp.objects.filter(shift=shift, status=SignUp.Status.APPROVED).count() == 1


def closure_round(cast, *, first_day, residents, outsiders):
    """Two mornings of order-keeping in 东苑, two places each, for residents and outsiders."""
    from hub.rosters.actions import create_run

    post = create_post(
        by=None,
        organization=cast.org_health,
        branch=cast.branch_first,
        compound=cast.compound_other,
        name="核酸检测秩序维护",
        site="东苑广场",
    )
    shifts = create_shift_series(
        by=None,
        post=post,
        first_starts_at=at(first_day, 7),
        first_ends_at=at(first_day, 11),
        days=2,
        capacity=2,
    )
    return create_run(
        by=None,
        title="东苑核酸轮次",
        kind="volunteer",
        period_start=first_day,
        period_end=first_day + dt.timedelta(days=1),
        shifts=shifts,
        people=residents + outsiders,
    )


@pytest.mark.django_db
def test_repair_after_a_seal_sends_nobody_into_the_sealed_compound(cast):
    residents = [dongyuan_resident(cast, n) for n in (41, 42)]
    outsiders = staff(cast, 2)
    run = closure_round(cast, first_day=MONDAY, residents=residents, outsiders=outsiders)
    for shift in run.shifts.order_by("starts_at"):
        for person in outsiders:
            toggle_cell(by=None, run=run, shift=shift, person=person)
    run = publish_run(by=None, run=solve_run(run.pk, time_limit_s=1.0), now=NOW)
    later = NOW + dt.timedelta(hours=2)
    seal_dongyuan(cast, NOW + dt.timedelta(hours=1))

    found = roster_holes(run, now=later)
    assert {h.code for h in found} == {"sealed_post"}
    assert {h.cell.person_id for h in found} == {p.pk for p in outsiders}

    run = propose_repair(by=cast.users["secretary"], run=run, now=later, time_limit_s=1.0)
    assert {person for person, _ in run.proposal["add"]} <= {p.pk for p in residents}
    run = publish_repair(by=cast.users["secretary"], run=run, now=later)

    on_post = SignUp.objects.filter(shift__in=run.shifts.all(), status=SignUp.Status.APPROVED)
    assert set(on_post.values_list("person_id", flat=True)) == {p.pk for p in residents}


@pytest.mark.django_db
def test_run_page_shows_the_seal_hole_and_publishes_its_repair(client, cast):
    """End to end through the pages, a month ahead of the real clock (pages act now)."""
    from django.utils import timezone

    first_day = timezone.localdate() + dt.timedelta(days=30)
    run, resident, shifts = office_week_with_a_dongyuan_resident(
        cast, first_day=first_day, now=timezone.now()
    )
    client.force_login(cast.users["secretary"])
    url = reverse("rosters:run-detail", kwargs={"run_id": run.pk})
    assert "东苑新天地南区" not in client.get(url).content.decode()

    seal_dongyuan(cast, timezone.now())
    page = client.get(url).content.decode()
    assert page.count("东苑40") >= 2
    assert "东苑新天地南区" in page  # the reason names the sealed compound

    office = client.__class__()
    office.force_login(cast.users["office"])
    assert (
        "东苑新天地南区" not in office.get(url).content.decode()
    )  # where people live: managers only

    client.post(reverse("rosters:run-repair", kwargs={"run_id": run.pk}))
    page = client.get(url).content.decode()
    assert "+ 职员" in page

    response = client.post(reverse("rosters:run-repair-publish", kwargs={"run_id": run.pk}))
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == RosterRun.Status.PUBLISHED and run.proposal == {}
    assert approved(resident, shifts) == 0
    assert "东苑新天地南区" not in client.get(url).content.decode()
