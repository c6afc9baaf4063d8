"""The demo world has the seed report's organizations, branches, cast and compounds."""

from __future__ import annotations

import pytest

from hub.accounts.models import User
from hub.demo.world import (
    CENTER,
    DONGYUAN_COMPOUND,
    DONGYUAN_RC,
    ELDERLY_HOME,
    SECONDED_TO,
    WORLD_DATE,
    YOUTH_COMPOUND,
    YOUTH_RC,
)
from hub.people.models import Branch, Membership, Organization, Person
from hub.places.models import Building, Household
from hub.places.ordering import natural_key

pytestmark = pytest.mark.django_db


def age(person: Person) -> int:
    born = person.birth_date
    return (
        WORLD_DATE.year - born.year - ((WORLD_DATE.month, WORLD_DATE.day) < (born.month, born.day))
    )


def test_world_has_the_health_center_and_two_residents_committees(small_world):
    kinds = dict(Organization.objects.values_list("name", "kind"))
    assert kinds == {
        CENTER: "public_institution",
        YOUTH_RC: "residents_committee",
        DONGYUAN_RC: "residents_committee",
    }


def test_health_center_branches_hang_under_the_party_committee(small_world):
    branches = {b.name: b for b in Branch.objects.filter(organization__name=CENTER)}
    committee = branches.pop("中心党委")
    assert committee.kind == "party_committee" and committee.parent is None
    assert {name: (b.kind, b.parent_id) for name, b in branches.items()} == {
        "第一党支部": ("party_branch", committee.pk),
        "第二党支部": ("party_branch", committee.pk),
        "第三党支部": ("party_branch", committee.pk),
        "退休第一党支部": ("retirees_branch", committee.pk),
        "退休第二党支部": ("retirees_branch", committee.pk),
        "团支部": ("youth_league", committee.pk),
        "助老小分队": ("team", committee.pk),
    }


def test_delivery_volunteer_is_a_branch_one_member_living_in_the_youth_apartment(small_world):
    volunteer = User.objects.get(username="demo_volunteer").person
    assert volunteer.household.building.compound.name == YOUTH_COMPOUND
    assert volunteer.political_status == "party_member"
    assert 26 <= age(volunteer) <= 29
    assert set(volunteer.memberships.values_list("branch__name", "title")) == {
        ("第一党支部", ""),
        ("青年公寓志愿小分队", "送货"),
    }


def test_four_staff_are_seconded_to_the_city_command_center(small_world):
    seconded = Membership.objects.filter(seconded_to=SECONDED_TO)
    assert seconded.count() == 4
    assert {m.person.employment_status for m in seconded} == {"employed"}


def test_retiree_organizer_is_a_48_year_party_member_serving_in_dongyuan(small_world):
    organizer = Person.objects.get(memberships__title="组织委员兼纪检委员")
    assert organizer.memberships.get(title="组织委员兼纪检委员").branch.name == "退休第一党支部"
    assert WORLD_DATE.year - organizer.party_joined_on.year == 48
    assert 60 <= age(organizer) < 70
    assert organizer.household.building.compound.name == DONGYUAN_COMPOUND
    assert organizer.memberships.filter(branch__name="社区志愿者队").exists()


def test_isolated_elderly_resident_lives_alone_over_eighty(small_world):
    compound, building, room = ELDERLY_HOME
    home = Household.objects.get(
        building__compound__name=compound, building__name=building, room=room
    )
    [elder] = home.residents.all()
    assert age(elder) >= 80
    assert elder.gender == "female" and elder.phone
    assert not elder.memberships.exists()


def test_retirees_are_60_to_85_and_only_in_retirees_branches(small_world):
    retirees = Person.objects.filter(memberships__branch__kind="retirees_branch").distinct()
    assert retirees.exists()
    assert {p.employment_status for p in retirees} == {"retired"}
    assert all(60 <= age(p) <= 85 for p in retirees)
    employed_in_retirees = Membership.objects.filter(
        branch__kind="retirees_branch", person__employment_status="employed"
    )
    assert not employed_in_retirees.exists()


def test_party_members_joined_after_eighteen_and_before_the_world_date(small_world):
    for person in Person.objects.exclude(party_joined_on=None):
        assert person.party_joined_on < WORLD_DATE
        assert person.party_joined_on.year - person.birth_date.year >= 18


def test_building_and_room_sort_keys_are_natural_keys(small_world):
    for building in Building.objects.all():
        assert building.sort_key == natural_key(building.name)
    for household in Household.objects.all():
        assert household.sort_key == natural_key(household.room)


def test_youth_apartment_rooms_run_from_101_up_to_the_top_floor(small_world):
    building = Building.objects.get(compound__name=YOUTH_COMPOUND, name="1号楼")
    rooms = list(building.households.values_list("room", flat=True))
    assert 10 <= building.floors <= 20
    assert rooms[0] == "101" and rooms[-1] == f"{building.floors}08"
    assert all(1 <= h.residents.count() <= 3 for h in building.households.all())


def test_no_real_name_from_the_seed_report_is_used(small_world):
    real = {"张贝", "何江江", "龚杰", "赵琴宝", "方欣叶", "邱易彤", "季雯雨", "尹欣"}
    assert not Person.objects.filter(name__in=real).exists()
