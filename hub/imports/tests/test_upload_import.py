"""Who may upload which file, and what an upload stores."""

from __future__ import annotations

import pytest

from hub.errors import DomainError
from hub.imports.actions import apply_import, upload_import
from hub.imports.models import ImportBatch
from hub.imports.tests.files import MEMBER_HEADER, NOW, RESIDENT_HEADER, csv_bytes, id_number, xlsx
from hub.people.models import Membership

MEMBERS = csv_bytes([["张三", "13912345678", "男", id_number(1), "党员", "在职", "第一党支部", ""]])


def upload(by, org, **kwargs):
    kwargs.setdefault("kind", "members")
    kwargs.setdefault("filename", "a.csv")
    kwargs.setdefault("content", MEMBERS)
    return upload_import(by=by, organization=org, **kwargs)


@pytest.mark.django_db
def test_org_admin_upload_is_validated_and_stored(org, branch, admin):
    batch = upload(admin, org)

    assert batch.status == ImportBatch.Status.VALID
    assert (batch.row_count, batch.error_count, batch.errors) == (1, 0, [])
    assert batch.created_by == admin
    assert batch.size == len(MEMBERS) and len(batch.sha256) == 64
    assert batch.result == {"planned": {"created": 1, "updated": 0, "unchanged": 0}}
    assert batch.job is None


@pytest.mark.django_db
def test_preview_shows_the_files_own_columns_and_values_with_personal_ones_masked(
    org, branch, admin
):
    batch = upload(admin, org)

    assert [c["title"] for c in batch.columns] == MEMBER_HEADER
    row = batch.preview[0]
    assert (row["row"], row["status"]) == (2, "new")
    assert row["cells"][:3] == ["张*", "139****5678", "男"]
    assert row["cells"][3].startswith("310") and "*" in row["cells"][3]
    assert row["cells"][4:7] == ["党员", "在职", "第一党支部"]
    assert "13912345678" not in str(batch.preview) and id_number(1) not in str(batch.preview)


@pytest.mark.django_db
def test_volunteer_may_not_upload(org, branch, volunteer, nothing_written):
    with pytest.raises(DomainError) as refused:
        upload(volunteer, org)
    assert refused.value.code == "forbidden"
    assert not ImportBatch.objects.exists()


@pytest.mark.django_db
def test_admin_of_another_organization_may_not_upload(org, branch, outsider):
    with pytest.raises(DomainError) as refused:
        upload(outsider, org)
    assert refused.value.code == "forbidden"


@pytest.mark.django_db
def test_branch_secretary_imports_into_own_branch(org, branch, secretary):
    batch = upload(secretary, org, branch=branch)
    apply_import(now=NOW, by=secretary, batch=batch)

    assert Membership.objects.get().branch == branch


@pytest.mark.django_db
def test_branch_secretary_may_not_import_into_another_branch(
    org, branch, retirees, secretary, nothing_written
):
    with pytest.raises(DomainError) as refused:
        upload(secretary, org, branch=retirees)
    assert refused.value.code == "forbidden"

    content = csv_bytes([["张三", "13912345678", "", "", "党员", "在职", "退休党支部", ""]])
    batch = upload(secretary, org, content=content)
    assert batch.status == ImportBatch.Status.INVALID
    assert batch.errors[0]["code"] == "branch_forbidden"
    assert (batch.errors[0]["row"], batch.errors[0]["column"]) == (2, "所在支部")


@pytest.mark.django_db
def test_default_branch_fills_rows_without_one(org, branch, admin):
    content = csv_bytes([["张三", "13912345678"]], header=["姓名", "手机"])
    batch = upload(admin, org, content=content, branch=branch)
    apply_import(now=NOW, by=admin, batch=batch)

    assert Membership.objects.get().branch == branch


@pytest.mark.django_db
def test_members_without_branch_or_default_are_refused(org, branch, admin):
    content = csv_bytes([["张三", "13912345678"]], header=["姓名", "手机"])
    batch = upload(admin, org, content=content)

    assert batch.errors[0]["code"] == "branch_required"
    assert batch.errors[0]["column"] == "Branch (支部)"


@pytest.mark.django_db
def test_coordinator_uploads_residents_of_own_compound(org, compound, coordinator):
    content = xlsx([["赵六", "13900000002", "3号楼", "1201", ""]], header=RESIDENT_HEADER)
    batch = upload(
        coordinator, org, kind="residents", filename="r.xlsx", content=content, compound=compound
    )

    assert batch.status == ImportBatch.Status.VALID


@pytest.mark.django_db
def test_coordinator_may_not_upload_members(org, branch, coordinator):
    with pytest.raises(DomainError) as refused:
        upload(coordinator, org)
    assert refused.value.code == "forbidden"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"kind": "pets"}, "invalid_kind"),
        ({"kind": "residents"}, "compound_required"),
    ],
)
def test_upload_target_is_checked(org, admin, kwargs, code):
    with pytest.raises(DomainError) as refused:
        upload(admin, org, **kwargs)
    assert refused.value.code == code


@pytest.mark.django_db
def test_compound_of_another_organization_is_refused(org, other_org, admin):
    from hub.places.models import Compound

    elsewhere = Compound.objects.create(organization=other_org, name="别处小区")
    with pytest.raises(DomainError) as refused:
        upload(admin, org, kind="residents", compound=elsewhere)
    assert refused.value.code == "compound_mismatch"
