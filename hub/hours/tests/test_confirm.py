"""Confirming: pending → confirmed, once, only by the organizer.

Decision: a second ``confirm_entry`` is a clear error (``already_confirmed``) that changes
nothing; ``confirm_shift`` confirms what is still pending, so running it again confirms 0.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hub.errors import DomainError
from hub.hours.actions.ledger import confirm_entry, confirm_shift
from hub.hours.models import HourEntry
from hub.notify.models import Message
from hub.testing.builders import at, entry_for, rc_world


def test_the_compound_coordinator_confirms_an_entry(cast: Any) -> None:
    world = rc_world(cast)
    entry = entry_for(
        cast.coordinator, world["shift"], cast.volunteer.person, at(4, 12, 8), at(4, 12, 12)
    )

    confirmed = confirm_entry(by=cast.coordinator, entry=entry, now=at(4, 12, 13))

    assert confirmed.status == HourEntry.Status.CONFIRMED
    assert confirmed.confirmed_by == cast.coordinator
    assert confirmed.confirmed_at == at(4, 12, 13)


def test_confirming_twice_is_refused_and_keeps_the_first_confirmation(cast: Any) -> None:
    world = rc_world(cast)
    entry = entry_for(
        cast.coordinator, world["shift"], cast.volunteer.person, at(4, 12, 8), at(4, 12, 12)
    )
    confirm_entry(by=cast.coordinator, entry=entry, now=at(4, 12, 13))

    with pytest.raises(DomainError) as refused:
        confirm_entry(by=cast.rc_admin, entry=entry, now=at(4, 12, 14))

    assert refused.value.code == "already_confirmed"
    assert refused.value.message == "This entry is already confirmed."
    entry.refresh_from_db()
    assert (entry.confirmed_by, entry.confirmed_at) == (cast.coordinator, at(4, 12, 13))


@pytest.mark.parametrize("role", ["volunteer", "leader", "admin", "outsider"])
def test_only_the_organizer_may_confirm(cast: Any, role: str) -> None:
    world = rc_world(cast)
    entry = entry_for(
        cast.coordinator, world["shift"], cast.volunteer.person, at(4, 12, 8), at(4, 12, 12)
    )

    with pytest.raises(DomainError) as refused:
        confirm_entry(by=cast.users[role], entry=entry)

    assert refused.value.code == "forbidden"
    entry.refresh_from_db()
    assert entry.status == HourEntry.Status.PENDING


def test_confirming_a_shift_confirms_all_its_pending_entries_in_one_update(cast: Any) -> None:
    world = rc_world(cast)
    for person in (cast.volunteer.person, cast.person_resident):
        entry_for(cast.coordinator, world["shift"], person, at(4, 12, 8), at(4, 12, 12))

    with CaptureQueriesContext(connection) as queries:
        count = confirm_shift(by=cast.coordinator, shift=world["shift"], now=at(4, 12, 13))

    assert count == 2
    assert set(HourEntry.objects.values_list("status", flat=True)) == {"confirmed"}
    updates = [q for q in queries if q["sql"].startswith('UPDATE "hours_hourentry"')]
    assert len(updates) == 1
    # Each volunteer is told once that their hours are confirmed.
    assert Message.objects.filter(template="hours.confirmed").count() == 2


def test_confirming_a_shift_again_confirms_nothing(cast: Any) -> None:
    world = rc_world(cast)
    entry_for(cast.coordinator, world["shift"], cast.volunteer.person, at(4, 12, 8), at(4, 12, 12))
    confirm_shift(by=cast.coordinator, shift=world["shift"], now=at(4, 12, 13))

    assert confirm_shift(by=cast.coordinator, shift=world["shift"], now=at(4, 12, 14)) == 0
    assert HourEntry.objects.get().confirmed_at == at(4, 12, 13)


def test_another_organization_cannot_confirm_a_shift(cast: Any) -> None:
    world = rc_world(cast)
    entry_for(cast.coordinator, world["shift"], cast.volunteer.person, at(4, 12, 8), at(4, 12, 12))

    with pytest.raises(DomainError) as refused:
        confirm_shift(by=cast.outsider, shift=world["shift"])

    assert refused.value.code == "forbidden"
    assert HourEntry.objects.get().status == HourEntry.Status.PENDING
