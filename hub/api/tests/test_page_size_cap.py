"""API lists cap the page size: ?limit=100000 gets the largest page, not the table."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from hub.accounts.models import User
from hub.conftest import Cast
from hub.places.models import Household

pytestmark = pytest.mark.django_db


def test_a_huge_limit_is_capped(cast: Cast) -> None:
    Household.objects.bulk_create(
        Household(building=cast.building_own, room=f"{n:04d}") for n in range(250)
    )
    client = Client()
    client.force_login(User.objects.get(username="root"))

    body = client.get(reverse("api:household-list"), {"limit": 100000}).json()

    assert body["count"] > 200
    assert len(body["results"]) == 200


@pytest.mark.parametrize("query", [{"offset": "null"}, {"limit": "0"}, {"offset": "-1"}])
def test_a_page_bound_that_is_not_a_whole_number_in_range_is_a_400(
    cast: Cast, query: dict[str, str]
) -> None:
    client = Client()
    client.force_login(User.objects.get(username="root"))

    response = client.get(reverse("api:household-list"), query)

    assert response.status_code == 400
    assert set(response.json()) == set(query)
