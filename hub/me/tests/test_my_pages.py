"""My pages show only my things, with a constant number of queries."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hub.hours.actions.certificates import request_certificate
from hub.hours.actions.ledger import correct_entry
from hub.testing.builders import approve, at, make_post, make_shift, served
from hub.volunteering.actions.signups import decline_signup, sign_up

PAGES = ["me:home", "me:shifts", "me:signups", "me:hours", "me:certificates"]


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


def my_world(cast, *, shifts: int, first: int = 0) -> None:
    """``shifts`` upcoming and past shifts, hours and a certificate for me; a neighbour too."""
    now = timezone.now()
    for n in range(first, first + shifts):
        upcoming = make_shift(
            make_post(cast, organization=cast.org_rc, name=f"送货{n}"),
            starts_at=now + dt.timedelta(days=n + 1),
            hours=3,
            min_staff=1,
        )
        approve(upcoming, cast.volunteer.person, by=cast.coordinator, now=now)
        approve(upcoming, cast.person_resident, by=cast.coordinator, now=now)
        past = make_shift(
            make_post(cast, organization=cast.org_rc, name=f"理货{n}"),
            starts_at=at(4, 2 + n, 18),
            hours=3,
            min_staff=1,
        )
        approve(past, cast.volunteer.person, by=cast.coordinator, now=at(4, 1, 9))
        served(past.post, cast.volunteer.person, hours="2", on=dt.date(2022, 4, 2 + n))
        served(past.post, cast.person_resident, hours="5", on=dt.date(2022, 4, 2 + n))
    request_certificate(
        by=cast.volunteer,
        person=cast.volunteer.person,
        issuer=cast.org_rc,
        start=dt.date(2022, 4, 1),
        end=dt.date(2022, 4, 30),
        now=at(4, 20, 9),
    )


def queries_of(client: Client, name: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse(name)).status_code == 200
    return len(ctx.captured_queries)


def test_my_pages_run_the_same_number_of_queries_for_one_or_four_of_everything(cast) -> None:
    my_world(cast, shifts=1)
    client = signed_in(cast.volunteer)
    few = {name: queries_of(client, name) for name in PAGES}

    my_world(cast, shifts=3, first=1)
    many = {name: queries_of(client, name) for name in PAGES}

    assert many == few


def test_my_shifts_list_my_upcoming_and_past_shifts_with_place_and_time(cast) -> None:
    my_world(cast, shifts=1)

    body = signed_in(cast.volunteer).get(reverse("me:shifts")).content.decode()

    assert "送货0" in body and "理货0" in body and "青年公寓" in body
    assert "04-02 Sat 18:00" in body


def test_my_pages_never_show_a_neighbours_shifts_or_hours(cast) -> None:
    my_world(cast, shifts=1)
    client = signed_in(cast.volunteer)

    hours = client.get(reverse("me:hours")).content.decode()
    home = client.get(reverse("me:home")).content.decode()

    assert ">2</b>" in hours  # my confirmed hours, not my neighbour's 5
    assert "陈秀英" not in hours + home
    assert ">5</b>" not in hours


def test_my_sign_ups_show_the_status_and_the_decline_reason(cast) -> None:
    now = timezone.now()
    shift = make_shift(
        make_post(cast, organization=cast.org_rc),
        starts_at=now + dt.timedelta(days=2),
        hours=3,
        min_staff=1,
    )
    signup = sign_up(by=cast.coordinator, shift=shift, person=cast.volunteer.person, now=now)
    decline_signup(by=cast.coordinator, signup=signup, reason="本班次已满员，请报名明天的班次")

    body = signed_in(cast.volunteer).get(reverse("me:signups")).content.decode()

    assert "本班次已满员，请报名明天的班次" in body
    assert "Declined" in body


def test_my_hours_show_pending_apart_and_corrections_with_their_reason(cast) -> None:
    post = make_post(cast, organization=cast.org_rc)
    entry = served(post, cast.volunteer.person, hours="4", on=dt.date(2022, 4, 2))
    served(post, cast.volunteer.person, hours="3", on=dt.date(2022, 4, 3), confirm=False)
    correct_entry(by=cast.coordinator, entry=entry, hours="3", reason="扣除往返路途时间")

    body = signed_in(cast.volunteer).get(reverse("me:hours")).content.decode()

    assert "<b>3</b>confirmed hours" in body
    assert "<b>3</b>pending hours (1 entry)" in body
    assert "扣除往返路途时间" in body
    assert "Reversal" in body and "Correction" in body


def test_my_certificates_offer_a_request_per_issuer_with_confirmed_hours(cast) -> None:
    served(
        make_post(cast, organization=cast.org_rc),
        cast.volunteer.person,
        hours="4",
        on=dt.date(2022, 4, 2),
    )

    body = signed_in(cast.volunteer).get(reverse("me:certificates")).content.decode()

    assert f'name="issuer" value="{cast.org_rc.pk}"' in body
    assert 'value="2022-04-02"' in body
    assert "Request certificate" in body


def test_an_account_without_a_person_still_opens_every_page(cast) -> None:
    client = signed_in(cast.admin)

    for name in PAGES:
        assert client.get(reverse(name)).status_code == 200
