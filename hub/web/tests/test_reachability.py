"""Every page is reachable by links from the home page of a role that may use it.

The access matrix lists every route with who may open it, on a world that has one object of
each kind. This test signs in as each role, follows every same-site link from the home page
(each page once, files and PDFs recorded but not rendered), and checks that each page route
a role may open (GET, not the API) was reached by at least one role that may open it. Routes a
person reaches by other means than a link are listed in BY_OTHER_MEANS, each with its reason.
"""

from __future__ import annotations

from collections import deque
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import Resolver404, resolve

from hub.access.tests.test_access_matrix import ALL_ROUTES, make_world
from hub.conftest import ROLES

pytestmark = pytest.mark.django_db

BY_OTHER_MEANS = {
    "web:healthz": "for load balancers",
    "accounts:login": "where signing out or a protected link leads",
    "volunteering:join": "the drive's public link, shared into a group chat",
    "volunteering:checkin-scan": "the poster's QR code, scanned at the site",
    "hours:certificate-verify": "the QR code printed on a certificate",
    "me:calendar": "the calendar address a volunteer subscribes to",
    "jobs:job-detail": "the page a background job's starter is sent to",
    "rosters:run-status": "polled by the roster page while it solves",
    "api-schema": "the API's schema, for programs",
    "office:scan": "the site's QR poster, scanned at the entrance",
    "office:desk-arrivals": "polled by the entry desk page for live arrivals",
    "supplies:room-search": "the gate intake's room autocomplete, fetched as you type",
}
FILES = (".pdf", ".xlsx", ".csv", ".ics", "/download/", "/pdf/")


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def _name(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def reachable(client: Client, *, limit: int = 400, per_route: int = 3) -> set[str]:
    """The route names reached from "/" by links (a route's first few pages are followed)."""
    seen_names: dict[str, int] = {}
    seen_paths: set[str] = set()
    queue = deque(["/"])
    while queue and len(seen_paths) < limit:
        path = queue.popleft()
        if path in seen_paths:
            continue
        seen_paths.add(path)
        name = _name(urlsplit(path).path)
        if name is None:
            continue
        seen_names[name] = seen_names.get(name, 0) + 1
        if seen_names[name] > per_route or any(marker in path for marker in FILES):
            continue
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        parser = Links()
        parser.feed(response.content.decode())
        for href in parser.hrefs:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return set(seen_names)


def allowed_roles(route: Any) -> set[str]:
    if isinstance(route.allowed, frozenset):
        return set(route.allowed)
    return {role for roles in route.allowed.values() for role in roles}


def test_every_page_is_reachable_from_the_home_page_of_a_role_that_may_use_it(cast):
    make_world(cast)
    reached: dict[str, set[str]] = {}
    for role in ROLES:
        client = Client()
        client.force_login(cast.users[role])
        reached[role] = reachable(client)
    missing = []
    for name, route in ALL_ROUTES:
        if route.method != "GET" or route.api or name in BY_OTHER_MEANS:
            continue
        roles = allowed_roles(route) & set(ROLES)
        if roles and not any(name in reached[role] for role in roles):
            missing.append(f"{name} (for {', '.join(sorted(roles))})")
    assert not missing, "pages no link leads to:\n" + "\n".join(sorted(missing))
