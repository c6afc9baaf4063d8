"""A single bad phone deep in a 10,000-row file stops the whole file, and says where."""

from __future__ import annotations

import pytest

from hub.errors import DomainError
from hub.imports.actions import apply_import, upload_import
from hub.imports.models import ImportBatch
from hub.imports.tests.files import NOW, member_rows, shown, xlsx


@pytest.mark.django_db
def test_bad_phone_at_row_5000_of_10000_writes_nothing(org, branch, admin, nothing_written):
    rows = member_rows(10_000)
    rows[4998][1] = "139-1234-567"  # spreadsheet row 5,000: the header is row 1
    content = xlsx(rows)

    batch = upload_import(
        by=admin,
        organization=org,
        kind="members",
        filename="big.xlsx",
        content=content,
        inline=True,
    )

    assert batch.status == ImportBatch.Status.INVALID
    assert batch.row_count == 10_000
    assert batch.error_count == 1
    assert shown(batch.errors) == [
        {
            "row": 5000,
            "column": "手机号",
            "reason": "“139-1234-567” is not a valid phone number "
            "(11-digit mobile or landline with area code).",
            "code": "phone",
        }
    ]
    with pytest.raises(DomainError) as refused:
        apply_import(now=NOW, by=admin, batch=batch, inline=True)
    assert refused.value.code == "not_valid"


@pytest.mark.django_db
def test_errors_beyond_a_thousand_are_counted_but_not_kept(org, branch, admin, nothing_written):
    rows = member_rows(1_200)
    for values in rows:
        values[1] = "12345"
    batch = upload_import(
        by=admin,
        organization=org,
        kind="members",
        filename="bad.xlsx",
        content=xlsx(rows),
        inline=True,
    )

    assert batch.error_count == 1_200
    assert len(batch.errors) == 1_000
