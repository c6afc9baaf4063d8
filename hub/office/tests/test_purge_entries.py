"""Entry records leave after their site's retention period; the purge is idempotent."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management import call_command

from hub.jobs.actions import create_job, run_job_now
from hub.office.actions.entries import create_site, record_entry
from hub.office.jobs import PURGE_JOB
from hub.office.models import Entry, Site
from hub.office.tests.conftest import at, visitor
from hub.privacy.retention import registered_purgers


def _entries(site: Site, day: int) -> Entry:
    return record_entry(by=None, site=site, now=at(day, 9), **visitor(tested_on=None))


def test_registered_purger_removes_expired_entries_once(cast: Any, site: Site) -> None:
    gate = create_site(
        by=cast.office, organization=cast.org_health, name="东门", kind="gate", retention_days=3
    )
    old, recent = _entries(site, 1), _entries(site, 10)
    gate_old = _entries(gate, 8)
    purge = registered_purgers()["office.entries"]

    assert purge(at(14, 9)) == 1  # the gate keeps 3 days: its 8 April entry goes
    assert set(Entry.objects.values_list("pk", flat=True)) == {old.pk, recent.pk}
    assert purge(at(16, 9)) == 1  # the building keeps 14 days: 1 April goes on the 15th
    assert purge(at(16, 9)) == 0
    assert list(Entry.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not Entry.objects.filter(pk=gate_old.pk).exists()


def test_purge_job_and_command_run_the_same_purger(site: Site) -> None:
    _entries(site, 1)
    job = create_job(kind=PURGE_JOB, params={"now": at(20, 9).isoformat()})
    assert run_job_now(job.pk).result == {"removed": 1}
    again = create_job(kind=PURGE_JOB, params={"now": at(20, 9).isoformat()})
    assert run_job_now(again.pk).result == {"removed": 0}
    _entries(site, 2)
    call_command("run_office_checks", now=at(30, 9).isoformat(), stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Entry.objects.count() == 0
    assert dt.timedelta(days=site.retention_days) == dt.timedelta(days=14)
