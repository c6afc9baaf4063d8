"""The certificate pages and API: requesting, listing, downloading."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.urls import reverse

from hub.hours.actions.certificates import request_certificate
from hub.hours.models import Certificate
from hub.testing.builders import at, make_post, served


def signed_in(user, language: str = "en") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


def test_the_volunteer_requests_a_certificate_from_my_certificates(cast) -> None:
    served(
        make_post(cast, organization=cast.org_rc),
        cast.volunteer.person,
        hours="8.5",
        on=dt.date(2022, 4, 2),
    )
    client = signed_in(cast.volunteer)

    response = client.post(
        reverse("me:certificate-request"),
        {"issuer": cast.org_rc.pk, "start": "2022-04-01", "end": "2022-04-30"},
        follow=True,
    )

    certificate = Certificate.objects.get()
    assert certificate.person == cast.volunteer.person
    assert f"Certificate {certificate.number} is ready: 8.5 hours." in response.content.decode()
    assert reverse("hours:certificate-pdf", kwargs={"certificate_id": certificate.pk}) in (
        response.content.decode()
    )


def test_a_request_without_hours_shows_the_reason(cast) -> None:
    served(
        make_post(cast, organization=cast.org_rc),
        cast.volunteer.person,
        hours="2",
        on=dt.date(2022, 4, 2),
        confirm=False,
    )
    client = signed_in(cast.volunteer)

    response = client.post(
        reverse("me:certificate-request"),
        {"issuer": cast.org_rc.pk, "start": "2022-04-01", "end": "2022-04-30"},
        follow=True,
    )

    assert "no confirmed volunteer hours" in response.content.decode()
    assert not Certificate.objects.exists()


def test_a_bad_date_is_refused_with_a_message(cast) -> None:
    client = signed_in(cast.volunteer)

    response = client.post(
        reverse("me:certificate-request"),
        {"issuer": cast.org_rc.pk, "start": "yesterday", "end": "2022-04-30"},
        follow=True,
    )

    assert "Enter a valid date." in response.content.decode()


def test_the_coordinator_issues_one_for_a_volunteer_from_the_form(cast) -> None:
    served(
        make_post(cast, organization=cast.org_rc),
        cast.volunteer.person,
        hours="3",
        on=dt.date(2022, 4, 2),
    )
    client = signed_in(cast.coordinator)

    response = client.post(
        reverse("hours:certificate-new"),
        {
            "issuer": cast.org_rc.pk,
            "person": cast.volunteer.person.pk,
            "start": "2022-04-01",
            "end": "2022-04-30",
        },
    )

    assert response.status_code == 302
    assert Certificate.objects.get().handler_name == "coordinator"


def test_the_register_lists_the_issuers_certificates_for_its_admin_only(cast) -> None:
    served(
        make_post(cast, organization=cast.org_rc),
        cast.volunteer.person,
        hours="3",
        on=dt.date(2022, 4, 2),
    )
    c = request_certificate(
        by=cast.volunteer,
        person=cast.volunteer.person,
        issuer=cast.org_rc,
        start=dt.date(2022, 4, 1),
        end=dt.date(2022, 4, 30),
        now=at(4, 12, 10),
    )

    assert (
        c.number in signed_in(cast.rc_admin).get(reverse("hours:certificate-list")).content.decode()
    )
    assert (
        c.number
        not in signed_in(cast.outsider).get(reverse("hours:certificate-list")).content.decode()
    )


def test_the_api_requests_my_certificate_and_serves_its_pdf(cast) -> None:
    served(
        make_post(cast, organization=cast.org_rc),
        cast.volunteer.person,
        hours="3",
        on=dt.date(2022, 4, 2),
    )
    client = signed_in(cast.volunteer)

    created = client.post(
        reverse("api:certificate-list"),
        {"issuer": cast.org_rc.pk, "start": "2022-04-01", "end": "2022-04-30"},
        content_type="application/json",
    )
    pdf = client.get(
        reverse("api:certificate-pdf", kwargs={"pk": created.json()["id"]}),
        HTTP_ACCEPT="application/pdf",
    )

    assert created.status_code == 201
    assert created.json()["hours"] == "3.00"
    assert "/hours/verify/" in created.json()["verify_url"]
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_the_api_refuses_without_hours_with_the_stable_code(cast) -> None:
    client = signed_in(cast.volunteer)

    response = client.post(
        reverse("api:certificate-list"),
        {"issuer": cast.org_rc.pk, "start": "2022-04-01", "end": "2022-04-30"},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json()["code"] == "no_hours"
