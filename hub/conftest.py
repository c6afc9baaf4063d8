"""The cast every test shares, built through the real actions.

Built once per process and shared: each test runs in its own transaction inside it and gets
fresh objects (``hub/testing/shared_rows.py``), so a test may change anything in it.

Three organizations: a health center (members in branches), a residents' committee (two
compounds) and an unrelated organization. Users:

- ``admin``: org admin of the health center
- ``rc_admin``: org admin of the residents' committee
- ``secretary``: branch secretary of 第一党支部
- ``office``: office staff of the health center
- ``desk``: entry desk of the health center
- ``coordinator``: community coordinator of 青年公寓
- ``leader``: building leader of 青年公寓 1号楼
- ``volunteer``: volunteer of the health center, member of 第一党支部, lives in 青年公寓
- ``outsider``: org admin of the other organization
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pytest

from hub.accounts.models import Role, User
from hub.people.actions import create_branch, create_person, grant_role
from hub.people.identity import id_check_digit
from hub.people.models import Branch, Organization, Person
from hub.places.actions import add_building, add_household, create_compound, set_area_status
from hub.places.models import Building, Compound, Household
from hub.testing import pdf_memo, shared_rows

# Browser tests' fixtures (phone_page, desktop_page, chromium) and checks: see that module.
pytest_plugins = ["hub.testing.browser"]

PASSWORD = "test-pass-4-shouwang"  # noqa: S105
ROLES = [
    "admin",
    "rc_admin",
    "secretary",
    "office",
    "desk",
    "coordinator",
    "leader",
    "volunteer",
    "outsider",
]


def make_id(birth: str, serial: str = "123") -> str:
    """A valid 18-character resident ID for a birth date 'YYYYMMDD'."""
    first17 = "310112" + birth + serial
    return first17 + id_check_digit(first17)


@dataclass
class Cast:
    org_health: Organization
    org_rc: Organization
    org_other: Organization
    branch_first: Branch
    branch_youth: Branch
    branch_other: Branch
    compound_own: Compound
    compound_other: Compound
    compound_foreign: Compound
    building_own: Building
    building_own2: Building
    building_other: Building
    building_foreign: Building
    household_own: Household
    person_member: Person
    person_resident: Person
    person_other_compound: Person
    person_foreign: Person
    users: dict[str, User] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        users = self.__dict__.get("users", {})
        if name in users:
            return users[name]
        raise AttributeError(name)


def _user(username: str, phone: str, person: Person | None = None) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, phone=phone)
    if person is not None:
        user.person = person
        user.save(update_fields=["person"])
    return user


def build_cast() -> Cast:
    sys_admin = User.objects.create_superuser("root", password=PASSWORD)
    org_health = Organization.objects.create(name="卫健中心", kind="public_institution")
    org_rc = Organization.objects.create(name="莘庄居委会", kind="residents_committee")
    org_other = Organization.objects.create(name="另一家单位", kind="charity")
    committee = create_branch(
        by=sys_admin, organization=org_health, name="中心党委", kind="party_committee"
    )
    branch_first = create_branch(
        by=sys_admin,
        organization=org_health,
        name="第一党支部",
        kind="party_branch",
        parent=committee,
    )
    branch_youth = create_branch(
        by=sys_admin, organization=org_health, name="团支部", kind="youth_league", parent=committee
    )
    branch_other = create_branch(
        by=sys_admin, organization=org_other, name="其他支部", kind="party_branch"
    )

    compound_own = create_compound(by=None, organization=org_rc, name="青年公寓")
    compound_other = create_compound(by=None, organization=org_rc, name="东苑新天地南区")
    compound_foreign = create_compound(by=None, organization=org_other, name="别处小区")
    building_own = add_building(by=None, compound=compound_own, name="1号楼")
    building_own2 = add_building(by=None, compound=compound_own, name="2号楼")
    building_other = add_building(by=None, compound=compound_other, name="3号楼")
    building_foreign = add_building(by=None, compound=compound_foreign, name="9号楼")
    household_own = add_household(by=None, building=building_own, room="301")
    household_own2 = add_household(by=None, building=building_own2, room="1201")
    household_other = add_household(by=None, building=building_other, room="502")
    household_foreign = add_household(by=None, building=building_foreign, room="101")
    set_area_status(
        by=None,
        compound=compound_own,
        status="sealed",
        effective_from=dt.datetime(2022, 3, 28, 0, 0, tzinfo=dt.UTC),
    )

    person_member = create_person(
        by=sys_admin,
        values={"name": "王建国", "phone": "13800001111", "id_number": make_id("19700101", "111")},
        branch=branch_first,
    )
    person_resident = create_person(
        by=sys_admin,
        values={"name": "陈秀英", "phone": "13900002222", "id_number": make_id("19500505", "222")},
        household=household_own,
    )
    person_other_compound = create_person(
        by=sys_admin,
        values={"name": "赵琴", "phone": "13700003333"},
        household=household_other,
    )
    person_foreign = create_person(
        by=sys_admin,
        values={"name": "外单位人", "phone": "13600004444"},
        branch=branch_other,
        household=household_foreign,
    )
    volunteer_person = create_person(
        by=sys_admin,
        values={"name": "张贝", "phone": "13500005555", "political_status": "party_member"},
        branch=branch_first,
        household=household_own2,
    )
    users = {
        "admin": _user("admin_health", "13100000001"),
        "rc_admin": _user("admin_rc", "13100000002"),
        "secretary": _user("secretary", "13100000003"),
        "office": _user("office", "13100000004"),
        "desk": _user("desk", "13100000005"),
        "coordinator": _user("coordinator", "13100000006"),
        "leader": _user("leader", "13100000007"),
        "volunteer": _user("volunteer", "13500005555", person=volunteer_person),
        "outsider": _user("outsider", "13100000009"),
    }
    grant_role(by=None, user=users["admin"], role=Role.ORG_ADMIN, organization=org_health)
    grant_role(by=None, user=users["rc_admin"], role=Role.ORG_ADMIN, organization=org_rc)
    grant_role(
        by=None,
        user=users["secretary"],
        role=Role.BRANCH_SECRETARY,
        organization=org_health,
        branch=branch_first,
    )
    grant_role(by=None, user=users["office"], role=Role.OFFICE_STAFF, organization=org_health)
    grant_role(by=None, user=users["desk"], role=Role.ENTRY_DESK, organization=org_health)
    grant_role(
        by=None,
        user=users["coordinator"],
        role=Role.COMMUNITY_COORDINATOR,
        organization=org_rc,
        compound=compound_own,
    )
    grant_role(
        by=None,
        user=users["leader"],
        role=Role.BUILDING_LEADER,
        organization=org_rc,
        building=building_own,
    )
    grant_role(by=None, user=users["volunteer"], role=Role.VOLUNTEER, organization=org_health)
    grant_role(by=None, user=users["outsider"], role=Role.ORG_ADMIN, organization=org_other)
    return Cast(
        org_health=org_health,
        org_rc=org_rc,
        org_other=org_other,
        branch_first=branch_first,
        branch_youth=branch_youth,
        branch_other=branch_other,
        compound_own=compound_own,
        compound_other=compound_other,
        compound_foreign=compound_foreign,
        building_own=building_own,
        building_own2=building_own2,
        building_other=building_other,
        building_foreign=building_foreign,
        household_own=household_own,
        person_member=person_member,
        person_resident=person_resident,
        person_other_compound=person_other_compound,
        person_foreign=person_foreign,
        users=users,
    )


def fresh_cast(built: Cast) -> Cast:
    """The cast's rows as new objects, one query per model (users come with their person)."""
    values = {name: getattr(built, name) for name in Cast.__dataclass_fields__ if name != "users"}
    by_model: dict[Any, list[int]] = {}
    for obj in values.values():
        by_model.setdefault(type(obj), []).append(obj.pk)
    rows = {model: model._default_manager.in_bulk(pks) for model, pks in by_model.items()}
    users = User.objects.select_related("person").in_bulk([u.pk for u in built.users.values()])
    return Cast(
        **{name: rows[type(obj)][obj.pk] for name, obj in values.items()},
        users={role: users[user.pk] for role, user in built.users.items()},
    )


