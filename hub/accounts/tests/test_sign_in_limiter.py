"""One sign-in limiter for the sign-in page, the admin's sign-in and the API token endpoint."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from hub.conftest import PASSWORD, Cast
from hub.ratelimit.models import Bucket

pytestmark = pytest.mark.django_db

SPELLINGS = [
    "13100000006",
    "+86 131 0000 0006",
    "131-0000-0006",
    "１３１００００００06",
    "coordinator",
]


def _token(client: Client, username: str, password: str):
    return client.post(
        reverse("api:token"),
        {"username": username, "password": password},
        content_type="application/json",
    )


def test_api_token_endpoint_refuses_after_repeated_wrong_passwords(cast: Cast) -> None:
    client = Client()
    codes = [_token(client, "secretary", "wrong").status_code for _ in range(6)]

    assert codes == [400] * 5 + [429]
    right = _token(client, "secretary", PASSWORD)
    assert right.status_code == 429
    assert int(right["Retry-After"]) >= 1
    assert right.json()["code"] == "throttled"


def test_admin_sign_in_refuses_after_repeated_wrong_passwords(cast: Cast) -> None:
    client = Client()
    url = reverse("admin:login")
    codes = [
        client.post(url, {"username": "root", "password": "wrong"}).status_code for _ in range(6)
    ]

    assert codes == [200] * 5 + [429]
    assert client.post(url, {"username": "root", "password": PASSWORD}).status_code == 429


def test_every_spelling_of_one_phone_shares_one_bucket(cast: Cast) -> None:
    client = Client()
    url = reverse("accounts:login")
    for spelling in SPELLINGS:
        client.post(url, {"username": spelling, "password": "wrong"})

    response = client.post(url, {"username": "+8613100000006", "password": PASSWORD})

    assert response.status_code == 429


def test_the_three_doors_share_one_bucket(cast: Cast) -> None:
    client = Client()
    for _ in range(2):
        client.post(reverse("accounts:login"), {"username": "root", "password": "wrong"})
        client.post(reverse("admin:login"), {"username": "root", "password": "wrong"})
    _token(client, "root", "wrong")

    assert _token(client, "root", PASSWORD).status_code == 429


def test_successful_sign_ins_are_not_charged(cast: Cast) -> None:
    client = Client()
    for _ in range(8):
        assert _token(client, "secretary", PASSWORD).status_code == 200


def test_client_address_bucket_stops_guessing_across_accounts(cast: Cast, settings) -> None:
    settings.LOGIN_RATE_PER_IP = (3, 300)
    client = Client()
    for name in ("a1", "a2", "a3"):
        assert _token(client, name, "wrong").status_code == 400

    assert _token(client, "secretary", PASSWORD).status_code == 429
    other_address = Client(REMOTE_ADDR="10.0.0.9")
    assert _token(other_address, "secretary", PASSWORD).status_code == 200


def test_bucket_keys_hold_no_phone_number(cast: Cast) -> None:
    Client().post(reverse("accounts:login"), {"username": "13900000000", "password": "x"})

    assert Bucket.objects.exists()
    assert not any("13900000000" in key for key in Bucket.objects.values_list("key", flat=True))
