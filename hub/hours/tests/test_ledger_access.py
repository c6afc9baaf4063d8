"""Other organizations see nothing of a ledger; volunteers see their own records everywhere."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hub.hours.actions.ledger import request_correction
from hub.hours.queries import (
    correction_requests_for,
    entries_for,
    ledger_for_person,
    pending_entries_for,
)
from hub.testing.builders import (
    at,
    entry_for,
    foreign_world,
    make_shift,
    post_row,
    rc_world,
)


def test_another_organization_sees_none_of_the_entries(cast: Any) -> None:
    own = rc_world(cast)
    entry = entry_for(
        cast.coordinator, own["shift"], cast.volunteer.person, at(4, 12, 8), at(4, 12, 12)
    )
    request_correction(by=cast.volunteer, entry=entry, proposed_hours=Decimal(5), reason="x")

    assert not entries_for(cast.outsider).exists()
    assert not pending_entries_for(cast.outsider).exists()
    assert not correction_requests_for(cast.outsider).exists()
    assert not ledger_for_person(cast.outsider, cast.volunteer.person).exists()


def test_the_volunteer_sees_their_records_from_every_organization(cast: Any) -> None:
    own = rc_world(cast)
    hc_post = post_row(cast, organization=cast.org_health, name="核酸采样协助", site="卫健中心")
    # Before 青年公寓 was sealed (2022-03-28): afterwards its residents serve only inside it.
    hc_shift = make_shift(hc_post, starts_at=at(3, 26, 13), capacity=20)
    entry_for(cast.coordinator, own["shift"], cast.volunteer.person, at(4, 12, 8), at(4, 12, 12))
    entry_for(cast.admin, hc_shift, cast.volunteer.person, at(3, 26, 13), at(3, 26, 15))

    assert ledger_for_person(cast.volunteer, cast.volunteer.person).count() == 2


def test_an_organizer_sees_only_what_their_organization_recorded(cast: Any) -> None:
    own = rc_world(cast)
    hc_post = post_row(cast, organization=cast.org_health, name="核酸采样协助", site="卫健中心")
    # Before 青年公寓 was sealed (2022-03-28): afterwards its residents serve only inside it.
    hc_shift = make_shift(hc_post, starts_at=at(3, 26, 13), capacity=20)
    entry_for(cast.coordinator, own["shift"], cast.volunteer.person, at(4, 12, 8), at(4, 12, 12))
    entry_for(cast.admin, hc_shift, cast.volunteer.person, at(3, 26, 13), at(3, 26, 15))

    assert ledger_for_person(cast.rc_admin, cast.volunteer.person).count() == 1
    assert ledger_for_person(cast.admin, cast.volunteer.person).count() == 1


def test_the_volunteer_cannot_confirm_their_own_hours(cast: Any) -> None:
    own = rc_world(cast)
    entry_for(cast.coordinator, own["shift"], cast.volunteer.person, at(4, 12, 8), at(4, 12, 12))

    assert not pending_entries_for(cast.volunteer).exists()
    assert not pending_entries_for(cast.leader).exists()


def test_the_foreign_world_stays_with_its_organization(cast: Any) -> None:
    foreign = foreign_world(cast)
    entry_for(cast.outsider, foreign["shift"], cast.person_foreign, at(4, 12, 8), at(4, 12, 12))

    for role in ("admin", "rc_admin", "coordinator", "secretary", "volunteer"):
        assert not entries_for(cast.users[role]).exists(), role
    assert entries_for(cast.outsider).count() == 1
