import pytest
from django.test import Client
from django.urls import reverse

from hub.conftest import PASSWORD, Cast
from hub.ratelimit.buckets import take

pytestmark = pytest.mark.django_db


def test_a_bucket_refuses_when_empty_and_says_how_long_to_wait() -> None:
    verdicts = [take("t:k", capacity=3, per_seconds=60) for _ in range(4)]
    assert [v.allowed for v in verdicts] == [True, True, True, False]
    assert verdicts[-1].retry_after == 20


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
