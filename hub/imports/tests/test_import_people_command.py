"""manage.py import_people: a system import that prints errors or counts."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from hub.imports.tests.files import RESIDENT_HEADER, counts, member_rows, xlsx
from hub.people.models import Membership, Person


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("import_people", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def members_file(tmp_path):
    path = tmp_path / "名册.xlsx"
    path.write_bytes(xlsx(member_rows(5)))
    return path


@pytest.mark.django_db
def test_command_imports_members_and_prints_counts(org, branch, members_file):
    out, _ = run(str(members_file), "--org", org.name)

    assert "created: 5" in out
    assert (Person.objects.count(), Membership.objects.count()) == (5, 5)

    out, _ = run(str(members_file), "--org", str(org.pk))
    assert "created: 0" in out and "unchanged: 5" in out
    assert Person.objects.count() == 5


@pytest.mark.django_db
def test_command_prints_every_error_and_writes_nothing(org, branch, tmp_path, nothing_written):
    rows = member_rows(4)
    rows[1][1] = "12345"
    rows[3][6] = "第九支部"
    path = tmp_path / "bad.xlsx"
    path.write_bytes(xlsx(rows))

    err = StringIO()
    with pytest.raises(CommandError, match="2 error"):
        call_command("import_people", str(path), "--org", org.name, stderr=err, stdout=StringIO())

    lines = err.getvalue().splitlines()
    assert lines[0].startswith("row 3, column 手机号: “12345” is not a valid phone number")
    assert (
        lines[1]
        == "row 5, column 所在支部: There is no branch named “第九支部” in this organization."
    )


@pytest.mark.django_db
def test_dry_run_writes_nothing(org, branch, members_file, nothing_written):
    out, _ = run(str(members_file), "--org", org.name, "--dry-run")

    assert "would be created: 5" in out
    assert "nothing was written" in out


@pytest.mark.django_db
def test_command_imports_residents_into_a_compound(org, compound, tmp_path):
    path = tmp_path / "r.csv"
    path.write_bytes(xlsx([["赵六", "13900000002", "3号楼", "1201", ""]], header=RESIDENT_HEADER))
    path = path.rename(tmp_path / "r.xlsx")

    out, _ = run(str(path), "--org", org.name, "--kind", "residents", "--compound", compound.name)

    assert "created: 1" in out
    assert counts()["households"] == 1


@pytest.mark.django_db
def test_command_refuses_unknown_organization(members_file):
    with pytest.raises(CommandError, match="no organization"):
        run(str(members_file), "--org", "不存在")
