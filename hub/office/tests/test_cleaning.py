"""Cleaning rounds: recorded with agent and concentration, overdue alerts, the daily sheet."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from hub.errors import DomainError
from hub.notify.models import Message
from hub.office.actions.cleaning import check_cleaning, record_cleaning
from hub.office.exports import render_sheet_xlsx
from hub.office.models import CleaningArea, CleaningRecord
from hub.office.queries import area_sheet, cleaning_statuses
from hub.office.tests.conftest import at
from hub.privacy.models import AccessLog


def _round(cast: Any, area: CleaningArea, hour: int, minute: int = 0, **extra: Any) -> Any:
    values = {"done_by": "保洁张阿姨", "agent": "含氯消毒剂", "concentration_mg_l": 500, **extra}
    return record_cleaning(
        by=cast.desk, area=area, done_at=at(10, hour, minute), now=at(10, hour, minute), **values
    )


def test_a_lift_is_due_two_hours_after_its_last_round(cast: Any, lift: CleaningArea) -> None:
    _round(cast, lift, 8)
    (status,) = cleaning_statuses([lift], now=at(10, 9))
    assert (status.due_at, status.overdue, status.done_today) == (at(10, 10), False, 1)
    (status,) = cleaning_statuses([lift], now=at(10, 10, 5))
    assert status.overdue


def test_an_overdue_area_alerts_once_per_due_time(cast: Any, lift: CleaningArea) -> None:
    _round(cast, lift, 8)
    assert check_cleaning(now=at(10, 9, 59)) == 0
    assert check_cleaning(now=at(10, 10, 15)) == 1
    assert check_cleaning(now=at(10, 10, 30)) == 0
    assert "1号电梯" in Message.objects.get().body
    _round(cast, lift, 10, 40)
    assert check_cleaning(now=at(10, 12, 45)) == 1  # the next round's due time is a new alert


def test_nothing_is_due_after_the_last_round_of_the_day(cast: Any, lift: CleaningArea) -> None:
    _round(cast, lift, 19)
    (status,) = cleaning_statuses([lift], now=at(10, 21, 30))
    assert status.due_at is None and not status.overdue


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        ({"concentration_mg_l": 0}, "invalid_concentration"),
        ({"concentration_mg_l": 20000}, "invalid_concentration"),
        ({"agent": " "}, "required"),
        ({"done_by": ""}, "required"),
    ],
)
def test_bad_rounds_change_nothing(
    cast: Any, lift: CleaningArea, extra: dict[str, Any], code: str
) -> None:
    with pytest.raises(DomainError) as refused:
        _round(cast, lift, 8, **extra)
    assert refused.value.code == code
    assert not CleaningRecord.objects.exists()


def test_other_organizations_and_volunteers_may_not_record(cast: Any, lift: CleaningArea) -> None:
    for user in (cast.outsider, cast.volunteer):
        with pytest.raises(DomainError) as refused:
            record_cleaning(by=user, area=lift, done_by="x", agent="y", concentration_mg_l=500)
        assert refused.value.code == "forbidden"


def test_the_excel_sheet_is_masked_and_formula_escaped(cast: Any, lift: CleaningArea) -> None:
    _round(cast, lift, 8, note="=HYPERLINK(1)")
    content = render_sheet_xlsx(lift, at(10, 8).date(), area_sheet(lift, at(10, 8).date()))
    rows = list(openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert rows[2][:4] == ("08:00", "保****", "含氯消毒剂", "500 mg/L")
    assert rows[2][4] == "'=HYPERLINK(1)"


def test_sheet_downloads_are_logged(cast: Any, lift: CleaningArea) -> None:
    client = Client()
    client.force_login(cast.desk)
    for name in ("office:area-sheet-pdf", "office:area-sheet-xlsx"):
        reply = client.get(reverse(name, kwargs={"area_id": lift.pk}))
        assert reply.status_code == 200
    assert AccessLog.objects.filter(subject_type="office.cleaning_sheet").count() == 2
