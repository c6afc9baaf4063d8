from __future__ import annotations

import datetime as dt

from hub.notify.models import Message
from hub.screening.actions import plan_slots, send_call_ups
from hub.testing.builders import at, make_screening_round


def test_call_ups_go_to_each_building_due_within_half_an_hour_once(cast):
    coordinator = cast.users["coordinator"]
    round_ = make_screening_round(cast, capacity=1, hours=2, slot_minutes=30)
    plan_slots(by=coordinator, round_=round_)
    # One point taking one resident per slot: one building goes at 08:00, the other at 08:30.
    assert round_.assignments.filter(slot__index=1).count() == 1
    sent = send_call_ups(by=coordinator, round_=round_, now=at(4, 2, 7, 40))
    assert sent == 1
    message = Message.objects.get(template="screening.call_up")
    # No robot configured in the test world: the message is kept as unrouted, not lost.
    assert message.status in ("unrouted", "pending")
    assert "采样点1" in message.body and "08:00" in message.body
    assert send_call_ups(by=coordinator, round_=round_, now=at(4, 2, 7, 45)) == 0
    assert Message.objects.filter(template="screening.call_up").count() == 1


def test_nothing_is_called_up_hours_ahead(cast):
    coordinator = cast.users["coordinator"]
    round_ = make_screening_round(cast)
    plan_slots(by=coordinator, round_=round_)
    assert (
        send_call_ups(by=coordinator, round_=round_, now=at(4, 2, 8) - dt.timedelta(hours=3)) == 0
    )
