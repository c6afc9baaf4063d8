"""The adapter builds the engine's problem from rows: locality, skills and availability."""

from __future__ import annotations

import datetime as dt

import pytest

from hub.people.models import Skill
from hub.rosters.actions import create_run
from hub.rosters.adapters import build_problem, cid, pid, sid
from hub.rosters.tests.conftest import MONDAY, NOW, at
from hub.volunteering.actions.posts import create_post, create_shift
from hub.volunteering.actions.signups import sign_up


def closure_round(cast, *, skill=None):
    post = create_post(
        by=None,
        organization=cast.org_rc,
        compound=cast.compound_own,
        name="核酸检测秩序维护",
        site="青年公寓广场",
        required_skills=[skill] if skill else [],
    )
    return post, create_shift(
        by=None, post=post, starts_at=at(MONDAY, 7), ends_at=at(MONDAY, 11), capacity=2
    )


def run_for(cast, shifts, people):
    return create_run(
        by=None,
        title="青年公寓核酸",
        kind="volunteer",
        period_start=MONDAY,
        period_end=MONDAY + dt.timedelta(days=1),
        shifts=shifts,
        people=people,
    )


@pytest.mark.django_db
def test_sealed_compound_confines_its_residents_and_keeps_others_out(cast):
    _, shift = closure_round(cast)
    volunteer = cast.users["volunteer"].person
    run = run_for(cast, [shift], [volunteer, cast.person_other_compound])

    problem, index = build_problem(run)

    assert problem.sealed_compounds == frozenset({cid(cast.compound_own.pk)})
    assert problem.person(pid(volunteer.pk)).compound == cid(cast.compound_own.pk)
    assert problem.shift(sid(shift.pk)).compound == cid(cast.compound_own.pk)
    assert index.people[pid(volunteer.pk)] == volunteer


@pytest.mark.django_db
def test_skills_and_demand_come_from_the_post_and_shift(cast):
    skill = Skill.objects.create(code="swab", name="采样")
    _, shift = closure_round(cast, skill=skill)
    run = run_for(cast, [shift], [cast.person_resident])

    problem, _ = build_problem(run)

    engine_shift = problem.shift(sid(shift.pk))
    assert engine_shift.required_skills == frozenset({"swab"})
    assert (engine_shift.demand, engine_shift.day, engine_shift.start_minute) == (2, 0, 7 * 60)
    assert engine_shift.duration_minutes == 240


@pytest.mark.django_db
def test_an_approved_sign_up_elsewhere_makes_a_person_unavailable(cast):
    _, shift = closure_round(cast)
    elsewhere = create_post(
        by=None, organization=cast.org_rc, compound=cast.compound_own, name="送菜", site="1号楼"
    )
    clash = create_shift(
        by=None, post=elsewhere, starts_at=at(MONDAY, 9), ends_at=at(MONDAY, 12), capacity=3
    )
    resident = cast.person_resident
    sign_up(by=None, shift=clash, person=resident, now=NOW)
    run = run_for(cast, [shift], [resident, cast.users["volunteer"].person])

    problem, _ = build_problem(run)

    assert problem.person(pid(resident.pk)).available_shifts == frozenset()
    volunteer_id = pid(cast.users["volunteer"].person.pk)
    assert problem.person(volunteer_id).available_shifts == frozenset({sid(shift.pk)})
