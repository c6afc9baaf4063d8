"""Office fixtures built through the real actions: the health center's building and its staff."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from hub.office.actions.cleaning import create_area
from hub.office.actions.contractors import add_worker, create_company, set_requirement
from hub.office.actions.entries import create_site
from hub.office.models import CleaningArea, ContractorWorker, Site

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A Shanghai time in April 2022."""
    return dt.datetime(2022, 4, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
def site(cast: Any) -> Site:
    return create_site(by=cast.office, organization=cast.org_health, name="中心办公楼")


@pytest.fixture
def guard(cast: Any, site: Site) -> ContractorWorker:
    company = create_company(by=cast.office, organization=cast.org_health, name="安保物业公司")
    worker = add_worker(
        by=cast.office, company=company, name="刘保安", phone="13300001111", role="security"
    )
    add_worker(by=cast.office, company=company, name="陈保安", phone="13300002222", role="security")
    set_requirement(by=cast.office, site=site, role="security", expected=2, due_by=dt.time(8, 30))
    return worker


@pytest.fixture
def lift(cast: Any) -> CleaningArea:
    return create_area(
        by=cast.office, organization=cast.org_health, name="1号电梯", kind="lift", every_minutes=120
    )


def visitor(**overrides: Any) -> dict[str, Any]:
    """A visitor's one-page form, green and tested yesterday unless overridden."""
    values: dict[str, Any] = {
        "kind": "visitor",
        "method": "qr",
        "name": "李访客",
        "phone": "13912345678",
        "purpose": "送文件",
        "host": "王主任",
        "code_colour": "green",
        "tested_on": dt.date(2022, 4, 9),
    }
    values.update(overrides)
    return values
