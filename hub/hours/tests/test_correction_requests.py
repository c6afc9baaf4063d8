"""A volunteer asks for a correction; the organizer accepts or rejects with a note."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from hub.errors import DomainError
from hub.hours.actions.ledger import confirm_entry, decide_correction, request_correction
from hub.hours.models import CorrectionRequest, HourEntry
from hub.hours.queries import confirmed_hours, correction_requests_for
from hub.notify.models import Message
from hub.testing.builders import at, entry_for, rc_world


@pytest.fixture
def entry(cast: Any) -> HourEntry:
    world = rc_world(cast)
    entry = entry_for(
        cast.coordinator, world["shift"], cast.volunteer.person, at(4, 12, 8), at(4, 12, 10)
    )
    return confirm_entry(by=cast.coordinator, entry=entry, now=at(4, 12, 13))


def ask(cast: Any, entry: HourEntry, hours: str = "4") -> CorrectionRequest:
    return request_correction(
        by=cast.volunteer, entry=entry, proposed_hours=hours, reason="十点后还在送货"
    )


def test_the_volunteer_asks_for_a_correction_of_their_own_entry(
    cast: Any, entry: HourEntry
) -> None:
    request = ask(cast, entry)

    assert request.status == CorrectionRequest.Status.OPEN
    assert request.proposed_hours == Decimal(4)
    assert list(correction_requests_for(cast.volunteer)) == [request]


def test_someone_else_cannot_ask_for_a_correction_of_the_volunteers_entry(
    cast: Any, entry: HourEntry
) -> None:
    with pytest.raises(DomainError) as refused:
        request_correction(by=cast.coordinator, entry=entry, proposed_hours="4", reason="x")

    assert refused.value.code == "forbidden"


def test_one_open_request_per_entry(cast: Any, entry: HourEntry) -> None:
    ask(cast, entry)

    with pytest.raises(DomainError) as refused:
        ask(cast, entry, hours="5")

    assert refused.value.code == "already_requested"


def test_accepting_corrects_the_entry_and_tells_the_volunteer(cast: Any, entry: HourEntry) -> None:
    request = ask(cast, entry)

    decided = decide_correction(by=cast.coordinator, request=request, accept=True, note="核实无误")

    assert decided.status == CorrectionRequest.Status.ACCEPTED
    assert decided.decided_by == cast.coordinator
    assert confirmed_hours(person=cast.volunteer.person) == Decimal(4)
    entry.refresh_from_db()
    assert entry.hours == Decimal(2)  # the original stays
    message = Message.objects.get(
        recipient=cast.volunteer.person, template__startswith="hours.correction"
    )
    assert message.template == "hours.correction_accepted"
    assert "4" in message.body


def test_rejecting_needs_a_note_and_keeps_the_hours(cast: Any, entry: HourEntry) -> None:
    request = ask(cast, entry)

    with pytest.raises(DomainError) as refused:
        decide_correction(by=cast.coordinator, request=request, accept=False, note="")
    assert (refused.value.code, refused.value.field) == ("note_required", "note")

    decided = decide_correction(
        by=cast.coordinator, request=request, accept=False, note="签退记录为十点"
    )

    assert decided.status == CorrectionRequest.Status.REJECTED
    assert decided.decision_note == "签退记录为十点"
    assert confirmed_hours(person=cast.volunteer.person) == Decimal(2)
    assert HourEntry.objects.count() == 1
    assert (
        Message.objects.get(template__startswith="hours.correction").template
        == "hours.correction_rejected"
    )


def test_a_request_is_decided_once(cast: Any, entry: HourEntry) -> None:
    request = ask(cast, entry)
    decide_correction(by=cast.coordinator, request=request, accept=True)

    with pytest.raises(DomainError) as refused:
        decide_correction(by=cast.rc_admin, request=request, accept=False, note="no")

    assert refused.value.code == "already_decided"
    assert HourEntry.objects.filter(entry_type="correction").count() == 1


def test_another_organization_cannot_decide(cast: Any, entry: HourEntry) -> None:
    request = ask(cast, entry)

    with pytest.raises(DomainError) as refused:
        decide_correction(by=cast.outsider, request=request, accept=True)

    assert refused.value.code == "forbidden"
    request.refresh_from_db()
    assert request.status == CorrectionRequest.Status.OPEN


def test_the_volunteer_may_ask_again_after_a_rejection(cast: Any, entry: HourEntry) -> None:
    request = ask(cast, entry)
    decide_correction(by=cast.coordinator, request=request, accept=False, note="签退为十点")

    again = ask(cast, entry, hours="3")

    assert again.status == CorrectionRequest.Status.OPEN
