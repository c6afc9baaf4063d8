"""List pages and API lists run a constant number of queries whatever the row count."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hub.conftest import Cast
from hub.people.actions import create_person
from hub.places.actions import add_building, add_household

pytestmark = pytest.mark.django_db


def _grow(cast: Cast, n: int, start: int) -> None:
    for i in range(start, start + n):
        building = add_building(by=None, compound=cast.compound_own, name=f"{i}号楼")
        household = add_household(by=None, building=building, room=f"{i}01")
        create_person(by=cast.rc_admin, values={"name": f"居民{i}"}, household=household)
        create_person(by=cast.admin, values={"name": f"党员{i}"}, branch=cast.branch_first)


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("role", "route"),
    [
        ("rc_admin", "people:person-list"),
        ("admin", "people:person-list"),
        ("rc_admin", "places:compound-list"),
        ("rc_admin", "api:person-list"),
        ("rc_admin", "api:building-list"),
        ("admin", "api:person-list"),
    ],
)
def test_list_query_count_does_not_grow_with_rows(cast: Cast, role: str, route: str) -> None:
    client = Client()
    client.force_login(cast.users[role])
    url = reverse(route)
    _grow(cast, 2, 100)
    small = _queries(client, url)
    _grow(cast, 8, 200)
    assert _queries(client, url) == small


def test_compound_page_query_count_does_not_grow_with_buildings(cast: Cast) -> None:
    client = Client()
    client.force_login(cast.rc_admin)
    url = reverse("places:compound-detail", kwargs={"compound_id": cast.compound_own.pk})
    _grow(cast, 2, 100)
    small = _queries(client, url)
    _grow(cast, 8, 200)
    assert _queries(client, url) == small
