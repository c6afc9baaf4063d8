"""The public verification page opened by the certificate's QR code."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.urls import reverse

from hub.hours.actions.certificates import request_certificate
from hub.testing.builders import at, make_post, served


def member_certificate(cast):
    member = cast.person_member
    served(
        make_post(cast, name="理货", site="中心办公楼"), member, hours="3", on=dt.date(2022, 4, 2)
    )
    return request_certificate(
        by=cast.admin,
        person=member,
        issuer=cast.org_health,
        start=dt.date(2022, 4, 1),
        end=dt.date(2022, 4, 30),
        now=at(4, 12, 10),
    )


def verify_url(c, token=None) -> str:
    return reverse(
        "hours:certificate-verify", kwargs={"number": c.number, "token": token or c.verify_token}
    )


def test_anyone_with_the_code_sees_what_the_certificate_shows(cast) -> None:
    c = member_certificate(cast)

    response = Client().get(verify_url(c))

    assert response.status_code == 200
    body = response.content.decode()
    for shown in (c.number, "王建国", c.id_number_masked, "理货", "卫健中心", "2022年4月1日"):
        assert shown in body


def test_the_page_never_shows_the_full_id_number_or_phone(cast) -> None:
    c = member_certificate(cast)

    body = Client().get(verify_url(c)).content.decode()

    assert cast.person_member.id_number not in body
    assert cast.person_member.phone not in body


def test_a_wrong_token_answers_404(cast) -> None:
    c = member_certificate(cast)

    assert Client().get(verify_url(c, token="not-the-token")).status_code == 404
    assert Client().get(verify_url(c, token=c.verify_token[:-1] + "x")).status_code == 404


def test_an_unknown_number_answers_404(cast) -> None:
    c = member_certificate(cast)
    url = reverse(
        "hours:certificate-verify", kwargs={"number": "SW-1-2022-999999", "token": c.verify_token}
    )

    assert Client().get(url).status_code == 404


def test_the_page_says_the_hours_are_the_issuers_own_records(cast) -> None:
    c = member_certificate(cast)
    client = Client()
    client.cookies["django_language"] = "en"

    body = client.get(verify_url(c)).content.decode()

    assert "the issuer's own records in Shouwang" in body
    assert "not an officially certified total" in body
