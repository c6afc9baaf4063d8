"""Requesting a certificate: what it sums, who may ask, what it snapshots.

See docs/domain.md §3 rules 1 and 7.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from hub.errors import DomainError
from hub.hours.actions.certificates import request_certificate
from hub.hours.actions.ledger import correct_entry
from hub.hours.models import Certificate
from hub.people.actions import update_person
from hub.testing.builders import at, make_post, served
from hub.volunteering.models import Post

START, END = dt.date(2022, 3, 28), dt.date(2022, 4, 10)


def ask(cast, *, by=None, issuer=None, person=None, start=START, end=END) -> Certificate:
    return request_certificate(
        by=by or cast.volunteer,
        person=person or cast.volunteer.person,
        issuer=issuer or cast.org_rc,
        start=start,
        end=end,
        now=at(4, 12, 10),
    )


def test_certificate_sums_only_the_issuers_confirmed_volunteer_hours_in_the_period(cast) -> None:
    deliveries = make_post(cast, organization=cast.org_rc)
    served(deliveries, cast.volunteer.person, hours="3", on=dt.date(2022, 4, 2))
    served(deliveries, cast.volunteer.person, hours="2.5", on=dt.date(2022, 4, 3))
    served(
        deliveries, cast.volunteer.person, hours="4", on=dt.date(2022, 4, 4), confirm=False
    )  # pending
    served(
        deliveries, cast.volunteer.person, hours="1", on=dt.date(2022, 3, 20)
    )  # before the period
    served(
        make_post(cast, organization=cast.org_rc, name="门岗值班", kind=Post.Kind.DUTY),
        cast.volunteer.person,
        hours="5",
        on=dt.date(2022, 4, 2),
    )
    served(
        make_post(cast, name="办公点值守", site="中心办公楼"),
        cast.volunteer.person,
        hours="6",
        on=dt.date(2022, 4, 2),
    )  # another organization

    certificate = ask(cast)

    assert certificate.hours == Decimal("5.50")
    assert certificate.issuer == cast.org_rc


def test_a_corrected_entry_counts_at_its_corrected_value(cast) -> None:
    entry = served(
        make_post(cast, organization=cast.org_rc),
        cast.volunteer.person,
        hours="4",
        on=dt.date(2022, 4, 2),
    )
    correct_entry(by=cast.coordinator, entry=entry, hours="2", reason="到岗晚了两小时")

    assert ask(cast).hours == Decimal("2.00")


def test_no_confirmed_hours_refuses_with_a_clear_reason(cast) -> None:
    served(
        make_post(cast, organization=cast.org_rc),
        cast.volunteer.person,
        hours="3",
        on=dt.date(2022, 4, 2),
        confirm=False,
    )

    with pytest.raises(DomainError) as refused:
        ask(cast)

    assert refused.value.code == "no_hours"
    assert "no confirmed volunteer hours" in refused.value.message
    assert not Certificate.objects.exists()


def test_a_period_ending_before_it_starts_is_refused(cast) -> None:
    served(
        make_post(cast, organization=cast.org_rc),
        cast.volunteer.person,
        hours="3",
        on=dt.date(2022, 4, 2),
    )

    with pytest.raises(DomainError) as refused:
        ask(cast, start=END, end=START)

    assert refused.value.code == "period_order"
    assert refused.value.field == "end"


def test_someone_outside_the_issuer_may_not_ask_for_a_volunteer(cast) -> None:
    served(
        make_post(cast, organization=cast.org_rc),
        cast.volunteer.person,
        hours="3",
        on=dt.date(2022, 4, 2),
    )

    for user in (cast.outsider, cast.admin, cast.leader):
        with pytest.raises(DomainError) as refused:
            ask(cast, by=user)
        assert refused.value.code == "forbidden"
    assert not Certificate.objects.exists()


def test_the_coordinator_asking_is_named_as_handler(cast) -> None:
    served(
        make_post(cast, organization=cast.org_rc),
        cast.volunteer.person,
        hours="3",
        on=dt.date(2022, 4, 2),
    )

    certificate = ask(cast, by=cast.coordinator)

    assert certificate.handler_name == "coordinator"
    assert certificate.issued_by == cast.coordinator


def test_when_the_volunteer_asks_the_issuers_person_in_charge_handles_it(cast) -> None:
    cast.org_rc.person_in_charge = "李卫东"
    cast.org_rc.contact_phone = "021-64120000"
    cast.org_rc.save()
    served(
        make_post(cast, organization=cast.org_rc),
        cast.volunteer.person,
        hours="3",
        on=dt.date(2022, 4, 2),
    )

    certificate = ask(cast)

    assert certificate.person_in_charge == certificate.handler_name == "李卫东"
    assert certificate.contact == "021-64120000"
    assert certificate.issuer_name == "莘庄居委会"


def test_the_certificate_snapshots_identity_with_the_id_number_masked(cast) -> None:
    member = cast.person_member
    served(
        make_post(cast, name="办公点值守", site="中心办公楼"),
        member,
        hours="2",
        on=dt.date(2022, 4, 2),
    )

    certificate = ask(cast, by=cast.admin, issuer=cast.org_health, person=member)

    assert certificate.person_name == "王建国"
    assert certificate.id_type == "resident_id"
    assert certificate.id_number_masked == member.masked_id_number
    assert member.id_number not in certificate.id_number_masked
    assert certificate.id_number_masked.startswith("310") and "*" in certificate.id_number_masked


def test_the_snapshot_does_not_change_when_the_person_does(cast) -> None:
    member = cast.person_member
    served(
        make_post(cast, name="办公点值守", site="中心办公楼"),
        member,
        hours="2",
        on=dt.date(2022, 4, 2),
    )
    certificate = ask(cast, by=cast.admin, issuer=cast.org_health, person=member)

    update_person(by=cast.admin, person=member, values={"name": "王建华"}, version=member.version)

    certificate.refresh_from_db()
    assert certificate.person_name == "王建国"


def test_content_names_the_activities_and_places_from_the_ledger(cast) -> None:
    sorting = make_post(cast, organization=cast.org_rc, name="理货")
    served(sorting, cast.volunteer.person, hours="2", on=dt.date(2022, 4, 1))
    served(
        make_post(cast, organization=cast.org_rc, name="送货"),
        cast.volunteer.person,
        hours="3",
        on=dt.date(2022, 4, 2),
    )
    served(sorting, cast.volunteer.person, hours="1", on=dt.date(2022, 4, 3))

    assert ask(cast).content == "理货、送货（青年公寓）"


def test_numbers_run_per_issuer_and_year_of_issue(cast) -> None:
    served(
        make_post(cast, organization=cast.org_rc),
        cast.volunteer.person,
        hours="3",
        on=dt.date(2022, 4, 2),
    )
    served(
        make_post(cast, name="办公点值守", site="中心办公楼"),
        cast.volunteer.person,
        hours="3",
        on=dt.date(2022, 4, 2),
    )

    first = ask(cast, start=dt.date(2022, 4, 1))
    second = ask(cast, start=dt.date(2022, 4, 2))
    other = ask(cast, issuer=cast.org_health)

    assert first.number == f"SW-{cast.org_rc.pk}-2022-000001"
    assert second.number == f"SW-{cast.org_rc.pk}-2022-000002"
    assert other.number == f"SW-{cast.org_health.pk}-2022-000001"


def test_asking_again_for_the_same_hours_returns_the_registered_certificate(cast) -> None:
    served(
        make_post(cast, organization=cast.org_rc),
        cast.volunteer.person,
        hours="3",
        on=dt.date(2022, 4, 2),
    )

    first = ask(cast)
    again = ask(cast, by=cast.coordinator)

    assert again.pk == first.pk
    assert Certificate.objects.count() == 1
