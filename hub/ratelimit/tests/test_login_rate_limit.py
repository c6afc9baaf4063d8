import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from hub.conftest import PASSWORD, Cast
from hub.ratelimit.buckets import Verdict, take

pytestmark = pytest.mark.django_db


T0 = dt.datetime(2022, 4, 10, 8, 0, tzinfo=dt.UTC)


def test_a_bucket_refuses_when_empty_and_says_how_long_to_wait() -> None:
    verdicts = [take("t:k", capacity=3, per_seconds=60, now=T0) for _ in range(4)]
    assert [v.allowed for v in verdicts] == [True, True, True, False]
    assert verdicts[-1].retry_after == 20


def test_a_bucket_refills_at_its_rate_as_time_moves() -> None:
    def take_at(seconds: int) -> Verdict:
        return take("t:r", capacity=3, per_seconds=60, now=T0 + dt.timedelta(seconds=seconds))

    assert [take_at(0).allowed for _ in range(3)] == [True, True, True]
    assert not take_at(19).allowed  # one token refills in 20 s
    assert take_at(21).allowed
    assert take_at(21) == Verdict(False, retry_after=19)


def test_repeated_wrong_passwords_for_one_account_get_429_with_retry_after(cast: Cast) -> None:
    client = Client()
    url = reverse("accounts:login")
    codes = [
        client.post(url, {"username": "secretary", "password": "wrong"}).status_code
        for _ in range(6)
    ]
    assert codes == [200] * 5 + [429]
    response = client.post(url, {"username": "secretary", "password": PASSWORD})
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert "尝试次数过多" in response.content.decode()


def test_another_account_is_not_locked_out_by_the_first(cast: Cast) -> None:
    client = Client()
    url = reverse("accounts:login")
    for _ in range(6):
        client.post(url, {"username": "secretary", "password": "wrong"})
    assert client.post(url, {"username": "coordinator", "password": PASSWORD}).status_code == 302
