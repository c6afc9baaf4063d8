"""A closed check-in becomes one pending ledger entry, whatever the retries."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hub.hours.actions.ledger import record_from_checkin, set_hour_policy
from hub.hours.models import HourEntry, HourPolicy
from hub.hours.queries import hour_policy_for
from hub.hours.tests.matrix_ledger import DAY
from hub.testing.builders import at, closed_checkin, make_shift, post_row, rc_world
from hub.volunteering.models import Post


def test_a_closed_check_in_becomes_a_pending_entry_of_the_posts_organizer(cast: Any) -> None:
    world = rc_world(cast)
    checkin = closed_checkin(
        world["shift"], cast.volunteer.person, at(4, 12, 8, 2), at(4, 12, 11, 40)
    )

    entry = record_from_checkin(checkin=checkin, by=cast.coordinator)

    assert entry is not None
    assert entry.status == HourEntry.Status.PENDING
    assert entry.kind == HourEntry.Kind.VOLUNTEER
    assert entry.organization == cast.org_rc
    assert (entry.activity, entry.place, entry.served_on) == ("理货送货", "青年公寓 东门", DAY)
    assert entry.hours == Decimal("3.5")  # 3 h 38 min under the default 15/45 rule
    assert entry.recorded_by == cast.coordinator


def test_recording_the_same_check_in_twice_gives_one_entry(cast: Any) -> None:
    world = rc_world(cast)
    checkin = closed_checkin(world["shift"], cast.volunteer.person, at(4, 12, 8), at(4, 12, 12))

    first = record_from_checkin(checkin=checkin, by=cast.coordinator)
    second = record_from_checkin(checkin=checkin, by=cast.coordinator)

    assert first == second
    assert HourEntry.objects.filter(checkin=checkin).count() == 1


def test_an_open_check_in_records_nothing(cast: Any) -> None:
    world = rc_world(cast)
    checkin = closed_checkin(world["shift"], cast.volunteer.person, at(4, 12, 8), None)

    assert record_from_checkin(checkin=checkin, by=cast.coordinator) is None
    assert not HourEntry.objects.exists()


def test_a_duty_post_records_a_duty_entry(cast: Any) -> None:
    post = post_row(cast, organization=cast.org_health, name="办公室值班", kind=Post.Kind.DUTY)
    shift = make_shift(post, starts_at=at(4, 12, 8), capacity=20)
    checkin = closed_checkin(shift, cast.person_member, at(4, 12, 8), at(4, 12, 12))

    entry = record_from_checkin(checkin=checkin, by=cast.admin)

    assert entry is not None
    assert entry.kind == HourEntry.Kind.DUTY


def test_without_a_policy_the_15_45_rule_applies_and_reading_it_writes_nothing(cast: Any) -> None:
    world = rc_world(cast)
    assert not HourPolicy.objects.filter(organization=cast.org_rc).exists()
    assert hour_policy_for(cast.org_rc).rounding == HourPolicy.Rounding.HALF_15_45

    entry = record_from_checkin(
        checkin=closed_checkin(
            world["shift"], cast.volunteer.person, at(4, 12, 8), at(4, 12, 8, 40)
        ),
        by=cast.coordinator,
    )

    assert entry is not None and entry.hours == Decimal("0.5")  # 40 min: 15-45 → 0.5
    assert not HourPolicy.objects.filter(organization=cast.org_rc).exists()


def test_setting_a_policy_creates_it_once_and_then_changes_it(cast: Any) -> None:
    set_hour_policy(by=cast.rc_admin, organization=cast.org_rc, rounding="exact")
    set_hour_policy(by=cast.rc_admin, organization=cast.org_rc, rounding="quarter")

    policy = HourPolicy.objects.get(organization=cast.org_rc)
    assert policy.rounding == HourPolicy.Rounding.QUARTER
    assert hour_policy_for(cast.org_rc) == policy


def test_the_organizations_rounding_policy_decides_the_hours(cast: Any) -> None:
    set_hour_policy(by=cast.rc_admin, organization=cast.org_rc, rounding="exact")
    world = rc_world(cast)

    entry = record_from_checkin(
        checkin=closed_checkin(
            world["shift"], cast.volunteer.person, at(4, 12, 8), at(4, 12, 9, 40)
        ),
        by=cast.coordinator,
    )

    assert entry is not None
    assert entry.hours == Decimal("1.67")
