"""Bad input is a 4xx with a message, never a server error; API errors are JSON."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db.utils import OperationalError
from django.test import Client
from django.urls import reverse

from hub.conftest import Cast
from hub.testing.builders import make_post, make_shift

pytestmark = pytest.mark.django_db

HUGE = 2**63


def _api(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def _post(client: Client, url: str, data: dict):
    return client.post(url, data, content_type="application/json")


def test_a_capacity_beyond_64_bits_is_a_400(cast: Cast) -> None:
    shift = make_shift(make_post(cast))
    client = _api(cast.admin)

    response = _post(
        client, reverse("api:vol-shift-capacity", kwargs={"pk": shift.pk}), {"capacity": HUGE}
    )

    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert response.json()


def test_a_new_shift_with_a_huge_waitlist_is_a_400(cast: Cast) -> None:
    post = make_post(cast)
    response = _post(
        _api(cast.admin),
        reverse("api:vol-shift-list"),
        {
            "post": post.pk,
            "starts_at": "2030-03-26T08:00:00+08:00",
            "ends_at": "2030-03-26T12:00:00+08:00",
            "capacity": 3,
            "waitlist_size": HUGE,
        },
    )

    assert response.status_code == 400
    assert response.json()


def test_a_person_id_beyond_64_bits_is_a_400(cast: Cast) -> None:
    shift = make_shift(make_post(cast))

    response = _post(
        _api(cast.admin), reverse("api:signup-list"), {"shift": shift.pk, "person": HUGE}
    )

    assert response.status_code == 400
    assert response.json()


def test_a_shift_id_beyond_64_bits_is_a_400(cast: Cast) -> None:
    response = _post(_api(cast.volunteer), reverse("api:signup-list"), {"shift": HUGE})

    assert response.status_code in (400, 404)
    assert response.json()


def test_year_one_dates_are_a_400(cast: Cast) -> None:
    post = make_post(cast)

    response = _post(
        _api(cast.admin),
        reverse("api:vol-shift-list"),
        {
            "post": post.pk,
            "starts_at": "0001-01-01T00:00:00+08:00",
            "ends_at": "0001-01-01T04:00:00+08:00",
            "capacity": 3,
        },
    )

    assert response.status_code == 400
    assert response.json()


def test_hour_totals_for_year_one_is_a_400(cast: Cast) -> None:
    response = _api(cast.admin).get(
        reverse("api:hour-totals"), {"start": "0001-01-01", "end": "0001-01-01"}
    )

    assert response.status_code in (200, 400)
    assert response.json() is not None


def test_deeply_nested_json_to_the_token_endpoint_is_a_400() -> None:
    body = "[" * 100_000 + "]" * 100_000

    response = Client(raise_request_exception=False).post(
        reverse("api:token"), body, content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_an_unknown_api_path_answers_json_404(cast: Cast) -> None:
    response = _api(cast.admin).get("/api/v1/no-such-thing/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "not_found"


def test_healthz_answers_503_json_when_the_database_is_down() -> None:
    with mock.patch(
        "django.db.backends.base.base.BaseDatabaseWrapper.cursor",
        side_effect=OperationalError("down"),
    ):
        response = Client(raise_request_exception=False).get(reverse("web:healthz"))

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unreachable"}
