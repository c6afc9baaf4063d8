import pytest
from django.test import Client
from django.urls import reverse

from hub.conftest import PASSWORD, Cast

pytestmark = pytest.mark.django_db


def test_sign_in_with_a_phone_number_in_any_spelling(cast: Cast) -> None:
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": "131 0000 0006", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("api:me")).json()["username"] == "coordinator"


def test_sign_in_with_a_username(cast: Cast) -> None:
    assert Client().login(username="secretary", password=PASSWORD)


def test_wrong_password_shows_a_bilingual_message(cast: Cast) -> None:
    response = Client().post(
        reverse("accounts:login"), {"username": "secretary", "password": "nope"}
    )
    assert response.status_code == 200
    assert "密码错误" in response.content.decode()


def test_the_session_key_rotates_at_sign_in(cast: Cast) -> None:
    client = Client()
    client.get(reverse("accounts:login"))
    client.session.save()
    before = client.session.session_key
    client.post(reverse("accounts:login"), {"username": "secretary", "password": PASSWORD})
    assert client.session.session_key != before


def test_unsafe_request_without_csrf_token_is_refused(cast: Cast) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.coordinator)
    response = client.post(
        reverse("places:compound-status", kwargs={"compound_id": cast.compound_own.pk}),
        {"status": "controlled"},
    )
    assert response.status_code == 403


def test_me_lists_roles_and_masks_the_phone(cast: Cast) -> None:
    client = Client()
    client.force_login(cast.leader)
    body = client.get(reverse("api:me")).json()
    assert body["roles"] == ["building_leader"]
    assert body["phone"] == "131****0007"
