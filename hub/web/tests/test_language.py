import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_pages_are_chinese_even_when_the_browser_asks_for_english() -> None:
    response = Client().get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "zh-hans"
    assert "登录" in response.content.decode()


def test_the_switch_sets_english_for_later_pages() -> None:
    client = Client()
    client.post(reverse("web:set-language"), {"language": "en", "next": "/accounts/login/"})
    response = client.get(reverse("accounts:login"))
    assert response["Content-Language"] == "en"
    assert "Sign in" in response.content.decode()
