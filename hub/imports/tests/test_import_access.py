"""An import never changes, attaches or reveals a person the importer may not change.

Rows are matched to existing people only among those the importer may change; a row whose ID
number belongs to anyone else gets one neutral error that does not say whether the number is
registered elsewhere.
"""

from __future__ import annotations

import pytest

from hub.accounts.models import Role, RoleGrant, User
from hub.errors import DomainError
from hub.imports.actions import apply_import, upload_import
from hub.imports.models import ImportBatch
from hub.imports.tests.files import NOW, RESIDENT_HEADER, counts, csv_bytes, id_number, shown, xlsx
from hub.people.models import Branch, Membership, Person
from hub.places.models import Building, Compound, Household

NEUTRAL = "This ID number cannot be used in this import; check it, or ask an administrator."


@pytest.fixture
def their_resident(other_org):
    compound = Compound.objects.create(organization=other_org, name="别家小区")
    building = Building.objects.create(compound=compound, name="1号楼")
    household = Household.objects.create(building=building, room="101")
    return Person.objects.create(
        name="外人甲", id_number=id_number(41), phone="13900000041", household=household
    )


@pytest.fixture
def their_member(other_org):
    branch = Branch.objects.create(organization=other_org, name="别家支部")
    person = Person.objects.create(name="外人乙", id_number=id_number(42), phone="13900000042")
    Membership.objects.create(branch=branch, person=person)
    return person


def _residents(by, org, compound, rows):
    return upload_import(
        by=by,
        organization=org,
        kind="residents",
        filename="r.xlsx",
        content=xlsx(rows, header=RESIDENT_HEADER),
        compound=compound,
    )


def _members(by, org, rows, header=("姓名", "手机号", "身份证号", "支部")):
    return upload_import(
        by=by,
        organization=org,
        kind="members",
        filename="m.csv",
        content=csv_bytes(rows, header=list(header)),
    )


@pytest.mark.django_db
def test_resident_of_another_organization_is_not_moved_by_a_coordinator(
    org, compound, coordinator, their_resident
):
    before = counts()
    rows = [[their_resident.name, "13900000041", "9号楼", "901", their_resident.id_number]]

    batch = _residents(coordinator, org, compound, rows)

    assert batch.status == ImportBatch.Status.INVALID
    assert shown(batch.errors) == [
        {"row": 2, "column": "身份证号", "reason": NEUTRAL, "code": "id_unavailable"}
    ]
    with pytest.raises(DomainError) as refused:
        apply_import(now=NOW, by=coordinator, batch=batch)
    assert refused.value.code == "not_valid"
    their_resident.refresh_from_db()
    assert their_resident.household.building.compound.name == "别家小区"
    assert counts() == before


@pytest.mark.django_db
def test_member_of_another_organization_is_not_attached(org, branch, admin, their_member):
    before = counts()
    rows = [[their_member.name, "13900000042", their_member.id_number, "第一党支部"]]

    batch = _members(admin, org, rows)

    assert batch.status == ImportBatch.Status.INVALID
    assert [(e["code"], e["reason"]) for e in batch.errors] == [("id_unavailable", NEUTRAL)]
    assert not Membership.objects.filter(person=their_member, branch=branch).exists()
    assert counts() == before


@pytest.mark.django_db
def test_a_different_name_elsewhere_gets_the_same_neutral_error(org, branch, admin, their_member):
    rows = [["另一个名字", "13900000042", their_member.id_number, "第一党支部"]]

    batch = _members(admin, org, rows)

    assert [(e["code"], e["reason"]) for e in batch.errors] == [("id_unavailable", NEUTRAL)]
    assert "different name" not in str(batch.errors)


@pytest.mark.django_db
def test_person_registered_nowhere_the_importer_manages_is_refused_too(org, branch, admin):
    loose = Person.objects.create(name="无主", id_number=id_number(43))

    batch = _members(admin, org, [["无主", "13900000043", loose.id_number, "第一党支部"]])

    assert [e["code"] for e in batch.errors] == ["id_unavailable"]
    assert not Membership.objects.filter(person=loose).exists()


@pytest.mark.django_db
def test_secretary_does_not_take_over_a_member_of_another_branch(org, branch, retirees, committee):
    other = Branch.objects.create(organization=org, name="第二党支部", parent=committee)
    person = Person.objects.create(name="丙", id_number=id_number(44), phone="13900000044")
    Membership.objects.create(branch=other, person=person)
    secretary = User.objects.create_user(username="sec2", password=None)
    RoleGrant.objects.create(
        user=secretary, role=Role.BRANCH_SECRETARY, organization=org, branch=branch
    )

    batch = _members(secretary, org, [["丙", "13800000000", person.id_number, "第一党支部"]])

    assert [e["code"] for e in batch.errors] == ["id_unavailable"]
    person.refresh_from_db()
    assert person.phone == "13900000044"
    assert list(person.memberships.values_list("branch", flat=True)) == [other.pk]


@pytest.mark.django_db
def test_own_resident_is_still_matched_and_moved(org, compound, coordinator):
    rows = [["赵六", "13900000002", "12号楼", "1201", id_number(11)]]
    apply_import(now=NOW, by=coordinator, batch=_residents(coordinator, org, compound, rows))
    rows[0][3] = "1202"

    batch = apply_import(
        now=NOW, by=coordinator, batch=_residents(coordinator, org, compound, rows)
    )

    assert batch.result == {"created": 0, "updated": 1, "unchanged": 0}
    assert Person.objects.get().household.room == "1202"
