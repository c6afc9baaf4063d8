import datetime as dt

import pytest

from hub.accounts.models import User
from hub.care.actions import end_pairing, pair_team, pair_volunteer
from hub.care.models import Pairing
from hub.errors import DomainError
from hub.people.models import Skill
from hub.testing.builders import CARE_NOW, make_care_recipient, member, residents


def test_a_call_pairing_into_a_sealed_building_may_come_from_elsewhere(cast):
    entry = make_care_recipient(cast)
    pairing = pair_volunteer(
        by=cast.coordinator,
        recipient=entry,
        volunteer=cast.volunteer.person,
        mode="call",
        per_week=7,
        now=CARE_NOW,
    )
    assert pairing.status == "active" and pairing.interval == dt.timedelta(days=1)
    assert pairing.next_due_at == CARE_NOW.replace(hour=10)  # the first contact: 10:00 that day


def test_a_visit_into_a_sealed_building_needs_a_volunteer_inside(cast):
    entry = make_care_recipient(cast)
    with pytest.raises(DomainError) as err:
        pair_volunteer(
            by=cast.coordinator,
            recipient=entry,
            volunteer=cast.volunteer.person,
            mode="visit",
            per_week=2,
            now=CARE_NOW,
        )
    assert err.value.code == "sealed_building"
    assert "1号楼 is sealed" in err.value.message
    neighbour = residents(cast, 1)[0]  # lives in 1号楼 301 too
    assert (
        pair_volunteer(
            by=cast.coordinator,
            recipient=entry,
            volunteer=neighbour,
            mode="visit",
            per_week=2,
            now=CARE_NOW,
        ).mode
        == "visit"
    )


def test_the_seriously_ill_need_a_medical_volunteer(cast):
    entry = make_care_recipient(cast, category="seriously_ill", condition="chemotherapy")
    helper = cast.volunteer.person
    with pytest.raises(DomainError) as err:
        pair_volunteer(
            by=cast.coordinator,
            recipient=entry,
            volunteer=helper,
            mode="call",
            per_week=7,
            now=CARE_NOW,
        )
    assert err.value.code == "needs_medical"
    helper.skills.add(Skill.objects.get_or_create(code="medical", defaults={"name": "医护"})[0])
    pair_volunteer(
        by=cast.coordinator,
        recipient=entry,
        volunteer=helper,
        mode="call",
        per_week=7,
        now=CARE_NOW,
    )


def test_a_volunteer_load_limit_is_kept(cast, settings):
    settings.CARE_MAX_PAIRINGS = 2
    people = residents(cast, 3)
    helper = cast.volunteer.person
    for person in people[:2]:
        make_care_recipient(cast, person=person, paired_with=helper)
    third = make_care_recipient(cast, person=people[2])
    with pytest.raises(DomainError) as err:
        pair_volunteer(
            by=cast.coordinator,
            recipient=third,
            volunteer=helper,
            mode="call",
            per_week=7,
            now=CARE_NOW,
        )
    assert err.value.code == "load_limit"
    assert Pairing.objects.filter(volunteer=helper, status="active").count() == 2


def test_pairing_twice_is_refused_and_ending_frees_the_place(cast):
    entry = make_care_recipient(cast, paired_with=cast.volunteer.person)
    with pytest.raises(DomainError) as err:
        pair_volunteer(
            by=cast.coordinator,
            recipient=entry,
            volunteer=cast.volunteer.person,
            mode="call",
            per_week=7,
            now=CARE_NOW,
        )
    assert err.value.code == "already_paired"
    end_pairing(by=cast.coordinator, pairing=entry.pairings.get(), now=CARE_NOW)
    pair_volunteer(
        by=cast.coordinator,
        recipient=entry,
        volunteer=cast.volunteer.person,
        mode="call",
        per_week=7,
        now=CARE_NOW,
    )


def test_a_team_is_paired_member_by_member(cast):
    from hub.people.actions import create_branch

    root = User.objects.get(username="root")
    team = create_branch(
        by=root,
        organization=cast.org_health,
        name="助老小分队",
        kind="team",
        parent=cast.branch_first,
    )
    for n in range(3):
        member(cast, n, branch=team)
    entry = make_care_recipient(cast)
    made = pair_team(
        by=cast.coordinator, recipient=entry, team=team, mode="call", per_week=2, now=CARE_NOW
    )
    assert len(made) == 3 and {p.team for p in made} == {team}


def test_a_volunteer_may_not_pair(cast):
    entry = make_care_recipient(cast)
    with pytest.raises(DomainError) as err:
        pair_volunteer(
            by=cast.volunteer,
            recipient=entry,
            volunteer=cast.volunteer.person,
            mode="call",
            per_week=7,
            now=CARE_NOW,
        )
    assert err.value.code == "forbidden"
