"""The API contract, one finding at a time: each request here once broke a schemathesis check
(``test_schemathesis.py``), and is checked the same way, against the OpenAPI schema."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from hub.conftest import Cast

pytestmark = pytest.mark.django_db


def test_a_person_without_a_home_household_is_listed_within_the_schema(
    api_schema: Any, admin_headers: dict[str, str], cast: Cast
) -> None:
    cast.person_member.household = None
    cast.person_member.save(update_fields=["household"])
    case = api_schema["/api/v1/people/"]["GET"].Case()

    response = case.call_and_validate(headers=admin_headers)

    assert None in [person["household"] for person in response.json()["results"]]


def test_an_anonymous_caller_is_asked_for_a_token() -> None:
    response = Client().get("/api/v1/people/")

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")
    assert response.json()["code"] == "not_authenticated"


def test_a_missing_certificate_asked_for_as_a_pdf_is_a_json_404(
    api_schema: Any, admin_headers: dict[str, str]
) -> None:
    case = api_schema["/api/v1/certificates/{id}/pdf/"]["GET"].Case(path_parameters={"id": 0})

    response = case.call_and_validate(headers={**admin_headers, "Accept": "application/pdf"})

    assert response.status_code == 404
    assert response.headers["content-type"][0].startswith("application/json")


@pytest.mark.parametrize("value", ["abc", "²", ""])
def test_an_id_filter_that_is_not_a_whole_number_is_a_400_naming_it(
    cast: Cast, value: str
) -> None:
    client = Client()
    client.force_login(cast.admin)

    response = client.get("/api/v1/checkins/", {"shift": value})

    assert response.status_code == 400
    assert list(response.json()) == ["shift"]
