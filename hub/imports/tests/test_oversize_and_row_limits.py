"""Over-size files are refused before anything is stored; too many rows are refused unread."""

from __future__ import annotations

import pytest

from hub.errors import DomainError
from hub.imports.actions import upload_import
from hub.imports.models import ImportBatch
from hub.imports.tests.files import csv_bytes, member_rows


@pytest.mark.django_db
def test_over_size_file_is_refused_and_not_stored(org, branch, admin, settings, nothing_written):
    settings.IMPORT_MAX_BYTES = 1024
    content = csv_bytes(member_rows(100))

    with pytest.raises(DomainError) as refused:
        upload_import(by=admin, organization=org, kind="members", filename="a.csv", content=content)

    assert refused.value.code == "too_large"
    assert "largest file accepted" in refused.value.message
    assert not ImportBatch.objects.exists()


@pytest.mark.django_db
def test_file_with_too_many_rows_is_refused(org, branch, admin, settings, nothing_written):
    settings.IMPORT_MAX_ROWS = 5
    content = csv_bytes(member_rows(100))

    batch = upload_import(
        by=admin, organization=org, kind="members", filename="a.csv", content=content
    )

    assert batch.status == ImportBatch.Status.INVALID
    assert batch.errors[0]["code"] == "too_many_rows"
    assert batch.errors[0]["row"] == 0
    assert "at most 5 rows" in batch.errors[0]["reason"]
