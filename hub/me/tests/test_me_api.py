"""My endpoints: shifts, sign-ups and hours of the signed-in volunteer only."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hub.testing.builders import approve, make_post, make_shift, served


def api(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_my_shifts_list_only_my_upcoming_shift(cast) -> None:
    now = timezone.now()
    shift = make_shift(
        make_post(cast, organization=cast.org_rc),
        starts_at=now + dt.timedelta(days=1),
        hours=3,
        min_staff=1,
    )
    mine = approve(shift, cast.volunteer.person, by=cast.coordinator, now=now)
    approve(shift, cast.person_resident, by=cast.coordinator, now=now)

    body = api(cast.volunteer).get(reverse("api:me-shifts")).json()

    assert [s["id"] for s in body["upcoming"]] == [mine.pk]
    assert body["upcoming"][0]["post"] == "送货" and body["upcoming"][0]["site"] == "青年公寓"
    assert body["past"] == []


def test_my_sign_ups_carry_their_status(cast) -> None:
    now = timezone.now()
    approve(
        make_shift(
            make_post(cast, organization=cast.org_rc),
            starts_at=now + dt.timedelta(days=1),
            hours=3,
            min_staff=1,
        ),
        cast.volunteer.person,
        by=cast.coordinator,
        now=now,
    )

    body = api(cast.volunteer).get(reverse("api:me-signups")).json()

    assert [s["status"] for s in body] == ["approved"]


def test_my_hours_keep_confirmed_and_pending_apart(cast) -> None:
    post = make_post(cast, organization=cast.org_rc)
    served(post, cast.volunteer.person, hours="3", on=dt.date(2022, 4, 2))
    served(post, cast.volunteer.person, hours="2", on=dt.date(2022, 4, 3), confirm=False)
    served(post, cast.person_resident, hours="9", on=dt.date(2022, 4, 3))

    body = api(cast.volunteer).get(reverse("api:me-hours")).json()

    assert body["confirmed_total"] == "3.00"
    assert body["pending_total"] == "2.00" and body["pending_entries"] == 1
    assert body["by_issuer"][0]["organization_name"] == "莘庄居委会"
    assert body["by_month"] == [
        {"month": "2022-04-01", "activity": "送货", "hours": "3.00", "entries": 1}
    ]


def test_my_endpoints_refuse_anonymous_requests(db) -> None:
    for name in ("api:me-shifts", "api:me-signups", "api:me-hours"):
        assert Client().get(reverse(name)).status_code in (401, 403)
