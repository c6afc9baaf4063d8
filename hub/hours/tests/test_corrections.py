"""Corrections are a reversal plus a new entry; the original stays visible."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from hub.errors import DomainError
from hub.hours.actions.ledger import confirm_entry, correct_entry
from hub.hours.models import HourEntry
from hub.hours.queries import confirmed_hours, entry_history
from hub.testing.builders import at, entry_for, rc_world


@pytest.fixture
def entry(cast: Any) -> HourEntry:
    world = rc_world(cast)
    entry = entry_for(
        cast.coordinator, world["shift"], cast.volunteer.person, at(4, 12, 8), at(4, 12, 12)
    )
    return confirm_entry(by=cast.coordinator, entry=entry, now=at(4, 12, 13))


def test_a_correction_keeps_the_original_and_adds_a_reversal_and_a_new_entry(
    cast: Any, entry: HourEntry
) -> None:
    correction = correct_entry(by=cast.coordinator, entry=entry, hours="2.5", reason="提前离开")

    entry.refresh_from_db()
    assert entry.hours == Decimal(4)
    assert entry.status == HourEntry.Status.CONFIRMED
    reversal = HourEntry.objects.get(entry_type=HourEntry.EntryType.REVERSAL)
    assert (reversal.hours, reversal.reverses, reversal.reason) == (Decimal(-4), entry, "提前离开")
    assert (correction.hours, correction.reverses, correction.reason) == (
        Decimal("2.5"),
        entry,
        "提前离开",
    )
    assert correction.status == reversal.status == HourEntry.Status.CONFIRMED


def test_the_total_counts_a_corrected_entry_once_at_its_new_value(
    cast: Any, entry: HourEntry
) -> None:
    correct_entry(by=cast.coordinator, entry=entry, hours="2.5", reason="提前离开")

    assert confirmed_hours(person=cast.volunteer.person) == Decimal("2.5")


def test_the_history_shows_original_reversal_and_correction_in_order(
    cast: Any, entry: HourEntry
) -> None:
    correction = correct_entry(by=cast.coordinator, entry=entry, hours="2.5", reason="提前离开")
    again = correct_entry(by=cast.rc_admin, entry=correction, hours="3", reason="核对签到表")

    types = [(e.entry_type, e.hours) for e in entry_history(again)]

    assert types == [
        ("original", Decimal(4)),
        ("reversal", Decimal(-4)),
        ("correction", Decimal("2.5")),
        ("reversal", Decimal("-2.5")),
        ("correction", Decimal(3)),
    ]
    assert confirmed_hours(person=cast.volunteer.person) == Decimal(3)


def test_an_entry_is_reversed_at_most_once(cast: Any, entry: HourEntry) -> None:
    correct_entry(by=cast.coordinator, entry=entry, hours="2.5", reason="提前离开")

    with pytest.raises(DomainError) as refused:
        correct_entry(by=cast.coordinator, entry=entry, hours="3", reason="again")

    assert refused.value.code == "already_corrected"
    assert HourEntry.objects.filter(entry_type="reversal").count() == 1


def test_a_correction_needs_a_reason(cast: Any, entry: HourEntry) -> None:
    with pytest.raises(DomainError) as refused:
        correct_entry(by=cast.coordinator, entry=entry, hours="2", reason="  ")

    assert (refused.value.code, refused.value.field) == ("reason_required", "reason")
    assert HourEntry.objects.count() == 1


def test_a_correction_to_the_same_hours_is_refused(cast: Any, entry: HourEntry) -> None:
    with pytest.raises(DomainError) as refused:
        correct_entry(by=cast.coordinator, entry=entry, hours="4", reason="same")

    assert refused.value.code == "unchanged"


def test_a_reversal_cannot_be_corrected(cast: Any, entry: HourEntry) -> None:
    correct_entry(by=cast.coordinator, entry=entry, hours="2.5", reason="提前离开")
    reversal = HourEntry.objects.get(entry_type="reversal")

    with pytest.raises(DomainError) as refused:
        correct_entry(by=cast.coordinator, entry=reversal, hours="1", reason="x")

    assert refused.value.code == "cannot_correct_reversal"


def test_correcting_a_pending_entry_confirms_it_so_the_total_is_the_corrected_value(
    cast: Any,
) -> None:
    world = rc_world(cast)
    pending = entry_for(
        cast.coordinator, world["shift"], cast.volunteer.person, at(4, 12, 8), at(4, 12, 12)
    )

    correct_entry(by=cast.coordinator, entry=pending, hours="1", reason="自动签退，实际只到九点")

    pending.refresh_from_db()
    assert pending.status == HourEntry.Status.CONFIRMED
    assert confirmed_hours(person=cast.volunteer.person) == Decimal(1)


@pytest.mark.parametrize("role", ["volunteer", "admin", "outsider", "leader"])
def test_only_the_organizer_corrects(cast: Any, entry: HourEntry, role: str) -> None:
    with pytest.raises(DomainError) as refused:
        correct_entry(by=cast.users[role], entry=entry, hours="1", reason="x")

    assert refused.value.code == "forbidden"
    assert HourEntry.objects.count() == 1


def test_a_negative_correction_is_refused(cast: Any, entry: HourEntry) -> None:
    with pytest.raises(DomainError) as refused:
        correct_entry(by=cast.coordinator, entry=entry, hours="-1", reason="x")

    assert refused.value.code == "invalid_hours"
