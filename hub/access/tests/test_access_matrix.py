"""Every route × method × role × scope, against a table written by hand (not by the access layer).

A URL pattern that is not in ROUTES fails the test, so every new page or endpoint must say who
may use it. Other organizations' objects answer 404 like a missing id; refused writes change
nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from hub.access.tests.matrix_kit import API_ANON, Route, pk
from hub.conftest import ROLES, Cast
from hub.imports.models import ImportBatch
from hub.jobs.actions import create_job
from hub.jobs.models import Job
from hub.places.models import AreaStatus
from hub.privacy.models import AccessLog
from hub.testing import shared_rows
from hub.testing.shared_rows import refetch

IMPORTERS = frozenset({"admin", "rc_admin", "secretary", "coordinator", "outsider"})


def walk(patterns: list[Any], prefix: str = "") -> list[tuple[str, str]]:
    """(route name, pattern text) for every named URL pattern, admin excluded."""
    found = []
    for p in patterns:
        if isinstance(p, URLResolver):
            if p.app_name == "admin":
                continue
            ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
            found += walk(p.url_patterns, ns)
        elif isinstance(p, URLPattern) and p.name:
            found.append((prefix + p.name, str(p.pattern)))
    return found


# Who may see / change each kind of target, by hand. Targets are the cast's objects:
# "own" is inside the health center or 青年公寓, "other_compound" is 东苑 (same residents'
# committee), "foreign" belongs to the other organization.
VISIBLE: dict[str, dict[str, frozenset[str]]] = {
    "person": {
        "member": frozenset({"admin", "secretary", "office"}),
        "resident": frozenset({"rc_admin", "coordinator", "leader"}),
        "other_compound": frozenset({"rc_admin"}),
        "foreign": frozenset({"outsider"}),
    },
    "compound": {
        "own": frozenset({"rc_admin", "coordinator", "leader"}),
        "other_compound": frozenset({"rc_admin"}),
        "foreign": frozenset({"outsider"}),
    },
    "building": {
        "own": frozenset({"rc_admin", "coordinator", "leader"}),
        "other_compound": frozenset({"rc_admin"}),
        "foreign": frozenset({"outsider"}),
    },
    "household": {
        "own": frozenset({"rc_admin", "coordinator", "leader"}),
        "foreign": frozenset({"outsider"}),
    },
    "organization": {
        "own": frozenset({"admin", "secretary", "office", "desk", "volunteer"}),
        "foreign": frozenset({"outsider"}),
    },
    "branch": {
        "own": frozenset({"admin", "secretary", "office", "desk", "volunteer"}),
        "foreign": frozenset({"outsider"}),
    },
    "area_status": {
        "own": frozenset({"rc_admin", "coordinator", "leader"}),
    },
    "job": {
        "own": frozenset({"coordinator", "rc_admin"}),
        "foreign": frozenset({"outsider"}),
    },
    "import": {
        "own": frozenset({"coordinator", "rc_admin"}),
        "foreign": frozenset({"outsider"}),
    },
}
CHANGE: dict[str, dict[str, frozenset[str]]] = {
    "person": {
        "member": frozenset({"admin", "secretary"}),
        "resident": frozenset({"rc_admin", "coordinator"}),
        "other_compound": frozenset({"rc_admin"}),
        "foreign": frozenset({"outsider"}),
    },
    "compound": {
        "own": frozenset({"rc_admin", "coordinator"}),
        "other_compound": frozenset({"rc_admin"}),
        "foreign": frozenset({"outsider"}),
    },
    "import": {"own": frozenset({"coordinator"}), "foreign": frozenset({"outsider"})},
}
REVEAL_PHONE = {
    "member": frozenset({"admin", "secretary"}),
    "resident": frozenset({"rc_admin", "coordinator", "leader"}),
    "other_compound": frozenset({"rc_admin"}),
    "foreign": frozenset({"outsider"}),
}


@dataclass
class World:
    cast: Any  # the Cast, or a LazyCast over it
    targets: dict[str, dict[str, Any]] = field(default_factory=dict)
    sessions: dict[str, dict[str, Any]] = field(default_factory=dict)  # role → signed-in session


class LazyCast:
    """The shared cast for one case: each member is read again on first use, not all up front
    (a case uses one user and a pk or two)."""

    def __init__(self, built: Cast) -> None:
        self._built = built
        self._fresh: dict[str, Any] = {}
        self.users = _LazyUsers(built.users)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        if name in self._built.users:
            return self.users[name]
        if name not in self._fresh:
            self._fresh[name] = refetch(getattr(self._built, name))
        return self._fresh[name]


class _LazyUsers(dict[str, Any]):
    def __init__(self, built: dict[str, Any]) -> None:
        super().__init__()
        self._built = built

    def __missing__(self, role: str) -> Any:
        self[role] = user = refetch(self._built[role])
        return user


def signed_in_sessions(cast: Cast) -> dict[str, dict[str, Any]]:
    """What the session holds after ``force_login`` for each role (the world keeps these)."""
    sessions = {}
    for role in ROLES:
        client = Client()
        client.force_login(cast.users[role])
        sessions[role] = dict(client.session.items())
    return sessions


def signed_in(world: World, role: str) -> Client:
    """A new client signed in as ``role``: a new session holding what force_login would put in
    it (the world signed each role in once), so a case costs one insert instead of a login."""
    client = Client()
    data = world.sessions.get(role)
    if data is None:
        client.force_login(world.cast.users[role])
        return client
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store.update(data)
    store.create()
    client.cookies[settings.SESSION_COOKIE_NAME] = store.session_key
    return client


def make_world(cast: Cast) -> World:
    def batch(user: Any, compound: Any) -> ImportBatch:
        return ImportBatch.objects.create(
            kind="residents",
            status="invalid",
            organization=compound.organization,
            compound=compound,
            filename="x.csv",
            content=b"",
            sha256="0" * 64,
            created_by=user,
        )

    def job(user: Any, org: Any) -> Job:
        return Job.objects.create(kind="imports.validate", organization=org, created_by=user)

    w = World(cast)
    w.targets = {
        "person": {
            "member": cast.person_member,
            "resident": cast.person_resident,
            "other_compound": cast.person_other_compound,
            "foreign": cast.person_foreign,
        },
        "compound": {
            "own": cast.compound_own,
            "other_compound": cast.compound_other,
            "foreign": cast.compound_foreign,
        },
        "building": {
            "own": cast.building_own,
            "other_compound": cast.building_other,
            "foreign": cast.building_foreign,
        },
        "household": {
            "own": cast.household_own,
            "foreign": cast.building_foreign.households.first(),
        },
        "organization": {"own": cast.org_health, "foreign": cast.org_other},
        "branch": {"own": cast.branch_first, "foreign": cast.branch_other},
        "area_status": {"own": AreaStatus.objects.get(compound=cast.compound_own)},
        "job": {
            "own": job(cast.coordinator, cast.org_rc),
            "foreign": job(cast.outsider, cast.org_other),
        },
        "import": {
            "own": batch(cast.coordinator, cast.compound_own),
            "foreign": batch(cast.outsider, cast.compound_foreign),
        },
    }
    for matrix in _app_matrices():
        if hasattr(matrix, "targets"):
            w.targets.update(matrix.targets(cast))
    return w


def _areas() -> Any:
    return list(AreaStatus.objects.values_list("id", "effective_to", "status"))


def _logs() -> int:
    return AccessLog.objects.count()


def _versions() -> Any:
    from hub.people.models import Person

    return list(Person.objects.values_list("id", "version", "name"))


def _imports() -> Any:
    return list(ImportBatch.objects.values_list("id", "status"))


ROUTES: dict[str, Route] = {
    # the shell
    "web:home": Route(),
    "web:healthz": Route(anonymous=(200,)),
    "web:set-language": Route(method="POST", data={"language": "en"}, ok=(302,), anonymous=(302,)),
    "accounts:login": Route(ok=(302,), anonymous=(200,)),  # signed-in users are sent home
    "accounts:logout": Route(method="POST", ok=(302,), anonymous=(302,)),
    "api-schema": Route(anonymous=(200,)),
    # people
    "people:person-list": Route(),
    "people:person-detail": Route(
        target="person", kwargs=pk("person_id"), allowed=VISIBLE["person"]
    ),
    "people:person-reveal": Route(
        method="POST",
        target="person",
        kwargs=lambda o: {"person_id": o.pk, "field": "phone"},
        allowed=REVEAL_PHONE,
        snapshot=_logs,
    ),
    # places
    "places:compound-list": Route(),
    "places:compound-detail": Route(
        target="compound", kwargs=pk("compound_id"), allowed=VISIBLE["compound"]
    ),
    "places:compound-status": Route(
        method="POST",
        target="compound",
        kwargs=pk("compound_id"),
        allowed=CHANGE["compound"],
        data={"status": "controlled", "reason": "matrix"},
        ok=(302,),
        snapshot=_areas,
    ),
    "places:building-detail": Route(
        target="building", kwargs=pk("building_id"), allowed=VISIBLE["building"]
    ),
    # imports and jobs
    "imports:batch-list": Route(allowed=IMPORTERS),
    "imports:upload": Route(allowed=IMPORTERS),
    "imports:batch-detail": Route(
        target="import", kwargs=pk("batch_id"), allowed=VISIBLE["import"]
    ),
    "imports:batch-apply": Route(
        method="POST",
        target="import",
        kwargs=pk("batch_id"),
        allowed=CHANGE["import"],
        ok=(302,),
        snapshot=_imports,
    ),
    "jobs:job-detail": Route(target="job", kwargs=pk("job_id"), allowed=VISIBLE["job"]),
    # API
    "api:api-root": Route(api=True, anonymous=API_ANON),
    "api:me": Route(api=True, anonymous=API_ANON),
    "api:token": Route(
        method="POST",
        api=True,
        data={"username": "nobody", "password": "wrong"},
        ok=(400,),
        anonymous=(400,),
    ),
    "api:token-revoke": Route(method="POST", api=True, ok=(204,), anonymous=API_ANON),
    "api:organization-list": Route(api=True, anonymous=API_ANON),
    "api:organization-detail": Route(
        api=True, target="organization", allowed=VISIBLE["organization"], anonymous=API_ANON
    ),
    "api:branch-list": Route(api=True, anonymous=API_ANON),
    "api:branch-detail": Route(
        api=True, target="branch", allowed=VISIBLE["branch"], anonymous=API_ANON
    ),
    "api:person-list": Route(api=True, anonymous=API_ANON),
    "api:person-detail": Route(
        api=True, target="person", allowed=VISIBLE["person"], anonymous=API_ANON
    ),
    "api:person-reveal": Route(
        method="POST",
        api=True,
        target="person",
        allowed=REVEAL_PHONE,
        data={"field": "phone"},
        anonymous=API_ANON,
        snapshot=_logs,
    ),
    "api:compound-list": Route(api=True, anonymous=API_ANON),
    "api:compound-detail": Route(
        api=True, target="compound", allowed=VISIBLE["compound"], anonymous=API_ANON
    ),
    "api:compound-status-at": Route(
        api=True, target="compound", allowed=VISIBLE["compound"], ok=(200, 204), anonymous=API_ANON
    ),
    "api:compound-set-status": Route(
        method="POST",
        api=True,
        target="compound",
        allowed=CHANGE["compound"],
        data={"status": "controlled"},
        ok=(201,),
        anonymous=API_ANON,
        snapshot=_areas,
    ),
    "api:building-list": Route(api=True, anonymous=API_ANON),
    "api:building-detail": Route(
        api=True, target="building", allowed=VISIBLE["building"], anonymous=API_ANON
    ),
    "api:household-list": Route(api=True, anonymous=API_ANON),
    "api:household-detail": Route(
        api=True, target="household", allowed=VISIBLE["household"], anonymous=API_ANON
    ),
    "api:area-status-list": Route(api=True, anonymous=API_ANON),
    "api:area-status-detail": Route(
        api=True, target="area_status", allowed=VISIBLE["area_status"], anonymous=API_ANON
    ),
    "api:job-list": Route(api=True, anonymous=API_ANON),
    "api:job-detail": Route(api=True, target="job", allowed=VISIBLE["job"], anonymous=API_ANON),
    "api:import-list": Route(api=True, anonymous=API_ANON),
    "api:import-detail": Route(
        api=True, target="import", allowed=VISIBLE["import"], anonymous=API_ANON
    ),
    "api:import-apply": Route(
        method="POST",
        api=True,
        target="import",
        allowed=CHANGE["import"],
        ok=(400,),  # the batch has errors: refused by the action with a message, not by access
        anonymous=API_ANON,
        snapshot=_imports,
    ),
}
# PATCH on a person goes through the same detail route; covered as its own row below.
EXTRA_METHODS = {
    ("api:person-detail", "PATCH"): Route(
        method="PATCH",
        api=True,
        target="person",
        allowed=CHANGE["person"],
        data={"version": 1, "volunteer_number": "V-1"},
        anonymous=API_ANON,
        snapshot=_versions,
    ),
}


def test_every_route_is_in_the_matrix() -> None:
    names = {name for name, _pattern in walk(get_resolver().url_patterns)}
    missing = sorted(names - set(ROUTES))
    assert not missing, f"routes missing from the access matrix: {missing}"
    stale = sorted(set(ROUTES) - names)
    assert not stale, f"matrix rows for routes that no longer exist: {stale}"


def _expected(route: Route, role: str, scope: str | None, world: World) -> tuple[int, ...]:
    if isinstance(route.allowed, frozenset):
        return route.ok if role in route.allowed else (403,)
    allowed = route.allowed.get(scope or "", frozenset())
    if role in allowed:
        return route.ok
    target_kind = route.target or ""
    can_see = role in VISIBLE.get(target_kind, {}).get(scope or "", frozenset())
    # Visible but not allowed: 403. Invisible (incl. every other organization): 404.
    return (route.denied or 403,) if can_see else (404,)


def _call(client: Client, route: Route, url: str, cast: Cast) -> Any:
    method = route.method.lower()
    data = route.data(cast) if callable(route.data) else (route.data or {})
    if route.api:
        return getattr(client, method)(url, data=data, content_type="application/json")
    return getattr(client, method)(url, data=data)


def _cases(world: World, name: str, route: Route) -> list[tuple[str | None, str]]:
    if route.target is None:
        return [(None, reverse(name))]
    # Read again: the world's objects were built once for every case.
    return [
        (scope, reverse(name, kwargs=route.kwargs(refetch(obj))))
        for scope, obj in world.targets[route.target].items()
    ]


def _app_matrices() -> list[Any]:
    """Each app may keep its rows in ``hub/<app>/tests/matrix*.py``: ``ROUTES`` (name → Route),
    optionally ``EXTRA_METHODS`` and ``targets(cast) -> {kind: {scope: object}}``."""
    import importlib

    from django.apps import apps

    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("hub."):
            continue
        for path in sorted(Path(config.path, "tests").glob("matrix*.py")):
            found.append(importlib.import_module(f"{config.name}.tests.{path.stem}"))
    return found


for _matrix in _app_matrices():
    ROUTES.update(_matrix.ROUTES)
    VISIBLE.update(getattr(_matrix, "VISIBLE", {}))
    EXTRA_METHODS.update(getattr(_matrix, "EXTRA_METHODS", {}))

ALL_ROUTES = [(name, route) for name, route in ROUTES.items()] + [
    (name, route) for (name, _m), route in EXTRA_METHODS.items()
]


def _route_ids() -> list[str]:
    """``GET people:person-detail``; a second row for the same route and method names its target."""
    ids: list[str] = []
    for name, route in ALL_ROUTES:
        label = f"{route.method} {name}"
        if label in ids:
            label += f" on {route.target}"
        while label in ids:
            label += "'"
        ids.append(label)
    return ids


ROUTE_IDS = _route_ids()


def _build_world(below: dict[str, Any]) -> World:
    world = make_world(below["cast"])
    world.sessions = signed_in_sessions(below["cast"])
    return world


# The world is built once per process on top of the shared cast; every case below runs in its own
# transaction inside it, so a write that is allowed leaves nothing behind for the next case.
shared_rows.register("access_matrix", fixture="matrix_world", parent="cast", build=_build_world)


@pytest.fixture
def matrix_world(request: Any, db: Any, _shared_rows: Any) -> World:
    built = _shared_rows.value("access_matrix")
    if built is None:  # outside the shared layer (a transactional run): build it here
        return make_world(request.getfixturevalue("cast"))
    return World(LazyCast(_shared_rows.value("cast")), built.targets, built.sessions)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "route"), ALL_ROUTES, ids=ROUTE_IDS)
def test_each_route_answers_each_role_as_the_matrix_says(
    matrix_world: World, name: str, route: Route, role: str
) -> None:
    world, cast = matrix_world, matrix_world.cast
    failures = []
    for scope, url in _cases(world, name, route):
        client = signed_in(world, role)
        before = route.snapshot() if route.snapshot else None
        response = _call(client, route, url, cast)
        expected = _expected(route, role, scope, world)
        if response.status_code not in expected:
            failures.append(
                f"{route.method} {name} [{scope}] as {role}: "
                f"{response.status_code}, expected {expected}"
            )
        elif route.snapshot and response.status_code in (403, 404) and route.snapshot() != before:
            failures.append(f"{route.method} {name} [{scope}] as {role}: refused but changed data")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(("name", "route"), ALL_ROUTES, ids=ROUTE_IDS)
def test_each_route_sends_anonymous_users_to_sign_in_or_refuses_them(
    matrix_world: World, name: str, route: Route
) -> None:
    world, cast = matrix_world, matrix_world.cast
    failures = []
    for scope, url in _cases(world, name, route):
        before = route.snapshot() if route.snapshot else None
        response = _call(Client(), route, url, cast)
        if response.status_code not in route.anonymous:
            failures.append(f"{route.method} {name} [{scope}]: {response.status_code}")
        if route.snapshot and route.snapshot() != before:
            failures.append(f"{route.method} {name} [{scope}]: anonymous request changed data")
    assert not failures, "\n".join(failures)


def test_another_organizations_object_answers_like_a_missing_id(matrix_world: World) -> None:
    world, cast = matrix_world, matrix_world.cast
    client = Client()
    client.force_login(cast.admin)
    foreign = world.targets["person"]["foreign"]
    seen = client.get(reverse("api:person-detail", kwargs={"pk": foreign.pk}))
    missing = client.get(reverse("api:person-detail", kwargs={"pk": 987654}))
    assert seen.status_code == missing.status_code == 404
    assert seen.json() == missing.json()


def test_admin_site_is_closed_to_every_role(cast: Cast) -> None:
    for role in ROLES:
        client = Client()
        client.force_login(cast.users[role])
        response = client.get("/admin/people/person/")
        assert response.status_code == 302, role
        assert "/admin/login/" in response["Location"]


def test_a_job_created_for_a_foreign_organization_is_invisible(cast: Cast) -> None:
    from django.db import transaction  # noqa: F401

    job = create_job(kind="imports.validate", by=cast.outsider, organization_id=cast.org_other.pk)
    client = Client()
    client.force_login(cast.coordinator)
    assert client.get(reverse("jobs:job-detail", kwargs={"job_id": job.pk})).status_code == 404
