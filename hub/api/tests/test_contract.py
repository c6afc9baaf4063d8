"""The API contract, one finding at a time: each request here once broke a schemathesis check
(``test_schemathesis.py``), and is checked the same way, against the OpenAPI schema."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import jsonschema
import pytest
from django.http import QueryDict
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
def test_an_id_filter_that_is_not_a_whole_number_is_a_400_naming_it(cast: Cast, value: str) -> None:
    client = Client()
    client.force_login(cast.admin)

    response = client.get("/api/v1/checkins/", {"shift": value})

    assert response.status_code == 400
    assert list(response.json()) == ["shift"]


def test_a_validation_error_on_a_field_named_code_fits_the_error_schema(api_schema: Any) -> None:
    error = api_schema.raw_schema["components"]["schemas"]["Error"]

    jsonschema.validate({"code": ["该字段是必填项。"]}, error)
    jsonschema.validate({"detail": "未找到。", "code": "not_found"}, error)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(["not an object"], error)


def test_a_number_for_a_text_key_of_an_offline_check_in_is_refused() -> None:
    from hub.volunteering.api.checkin import OfflineItemSerializer

    item = {"idempotency_key": "k-1", "shift": 1, "person": 1}
    item["checked_in_at"] = "2026-03-26T08:00:00+08:00"

    assert OfflineItemSerializer(data={**item, "checkout_key": "k-2"}).is_valid()
    refused = OfflineItemSerializer(data={**item, "checkout_key": 5})
    assert not refused.is_valid()
    assert list(refused.errors) == ["checkout_key"]


@pytest.mark.parametrize("start", ["20260101", "2026-W01-1", "2026-1-1", ""])
def test_an_hours_total_from_a_date_not_written_yyyy_mm_dd_is_refused(start: str) -> None:
    from hub.hours.api.ledger import TotalsQuerySerializer

    assert TotalsQuerySerializer(data=QueryDict("start=2026-01-01")).is_valid()
    refused = TotalsQuerySerializer(data=QueryDict(urlencode({"start": start})))
    assert not refused.is_valid()
    assert list(refused.errors) == ["start"]
