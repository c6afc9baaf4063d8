"""The seed's story for the demo: 张贝's deliveries add up to more than 8 confirmed hours."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from hub.errors import DomainError
from hub.hours.models import Certificate, HourEntry
from hub.hours.queries import confirmed_hours
from hub.hours.stories import replay_youth_deliveries
from hub.testing.builders import at, make_post


def replay(cast, post=None):
    return replay_youth_deliveries(
        organization=cast.org_rc,
        post=post or make_post(cast, organization=cast.org_rc),
        person=cast.volunteer.person,
        by=cast.coordinator,
        now=at(4, 5, 10),
    )


def test_the_deliveries_add_up_to_more_than_eight_confirmed_hours_and_a_certificate(cast) -> None:
    certificate = replay(cast)

    assert certificate.hours == Decimal("9.50") > 8
    assert (
        confirmed_hours(person=cast.volunteer.person, organization=cast.org_rc) == certificate.hours
    )
    assert certificate.content == "送货（青年公寓）"
    assert (certificate.period_start, certificate.period_end) == (
        dt.date(2022, 3, 28),
        dt.date(2022, 4, 3),
    )
    assert certificate.issued_on == dt.date(2022, 4, 5)


def test_replaying_twice_changes_nothing(cast) -> None:
    post = make_post(cast, organization=cast.org_rc)
    first = replay(cast, post)

    again = replay(cast, post)

    assert again.pk == first.pk
    assert HourEntry.objects.count() == 5
    assert Certificate.objects.count() == 1


def test_a_post_of_another_organization_is_refused(cast) -> None:
    with pytest.raises(DomainError) as refused:
        replay(cast, make_post(cast, name="办公点值守", site="中心办公楼"))

    assert refused.value.code == "wrong_organization"
