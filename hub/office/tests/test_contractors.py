"""Contractor staff, expected attendance, and the alert for a role still short at its time."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from hub.errors import DomainError
from hub.jobs.actions import create_job, run_job_now
from hub.notify.models import Message
from hub.office.actions.contractors import add_worker, check_attendance, set_requirement
from hub.office.actions.entries import record_entry
from hub.office.jobs import ATTENDANCE_JOB
from hub.office.models import AttendanceRequirement, ContractorWorker, Site
from hub.office.tests.conftest import at, visitor


def _arrive(site: Site, phone: str, hour: int = 8) -> None:
    record_entry(by=None, site=site, now=at(10, hour), **visitor(kind="contractor", phone=phone))


def test_a_role_short_after_its_time_alerts_once_naming_who_is_missing(
    site: Site, guard: ContractorWorker
) -> None:
    _arrive(site, "13300001111")
    assert check_attendance(now=at(10, 8, 15)) == 0  # not yet 08:30
    assert check_attendance(now=at(10, 8, 45)) == 1
    message = Message.objects.get()
    assert "1" in message.body and "2" in message.body
    assert "陈**" in message.body and "刘**" not in message.body
    assert check_attendance(now=at(10, 9, 0)) == 0  # once per day
    assert check_attendance(now=at(11, 8, 45)) == 1  # the next day is a new day


def test_a_full_role_does_not_alert(site: Site, guard: ContractorWorker) -> None:
    _arrive(site, "13300001111")
    _arrive(site, "13300002222")
    assert check_attendance(now=at(10, 9)) == 0
    assert Message.objects.count() == 0


def test_the_job_runs_the_same_check_and_is_idempotent(site: Site, guard: ContractorWorker) -> None:
    params = {"now": at(10, 9).isoformat()}
    assert run_job_now(create_job(kind=ATTENDANCE_JOB, params=params).pk).result == {"alerts": 1}
    assert run_job_now(create_job(kind=ATTENDANCE_JOB, params=params).pk).result == {"alerts": 0}


def test_setting_a_requirement_again_updates_it(cast: Any, site: Site) -> None:
    set_requirement(by=cast.office, site=site, role="cleaning", expected=2, due_by=dt.time(7, 30))
    set_requirement(by=cast.office, site=site, role="cleaning", expected=3, due_by=dt.time(8))
    assert AttendanceRequirement.objects.get(site=site, role="cleaning").expected == 3


@pytest.mark.parametrize(
    ("values", "code"),
    [
        ({"role": "cleaning", "expected": 0}, "invalid_expected"),
        ({"role": "chef", "expected": 2}, "invalid_role"),
    ],
)
def test_bad_requirements_change_nothing(
    cast: Any, site: Site, values: dict[str, Any], code: str
) -> None:
    with pytest.raises(DomainError) as refused:
        set_requirement(by=cast.office, site=site, due_by=dt.time(8), **values)
    assert refused.value.code == code
    assert not AttendanceRequirement.objects.exists()


def test_only_managers_add_workers_and_phones_are_unique(
    cast: Any, site: Site, guard: ContractorWorker
) -> None:
    company = guard.company
    for user, code in ((cast.desk, "forbidden"), (cast.outsider, "forbidden")):
        with pytest.raises(DomainError) as refused:
            add_worker(by=user, company=company, name="王", phone="13300003333", role="cleaning")
        assert refused.value.code == code
    with pytest.raises(DomainError) as refused:
        add_worker(by=cast.office, company=company, name="王", phone="13300001111", role="cleaning")
    assert (refused.value.code, refused.value.field) == ("duplicate", "phone")
    with pytest.raises(DomainError) as refused:
        add_worker(by=cast.office, company=company, name="王", phone="1", role="cleaning")
    assert refused.value.code == "invalid_phone"
    assert ContractorWorker.objects.count() == 2
