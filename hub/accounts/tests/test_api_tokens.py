"""API tokens expire after settings.API_TOKEN_TTL and can be revoked."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from hub.conftest import PASSWORD, Cast

pytestmark = pytest.mark.django_db


def _sign_in(username: str = "secretary") -> str:
    response = Client().post(
        reverse("api:token"),
        {"username": username, "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200
    return response.json()["token"]


def _me(token: str):
    return Client(HTTP_AUTHORIZATION=f"Token {token}").get(reverse("api:me"))


def test_a_fresh_token_works_and_says_when_it_expires(cast: Cast, settings) -> None:
    response = Client().post(
        reverse("api:token"),
        {"username": "secretary", "password": PASSWORD},
        content_type="application/json",
    )
    body = response.json()
    token = Token.objects.get(key=body["token"])

    assert _me(body["token"]).json()["username"] == "secretary"
    assert dt.datetime.fromisoformat(body["expires_at"]) == token.created + settings.API_TOKEN_TTL


def test_an_expired_token_is_refused(cast: Cast, settings) -> None:
    key = _sign_in()
    Token.objects.filter(key=key).update(
        created=Token.objects.get(key=key).created - settings.API_TOKEN_TTL
    )

    response = _me(key)

    assert response.status_code in (401, 403)
    assert response.json()["detail"] == "令牌已过期，请重新登录。"  # Chinese first


def test_signing_in_again_replaces_an_expired_token(cast: Cast, settings) -> None:
    old = _sign_in()
    Token.objects.filter(key=old).update(
        created=Token.objects.get(key=old).created - settings.API_TOKEN_TTL
    )

    new = _sign_in()

    assert new != old
    assert _me(new).status_code == 200


def test_a_revoked_token_no_longer_works(cast: Cast) -> None:
    key = _sign_in()
    client = Client(HTTP_AUTHORIZATION=f"Token {key}")

    assert client.post(reverse("api:token-revoke")).status_code == 204
    assert _me(key).status_code in (401, 403)
    assert not Token.objects.filter(key=key).exists()
