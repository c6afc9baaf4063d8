"""The shared retention purge runs every registered purger, logs each, and is idempotent."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from hub.imports.actions import apply_import, upload_import
from hub.imports.models import ImportBatch
from hub.imports.tests.files import member_rows, xlsx
from hub.jobs.actions import run_job_now
from hub.people.models import Branch, Organization
from hub.privacy import retention
from hub.privacy.models import PurgeLog
from hub.retention.purge import purge_expired, schedule_purge

pytestmark = pytest.mark.django_db


@pytest.fixture
def only(monkeypatch):
    """Run the purge over exactly the given purgers (the registry as it is otherwise)."""

    def use(**purgers):
        monkeypatch.setattr(retention, "_PURGERS", dict(purgers))

    return use


def test_every_purger_runs_and_each_gets_a_log_row(only) -> None:
    calls = []
    only(**{"b.two": lambda now: calls.append(("b", now)) or 2, "a.one": lambda now: 1})
    now = timezone.now()

    assert purge_expired(now=now) == {"a.one": 1, "b.two": 2}
    assert calls == [("b", now)]
    assert list(PurgeLog.objects.order_by("purger").values_list("purger", "removed")) == [
        ("a.one", 1),
        ("b.two", 2),
    ]


def test_a_failing_purger_is_logged_and_does_not_stop_the_others(only) -> None:
    def broken(now):
        raise RuntimeError("disk on fire")

    only(**{"a.broken": broken, "b.fine": lambda now: 3})

    assert purge_expired(now=timezone.now()) == {"a.broken": -1, "b.fine": 3}
    assert "disk on fire" in PurgeLog.objects.get(purger="a.broken").error


def test_the_purge_runs_as_a_job(only) -> None:
    only(**{"a.one": lambda now: 4})

    job = run_job_now(schedule_purge(now=timezone.now()).pk)

    assert job.status == "succeeded"
    assert job.result == {"removed": {"a.one": 4}}


def test_the_import_file_purger_is_registered() -> None:
    assert "imports.files" in retention.registered_purgers()


def _batch(org):
    return upload_import(
        by=None,
        organization=org,
        kind="members",
        filename="a.xlsx",
        content=xlsx(member_rows(2)),
        system=True,
    )


def test_an_applied_import_keeps_no_file(settings) -> None:
    org = Organization.objects.create(name="单位", kind="charity")
    Branch.objects.create(organization=org, name="第一党支部")
    batch = apply_import(by=None, batch=_batch(org), now=timezone.now(), system=True)

    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED
    assert bytes(batch.content) == b""


def test_unapplied_files_go_after_their_retention_and_a_second_run_removes_nothing(settings):
    org = Organization.objects.create(name="单位", kind="charity")
    Branch.objects.create(organization=org, name="第一党支部")
    batch = _batch(org)
    assert batch.status == ImportBatch.Status.VALID
    uploaded = batch.created_at

    early = uploaded + dt.timedelta(days=settings.IMPORT_FILE_RETENTION_DAYS - 1)
    assert purge_expired(now=early)["imports.files"] == 0
    assert bytes(ImportBatch.objects.get(pk=batch.pk).content) != b""

    late = uploaded + dt.timedelta(days=settings.IMPORT_FILE_RETENTION_DAYS, seconds=1)
    assert purge_expired(now=late)["imports.files"] == 1
    assert purge_expired(now=late)["imports.files"] == 0
    kept = ImportBatch.objects.get(pk=batch.pk)
    assert bytes(kept.content) == b""
    assert kept.row_count == 2  # the batch's record stays
    assert PurgeLog.objects.filter(purger="imports.files").count() == 3


def test_the_command_runs_the_purge(only, capsys) -> None:
    only(**{"a.one": lambda now: 5})

    call_command("purge_retention")

    assert "a.one: 5" in capsys.readouterr().out
    assert PurgeLog.objects.get().removed == 5
