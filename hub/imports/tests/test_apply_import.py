"""Applying a valid batch: all rows in one go, and importing the same file again adds nothing."""

from __future__ import annotations

import pytest

from hub.errors import DomainError
from hub.imports.actions import apply_import, upload_import
from hub.imports.models import ImportBatch
from hub.imports.tests.files import NOW, counts, csv_bytes, id_number, member_rows, shown, xlsx
from hub.people.models import Branch, Membership, Person


def upload(by, org, content, filename="a.xlsx"):
    return upload_import(
        by=by, organization=org, kind="members", filename=filename, content=content
    )


@pytest.mark.django_db
def test_good_file_imports_people_and_memberships(org, branch, admin, skills):
    content = csv_bytes(
        [
            [
                "张三",
                "13912345678",
                id_number(1, birth="19700315"),
                "党员",
                "2001-07-01",
                "驾驶、医护",
                "V-001",
            ]
        ],
        header=["姓名", "手机号", "身份证号", "政治面貌", "入党时间", "技能", "志愿者编号"],
    )
    batch = upload_import(
        by=admin, organization=org, kind="members", filename="a.csv", content=content, branch=branch
    )

    batch = apply_import(now=NOW, by=admin, batch=batch)

    assert batch.status == ImportBatch.Status.APPLIED
    assert batch.result == {"created": 1, "updated": 0, "unchanged": 0}
    assert batch.applied_at is not None
    person = Person.objects.get()
    assert person.birth_date.isoformat() == "1970-03-15"  # from the ID number
    assert person.gender == "male"  # the 17th digit of the ID number is odd
    assert person.party_joined_on.isoformat() == "2001-07-01"
    assert person.volunteer_number == "V-001"
    assert set(person.skills.values_list("code", flat=True)) == {"driver", "medical"}
    assert Membership.objects.get().branch == branch


@pytest.mark.django_db
def test_importing_the_same_file_again_adds_nothing(org, branch, admin):
    content = xlsx(member_rows(50))
    apply_import(now=NOW, by=admin, batch=upload(admin, org, content))
    after_first = counts()

    again = apply_import(now=NOW, by=admin, batch=upload(admin, org, content))

    assert again.result == {"created": 0, "updated": 0, "unchanged": 50}
    assert counts() == after_first


@pytest.mark.django_db
def test_reimport_with_changes_updates_in_place(org, branch, admin):
    rows = member_rows(3)
    apply_import(now=NOW, by=admin, batch=upload(admin, org, xlsx(rows)))
    version = Person.objects.get(name=rows[0][0]).version
    rows[0][1] = "13800000000"

    again = apply_import(now=NOW, by=admin, batch=upload(admin, org, xlsx(rows)))

    assert again.result == {"created": 0, "updated": 1, "unchanged": 2}
    changed = Person.objects.get(name=rows[0][0])
    assert changed.phone == "13800000000"
    assert changed.version == version + 1
    assert Person.objects.count() == 3


@pytest.mark.django_db
def test_rows_without_id_match_by_name_and_phone_and_gain_an_id(org, branch, admin):
    header = ["姓名", "手机号", "所在支部"]
    apply_import(
        now=NOW,
        by=admin,
        batch=upload(
            admin, org, csv_bytes([["张三", "13912345678", "第一党支部"]], header=header), "a.csv"
        ),
    )
    with_id = csv_bytes(
        [["张三", "13912345678", "第一党支部", id_number(5)]], header=[*header, "身份证号"]
    )

    again = apply_import(now=NOW, by=admin, batch=upload(admin, org, with_id, "b.csv"))

    assert again.result == {"created": 0, "updated": 1, "unchanged": 0}
    assert Person.objects.get().id_number == id_number(5)


@pytest.mark.django_db
def test_id_number_of_own_member_under_another_name_is_refused(org, branch, admin):
    known = Person.objects.create(name="王五", id_number=id_number(7))
    Membership.objects.create(branch=branch, person=known)
    before = counts()
    content = csv_bytes(
        [["张三", "13912345678", id_number(7), "第一党支部"]],
        header=["姓名", "手机号", "身份证号", "支部"],
    )

    batch = upload(admin, org, content, "a.csv")

    assert batch.status == ImportBatch.Status.INVALID
    assert shown(batch.errors) == [
        {
            "row": 2,
            "column": "身份证号",
            "reason": "This ID number is already registered under a different name.",
            "code": "id_name_mismatch",
        }
    ]
    with pytest.raises(DomainError):
        apply_import(now=NOW, by=admin, batch=batch)
    assert counts() == before


@pytest.mark.django_db
def test_applying_twice_is_refused(org, branch, admin):
    batch = apply_import(now=NOW, by=admin, batch=upload(admin, org, xlsx(member_rows(2))))

    with pytest.raises(DomainError) as refused:
        apply_import(now=NOW, by=admin, batch=batch)
    assert refused.value.code == "already_applied"


@pytest.mark.django_db
def test_batch_that_became_invalid_writes_nothing(org, branch, admin, nothing_written):
    batch = upload(admin, org, xlsx(member_rows(2)))
    Branch.objects.filter(pk=branch.pk).update(name="改名支部")

    batch = apply_import(now=NOW, by=admin, batch=batch)

    assert batch.status == ImportBatch.Status.INVALID
    assert batch.errors[0]["code"] == "unknown_branch"


@pytest.mark.django_db
def test_volunteer_may_not_apply(org, branch, admin, volunteer, nothing_written):
    batch = upload(admin, org, xlsx(member_rows(2)))

    with pytest.raises(DomainError) as refused:
        apply_import(now=NOW, by=volunteer, batch=batch)
    assert refused.value.code == "forbidden"