shared_rows.register("cast", fixture="cast", build=lambda _below: build_cast())


@pytest.fixture(scope="session")
def _shared_rows(django_db_setup: Any, django_db_blocker: Any) -> Any:
    """The layers of shared rows open on this process's test database (hub/testing/shared_rows)."""
    stack = shared_rows.Stack()
    yield stack
    with django_db_blocker.unblock():
        stack.close()


@pytest.fixture
def _shared_rows_switched(request: Any, _shared_rows: Any, django_db_blocker: Any) -> None:
    if shared_rows.is_transactional(request.node):
        names: tuple[str, ...] = ()
    else:
        names = shared_rows.wanted(request.fixturenames)
    with django_db_blocker.unblock():
        _shared_rows.switch(names)


@pytest.fixture
def _django_db_helper(_shared_rows_switched: None, _django_db_helper: None) -> None:
    # pytest-django's per-test transaction, opened inside the shared layers this test needs
    # (switched first, so the layers sit outside the test's transaction).
    return None


@pytest.fixture(scope="session")
def _no_shared_rows(_shared_rows: Any, django_db_blocker: Any) -> None:
    with django_db_blocker.unblock():
        _shared_rows.switch(())


@pytest.fixture(scope="session")
def live_server(_no_shared_rows: None, live_server: Any) -> Any:
    # The live server starts before a test's function fixtures: roll the shared layers back first,
    # so its threads never meet this process's open transaction.
    return live_server


