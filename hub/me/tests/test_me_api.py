"""My endpoints: shifts, sign-ups and hours of the signed-in volunteer only."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hub.me.tests.builders import approved, served, shift_of, youth_post


def api(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_my_shifts_list_only_my_upcoming_shift(cast) -> None:
    now = timezone.now()
    shift = shift_of(youth_post(cast), cast, starts=now + dt.timedelta(days=1))
    mine = approved(cast, shift, now=now)
    approved(cast, shift, cast.person_resident, now=now)

    body = api(cast.volunteer).get(reverse("api:me-shifts")).json()

    assert [s["id"] for s in body["upcoming"]] == [mine.pk]
    assert body["upcoming"][0]["post"] == "送货" and body["upcoming"][0]["site"] == "青年公寓"
    assert body["past"] == []


def test_my_sign_ups_carry_their_status(cast) -> None:
    now = timezone.now()
    approved(cast, shift_of(youth_post(cast), cast, starts=now + dt.timedelta(days=1)), now=now)

    body = api(cast.volunteer).get(reverse("api:me-signups")).json()

    assert [s["status"] for s in body] == ["approved"]


def test_my_hours_keep_confirmed_and_pending_apart(cast) -> None:
    post = youth_post(cast)
    served(cast, post, hours="3", on=dt.date(2022, 4, 2))
    served(cast, post, hours="2", on=dt.date(2022, 4, 3), confirm=False)
    served(cast, post, hours="9", on=dt.date(2022, 4, 3), person=cast.person_resident)

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
