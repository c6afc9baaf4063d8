"""The API contract, one finding at a time: each request here once broke a schemathesis check
(``test_schemathesis.py``), and is checked the same way, against the OpenAPI schema."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from hub.conftest import Cast

pytestmark = pytest.mark.django_db


def _admin(role_headers: list[dict[str, str]]) -> dict[str, str]:
    return role_headers[1]  # ROLES[1] is the organization admin (conftest.py)


def test_a_person_without_a_home_household_is_listed_within_the_schema(
    api_schema: Any, role_headers: list[dict[str, str]], cast: Cast
) -> None:
    cast.person_member.household = None
    cast.person_member.save(update_fields=["household"])
    case = api_schema["/api/v1/people/"]["GET"].Case()

    response = case.call_and_validate(headers=_admin(role_headers))

    assert None in [person["household"] for person in response.json()["results"]]


def test_an_anonymous_caller_is_asked_for_a_token() -> None:
    response = Client().get("/api/v1/people/")

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")
    assert response.json()["code"] == "not_authenticated"


def test_a_missing_certificate_asked_for_as_a_pdf_is_a_json_404(
    api_schema: Any, role_headers: list[dict[str, str]]
) -> None:
    case = api_schema["/api/v1/certificates/{id}/pdf/"]["GET"].Case(path_parameters={"id": 0})

    response = case.call_and_validate(headers={**_admin(role_headers), "Accept": "application/pdf"})

    assert response.status_code == 404
    assert response.headers["content-type"][0].startswith("application/json")
