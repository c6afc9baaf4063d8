"""The header is found under merged title rows, by its Chinese or English names."""

from __future__ import annotations

import pytest

from hub.imports.actions import apply_import, upload_import
from hub.imports.columns import field_for
from hub.imports.models import ImportBatch
from hub.imports.tests.files import NOW, csv_bytes, id_number, xlsx
from hub.people.models import Person


@pytest.mark.django_db
def test_header_under_merged_title_rows_is_found(org, branch, admin):
    content = xlsx(
        [["张三", "13912345678", "男", id_number(1), "党员", "在职", "第一党支部", "委员"]],
        titles=["上海市某卫生中心", "2022年党员志愿者名册"],
    )

    batch = upload_import(
        by=admin, organization=org, kind="members", filename="a.xlsx", content=content
    )

    assert batch.status == ImportBatch.Status.VALID, batch.errors
    assert batch.preview[0]["row"] == 4
    apply_import(now=NOW, by=admin, batch=batch)
    assert Person.objects.get().name == "张三"


@pytest.mark.django_db
def test_english_headers_and_synonyms_are_accepted(org, branch, admin):
    content = csv_bytes(
        [["Li Si", "+86 139 1234 5678", "F", "1990/1/31", "Party member", "Retired", "第一党支部"]],
        header=[
            "Full Name",
            "Mobile",
            "Sex",
            "Date of birth",
            "Political status",
            "Employment",
            "Branch",
        ],
    )

    batch = upload_import(
        by=admin, organization=org, kind="members", filename="a.csv", content=content
    )
    apply_import(now=NOW, by=admin, batch=batch)

    person = Person.objects.get()
    assert (person.name, person.phone, person.gender) == ("Li Si", "13912345678", "female")
    assert person.birth_date.isoformat() == "1990-01-31"
    assert (person.political_status, person.employment_status) == ("party_member", "retired")


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("姓名", "name"),
        ("名字", "name"),
        ("*姓名", "name"),
        ("手机号（必填）", "phone"),
        ("联系电话", "phone"),
        ("楼栋", "building"),
        ("房号", "room"),
        ("证件号码", "id_number"),
        ("所在支部", "branch"),
        ("出生日期(yyyy-mm-dd)", "birth_date"),
        ("ＩＤ Number", "id_number"),
        ("Volunteer No.", "volunteer_number"),
        ("备注", None),
    ],
)
def test_header_synonyms_map_to_fields(header, field):
    assert field_for(header) == field
