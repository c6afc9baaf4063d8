"""The demo's office day runs through the real actions and ends in a summary."""

from __future__ import annotations

from typing import Any

from django.utils import translation

from hub.demo.synthetic import Synthesizer
from hub.notify.models import Message
from hub.office.demo import replay_office_day
from hub.office.models import CleaningRecord, Entry


def test_the_office_day_admits_one_visitor_refuses_one_and_alerts(cast: Any) -> None:
    with translation.override("zh-hans"):
        text = replay_office_day(
            organization=cast.org_health,
            branch=cast.branch_first,
            office=cast.office,
            desk=cast.desk,
            syn=Synthesizer(7),
        )
    visitors = Entry.objects.filter(kind="visitor", method="qr")
    assert sorted(visitors.values_list("outcome", flat=True)) == ["admitted", "refused"]
    assert Entry.objects.filter(kind="contractor", outcome="admitted").count() == 4
    assert CleaningRecord.objects.count() == 3
    templates = sorted(Message.objects.values_list("template", flat=True))
    assert templates == [
        "office.attendance_short",
        "office.cleaning_overdue",
        "office.entry_refused",
    ]
    assert "拒绝1人次" in text and "保安 2/2" in text and "超时：无" in text
