"""The client address comes from a trusted proxy's header only when proxies are configured."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from hub.conftest import PASSWORD, Cast
from hub.ratelimit.client import client_address

pytestmark = pytest.mark.django_db


def _request(xff: str | None = None, remote: str = "10.0.0.1"):
    extra = {"REMOTE_ADDR": remote}
    if xff is not None:
        extra["HTTP_X_FORWARDED_FOR"] = xff
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_header_is_ignored(settings) -> None:
    settings.TRUSTED_PROXY_COUNT = 0

    assert client_address(_request("6.6.6.6")) == "10.0.0.1"


def test_one_trusted_proxy_gives_the_address_it_saw(settings) -> None:
    settings.TRUSTED_PROXY_COUNT = 1

    # The client forged the first entry; the proxy appended the address it really saw.
    assert client_address(_request("6.6.6.6, 203.0.113.7")) == "203.0.113.7"


def test_two_trusted_proxies_skip_the_inner_one(settings) -> None:
    settings.TRUSTED_PROXY_COUNT = 2

    assert client_address(_request("6.6.6.6, 203.0.113.7, 10.0.0.2")) == "203.0.113.7"


def test_a_missing_or_short_header_falls_back_to_the_far_end(settings) -> None:
    settings.TRUSTED_PROXY_COUNT = 2

    assert client_address(_request()) == "10.0.0.1"
    assert client_address(_request("203.0.113.7")) == "203.0.113.7"
    assert client_address(_request("not-an-address")) == "10.0.0.1"


def test_behind_a_proxy_one_guesser_does_not_lock_out_everyone(cast: Cast, settings) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    settings.LOGIN_RATE_PER_IP = (3, 300)
    url = reverse("accounts:login")
    guesser = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1")
    for name in ("a1", "a2", "a3", "a4"):
        guesser.post(url, {"username": name, "password": "wrong"})

    assert guesser.post(url, {"username": "a5", "password": "x"}).status_code == 429
    honest = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert honest.post(url, {"username": "secretary", "password": PASSWORD}).status_code == 302