@pytest.fixture
def cast(db: Any, _shared_rows: Any) -> Cast:
    built = _shared_rows.value("cast")
    if built is None:  # a transactional test: its threads need committed rows, built as before
        return build_cast()
    return fresh_cast(built)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[Any]) -> None:
    # After pytest-django's order (database tests, then transactional ones, then the rest): the
    # tests sharing a layer run one after another, so each process builds each layer about once.
    def key(item: Any) -> tuple[int, tuple[int, ...]]:
        if not shared_rows.uses_db(item):
            return (2, ())
        if shared_rows.is_transactional(item):
            return (1, ())
        return (0, shared_rows.order_key(item.fixturenames))

    items.sort(key=key)


def pytest_itemcollected(item: Any) -> None:
    # One Redis database for the whole run: with pytest-xdist (--dist loadgroup) the Redis tests
    # all run on one worker, one after another.
    if item.get_closest_marker("redis") is not None:
        item.add_marker(pytest.mark.xdist_group("redis"))
    # The demo's tenth-size world is seeded once per process that asks for it: keep its tests on
    # one worker, so it is seeded once per run.
    elif "small_world" in getattr(item, "fixturenames", ()):
        item.add_marker(pytest.mark.xdist_group("demo_world"))


def fresh(user: User) -> User:
    """The same user without a cached scope (after grants change)."""
    return User.objects.get(pk=user.pk)


@pytest.fixture(autouse=True)
def _remember_pdfs() -> None:
    # Each distinct page becomes a PDF once per process (hub/testing/pdf_memo.py).
    pdf_memo.install_if_imported()


@pytest.fixture
def redis_url(settings: Any) -> str:
    """A reachable Redis, or a skip; with REQUIRE_REDIS=1 (CI) an unreachable Redis fails."""
    import os

    import redis

    url = settings.REDIS_URL
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.exceptions.RedisError as exc:
        if os.environ.get("REQUIRE_REDIS") == "1":
            pytest.fail(f"Redis is required (REQUIRE_REDIS=1) but unreachable at {url}: {exc}")
        pytest.skip(f"Redis unreachable at {url}")
    return url


def pytest_configure(config: Any) -> None:
    import os

    from django.conf import settings

    # Set once for the run rather than per test (each was a fixture before):
    # - the cast signs in many users per test; production hashing would dominate the suite;
    # - WhiteNoise with finders walks every static file each time a test client loads the
    #   middleware (about two thirds of a matrix case's time); tests fetch no static file
    #   through the client, and the live server of the browser tests serves them itself.
    settings.PASSWORD_HASHERS = shared_rows.FAST_HASHERS
    settings.WHITENOISE_USE_FINDERS = False
    if os.environ.get("REQUIRE_POSTGRES") == "1" and not os.environ.get(
        "DATABASE_URL", ""
    ).startswith(("postgres://", "postgresql://")):
        raise pytest.UsageError("REQUIRE_POSTGRES=1 but DATABASE_URL is not a PostgreSQL URL")


@pytest.fixture(autouse=True)
def _english_outside_requests() -> Any:
    # Actions called directly in tests speak English; pages and the API go through the
    # Chinese-first middleware like a real request.
    from django.utils import translation

    with translation.override("en"):
        yield
