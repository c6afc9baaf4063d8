"""Totals per person, branch, organization and period come from confirmed ledger entries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from hub.errors import DomainError
from hub.hours.actions.ledger import confirm_entry, correct_entry, record_entry
from hub.hours.models import HourEntry
from hub.hours.queries import (
    branch_member_totals,
    branch_totals,
    confirmed_hours,
    organization_totals,
    person_totals,
    totals_by_month_and_activity,
)
from hub.testing.builders import post_row
from hub.volunteering.models import Post


def serve(cast: Any, by: Any, post: Post, person: Any, day: dt.date, hours: str) -> HourEntry:
    entry = record_entry(by=by, person=person, post=post, served_on=day, hours=hours)
    return confirm_entry(by=by, entry=entry)


def test_duty_entries_never_count_as_volunteer_hours(cast: Any) -> None:
    duty = post_row(cast, organization=cast.org_health, name="办公室值班", kind=Post.Kind.DUTY)
    serve(cast, cast.admin, duty, cast.person_member, dt.date(2022, 4, 2), "8")

    totals = person_totals(person=cast.person_member)

    assert confirmed_hours(person=cast.person_member) == Decimal(0)
    assert (totals.volunteer_hours, totals.duty_records, totals.duty_hours) == (
        Decimal(0),
        1,
        Decimal(8),
    )


def test_pending_entries_are_not_in_the_total(cast: Any) -> None:
    post = post_row(cast, organization=cast.org_rc, compound=cast.compound_own)
    record_entry(
        by=cast.coordinator,
        person=cast.volunteer.person,
        post=post,
        served_on=dt.date(2022, 4, 2),
        hours="8",
    )

    totals = person_totals(person=cast.volunteer.person)

    assert (totals.volunteer_hours, totals.pending_entries) == (Decimal(0), 1)


def test_person_totals_by_organization_and_period(cast: Any) -> None:
    rc_post = post_row(cast, organization=cast.org_rc, compound=cast.compound_own)
    hc_post = post_row(cast, organization=cast.org_health, name="核酸采样协助", site="卫健中心")
    person = cast.volunteer.person
    serve(cast, cast.coordinator, rc_post, person, dt.date(2022, 4, 2), "3")
    serve(cast, cast.coordinator, rc_post, person, dt.date(2022, 5, 2), "2")
    serve(cast, cast.admin, hc_post, person, dt.date(2022, 4, 9), "4.5")

    assert confirmed_hours(person=person) == Decimal("9.5")
    assert confirmed_hours(person=person, organization=cast.org_rc) == Decimal(5)
    assert confirmed_hours(
        person=person, start=dt.date(2022, 4, 1), end=dt.date(2022, 4, 30)
    ) == Decimal("7.5")


def test_totals_by_month_and_activity_group_corrected_entries_with_their_original(
    cast: Any,
) -> None:
    post = post_row(cast, organization=cast.org_rc, compound=cast.compound_own)
    person = cast.volunteer.person
    first = serve(cast, cast.coordinator, post, person, dt.date(2022, 4, 2), "3")
    serve(cast, cast.coordinator, post, person, dt.date(2022, 4, 3), "2")
    serve(cast, cast.coordinator, post, person, dt.date(2022, 5, 1), "1")
    correct_entry(by=cast.coordinator, entry=first, hours="4", reason="补录")

    rows = totals_by_month_and_activity(person=person)

    assert rows == [
        {"month": dt.date(2022, 5, 1), "activity": "理货送货", "hours": Decimal(1), "entries": 1},
        {"month": dt.date(2022, 4, 1), "activity": "理货送货", "hours": Decimal(6), "entries": 2},
    ]


def test_branch_totals_include_sub_branches_and_every_recorder(cast: Any) -> None:
    rc_post = post_row(cast, organization=cast.org_rc, compound=cast.compound_own)
    hc_post = post_row(cast, organization=cast.org_health, name="核酸采样协助", site="卫健中心")
    serve(cast, cast.coordinator, rc_post, cast.volunteer.person, dt.date(2022, 4, 2), "3")
    serve(cast, cast.admin, hc_post, cast.person_member, dt.date(2022, 4, 2), "2")
    serve(
        cast, cast.coordinator, rc_post, cast.person_resident, dt.date(2022, 4, 2), "7"
    )  # no member
    committee = cast.branch_first.parent

    totals = branch_totals(branch=committee)
    only_rc = branch_totals(branch=cast.branch_first, organization=cast.org_rc)

    assert (totals.volunteer_hours, totals.people) == (Decimal(5), 2)
    assert only_rc.volunteer_hours == Decimal(3)
    assert [r["volunteer_hours"] for r in branch_member_totals(branch=committee)] == [
        Decimal(3),
        Decimal(2),
    ]


def test_organization_totals_cover_what_it_recorded_in_the_period(cast: Any) -> None:
    hc_post = post_row(cast, organization=cast.org_health, name="核酸采样协助", site="卫健中心")
    duty = post_row(cast, organization=cast.org_health, name="办公室值班", kind=Post.Kind.DUTY)
    serve(cast, cast.admin, hc_post, cast.person_member, dt.date(2022, 4, 2), "2")
    serve(cast, cast.admin, hc_post, cast.volunteer.person, dt.date(2022, 4, 20), "3")
    serve(cast, cast.admin, duty, cast.person_member, dt.date(2022, 4, 3), "8")
    serve(cast, cast.admin, hc_post, cast.person_member, dt.date(2022, 6, 1), "5")

    totals = organization_totals(
        organization=cast.org_health, start=dt.date(2022, 4, 1), end=dt.date(2022, 4, 30)
    )

    assert (totals.volunteer_hours, totals.volunteer_entries, totals.people) == (Decimal(5), 2, 2)
    assert (totals.duty_records, totals.duty_hours) == (1, Decimal(8))


def test_totals_take_a_constant_number_of_queries_as_entries_grow(
    cast: Any, django_assert_num_queries: Any
) -> None:
    post = post_row(cast, organization=cast.org_health, name="核酸采样协助", site="卫健中心")
    committee = cast.branch_first.parent

    def run() -> None:
        confirmed_hours(person=cast.person_member)
        person_totals(person=cast.person_member)
        organization_totals(organization=cast.org_health)
        branch_totals(branch=committee)
        branch_member_totals(branch=committee)
        totals_by_month_and_activity(person=cast.person_member)

    serve(cast, cast.admin, post, cast.person_member, dt.date(2022, 4, 1), "1")
    with django_assert_num_queries(8):
        run()
    for day in range(2, 22):
        serve(cast, cast.admin, post, cast.person_member, dt.date(2022, 4, day), "1")
        serve(cast, cast.admin, post, cast.volunteer.person, dt.date(2022, 4, day), "2")
    with django_assert_num_queries(8):
        run()


def test_hours_served_after_the_injected_day_are_refused_and_nothing_is_written(cast: Any) -> None:
    post = post_row(cast, organization=cast.org_rc, compound=cast.compound_own)
    noon = dt.datetime(2022, 4, 2, 4, 0, tzinfo=dt.UTC)  # 12:00 in Shanghai
    served = {"by": cast.coordinator, "person": cast.volunteer.person, "post": post, "hours": "8"}
    with pytest.raises(DomainError) as refused:
        record_entry(served_on=dt.date(2022, 4, 3), now=noon, **served)
    assert refused.value.code == "future_date"
    assert not HourEntry.objects.filter(post=post).exists()
    record_entry(served_on=dt.date(2022, 4, 2), now=noon, **served)
    assert HourEntry.objects.filter(post=post).count() == 1
