"""Entries are judged by the site's rule; refusals alert; bad input writes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from hub.errors import DomainError
from hub.notify.models import Message
from hub.office.actions.entries import record_entry, update_site
from hub.office.models import Entry, Site
from hub.office.reasons import describe_reasons
from hub.office.tests.conftest import at, visitor


def test_green_visitor_tested_yesterday_is_admitted_and_stored_masked(site: Site) -> None:
    entry = record_entry(by=None, site=site, now=at(10, 9), **visitor())
    assert entry.outcome == Entry.Outcome.ADMITTED
    assert entry.masked_name == "李**"
    assert entry.masked_phone == "139****5678"
    assert Message.objects.count() == 0


def test_yellow_code_is_refused_with_reason_in_both_languages_and_alerts(site: Site) -> None:
    entry = record_entry(by=None, site=site, now=at(10, 9), **visitor(code_colour="yellow"))
    assert entry.outcome == Entry.Outcome.REFUSED
    assert [r["code"] for r in entry.reasons] == ["code_not_green"]
    assert describe_reasons(entry.reasons, "en") == "The declared health code is Yellow, not green."
    assert "不是绿码" in describe_reasons(entry.reasons, "zh-hans")
    message = Message.objects.get()
    assert (message.organization_id, message.template) == (
        site.organization_id,
        "office.entry_refused",
    )
    assert "李**" in message.body


def test_test_older_than_48_hours_is_refused(site: Site) -> None:
    entry = record_entry(
        by=None, site=site, now=at(10, 9), **visitor(tested_on=dt.date(2022, 4, 8))
    )
    assert entry.reasons == [{"code": "test_expired", "hours": 48, "date": "2022-04-08"}]


def test_missing_test_is_refused_unless_the_site_requires_none(cast: Any, site: Site) -> None:
    entry = record_entry(by=None, site=site, now=at(10, 9), **visitor(tested_on=None))
    assert entry.reasons[0]["code"] == "test_missing"
    update_site(
        by=cast.office,
        site=site,
        name=site.name,
        kind=site.kind,
        require_green=True,
        test_valid_hours=None,
        retention_days=14,
    )
    site.refresh_from_db()
    again = record_entry(by=None, site=site, now=at(10, 9), **visitor(tested_on=None))
    assert again.outcome == Entry.Outcome.ADMITTED


@pytest.mark.parametrize(
    ("overrides", "code", "field"),
    [
        ({"name": " "}, "required", "name"),
        ({"phone": "12345"}, "invalid_phone", "phone"),
        ({"host": ""}, "required", "host"),
        ({"code_colour": "blue"}, "invalid_colour", "code_colour"),
        ({"tested_on": dt.date(2022, 4, 11)}, "future_test", "tested_on"),
        ({"kind": "alien"}, "invalid_kind", "kind"),
        ({"kind": "contractor", "phone": "13800009999"}, "unknown_contractor", "phone"),
    ],
)
def test_bad_input_is_refused_and_writes_nothing(
    site: Site, overrides: dict[str, Any], code: str, field: str
) -> None:
    with pytest.raises(DomainError) as refused:
        record_entry(by=None, site=site, now=at(10, 9), **visitor(**overrides))
    assert (refused.value.code, refused.value.field) == (code, field)
    assert Entry.objects.count() == 0
    assert Message.objects.count() == 0


def test_known_contractor_checks_in_by_phone(site: Site, guard: Any) -> None:
    entry = record_entry(
        by=None, site=site, now=at(10, 8), **visitor(kind="contractor", phone="133 0000 1111")
    )
    assert (entry.kind, entry.worker, entry.masked_name) == ("contractor", guard, "刘**")


def test_staff_check_in_needs_a_member_of_the_organization(cast: Any, site: Site) -> None:
    entry = record_entry(by=cast.volunteer, site=site, now=at(10, 8), **visitor(kind="staff"))
    assert entry.person == cast.volunteer.person
    with pytest.raises(DomainError) as refused:
        record_entry(by=cast.outsider, site=site, now=at(10, 8), **visitor(kind="staff"))
    assert refused.value.code == "forbidden"


def test_only_the_desk_records_entries_for_others(cast: Any, site: Site) -> None:
    manual = visitor(method="manual", phone="", host="")
    entry = record_entry(by=cast.desk, site=site, now=at(10, 9), arrived_at=at(10, 8), **manual)
    assert (entry.method, entry.recorded_by) == ("manual", cast.desk)
    for user in (None, cast.volunteer, cast.outsider):
        with pytest.raises(DomainError) as refused:
            record_entry(by=user, site=site, now=at(10, 9), **manual)
        assert refused.value.code == "forbidden"
    assert Entry.objects.count() == 1


def test_manual_entry_cannot_be_in_the_future_or_a_day_late(cast: Any, site: Site) -> None:
    manual = visitor(method="manual", phone="", host="")
    for arrived, code in ((at(10, 10), "future_arrival"), (at(9, 8), "too_late")):
        with pytest.raises(DomainError) as refused:
            record_entry(by=cast.desk, site=site, now=at(10, 9), arrived_at=arrived, **manual)
        assert refused.value.code == code
    assert Entry.objects.count() == 0


def test_a_replayed_key_returns_the_first_entry_and_alerts_once(cast: Any, site: Site) -> None:
    values = visitor(method="api", code_colour="red", key="gate-1-0001")
    first = record_entry(by=cast.desk, site=site, now=at(10, 9), **values)
    second = record_entry(by=cast.desk, site=site, now=at(10, 9), **values)
    assert first.pk == second.pk
    assert Entry.objects.count() == 1
    assert Message.objects.count() == 1
