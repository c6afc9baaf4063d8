"""The admin's user form never shows a phone number in full."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from hub.conftest import Cast

pytestmark = pytest.mark.django_db


def _root(cast: Cast) -> Client:
    client = Client()
    client.force_login(_superuser())
    return client


def _superuser():
    from hub.accounts.models import User

    return User.objects.get(username="root")


def test_the_user_form_shows_only_the_masked_phone(cast: Cast) -> None:
    page = _root(cast).get(reverse("admin:accounts_user_change", args=[cast.coordinator.pk]))

    assert page.status_code == 200
    html = page.content.decode()
    assert "13100000006" not in html
    assert "131****0006" in html


def test_saving_without_typing_a_phone_keeps_it(cast: Cast) -> None:
    client = _root(cast)
    url = reverse("admin:accounts_user_change", args=[cast.coordinator.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "password"}
    data.update({"phone": "", "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00"})
    data.update({"grants-TOTAL_FORMS": "0", "grants-INITIAL_FORMS": "0"})
    data.pop("groups", None)
    data.pop("user_permissions", None)
    data.pop("last_login", None)
    data.pop("date_joined", None)
    data.pop("person", None)

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    cast.coordinator.refresh_from_db()
    assert cast.coordinator.phone == "13100000006"
