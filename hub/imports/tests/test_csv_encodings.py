"""CSV files saved by Excel or WPS in GBK, UTF-8 with BOM or UTF-8 are all read correctly."""

from __future__ import annotations

import pytest

from hub.imports.actions import apply_import, upload_import
from hub.imports.models import ImportBatch
from hub.imports.tests.files import NOW, csv_bytes, id_number
from hub.people.models import Membership, Person

ROWS = [
    [
        "欧阳娜娜",
        "１３９ １２３４ ５６７８",
        "女",
        id_number(2, birth="19851203"),
        "预备党员",
        "在职",
        "第一党支部",
        "组织委员",
    ],
    [],
    ["", "", "", "", "", "", "", ""],
    ["张贝", "021-6234-5678", "男", "", "群众", "退休", "退休党支部", ""],
]


@pytest.mark.django_db
@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig", "utf-8", "utf-16"])
def test_csv_in_each_encoding_imports_the_same_people(org, branch, retirees, admin, encoding):
    batch = upload_import(
        by=admin,
        organization=org,
        kind="members",
        filename="名册.csv",
        content=csv_bytes(ROWS, encoding=encoding),
    )
    assert batch.status == ImportBatch.Status.VALID, batch.errors
    assert batch.row_count == 2  # empty rows are skipped, not errors

    apply_import(now=NOW, by=admin, batch=batch)

    first, second = Person.objects.order_by("pk")
    assert (first.name, first.phone, first.id_number[-4:]) == (
        "欧阳娜娜",
        "13912345678",
        ROWS[0][3][-4:],
    )
    assert first.birth_date.isoformat() == "1985-12-03"
    assert first.political_status == "probationary"
    assert (second.name, second.phone, second.employment_status) == (
        "张贝",
        "02162345678",
        "retired",
    )
    assert Membership.objects.get(person=first).title == "组织委员"
    assert Membership.objects.get(person=second).branch == retirees
