"""The cast of the import tests: one organization with a branch tree, a compound, and users."""

from __future__ import annotations

import pytest
from django.utils import translation

from hub.accounts.models import Role, RoleGrant, User
from hub.imports.tests.files import counts
from hub.people.models import Branch, Organization, Skill
from hub.places.models import Compound


@pytest.fixture(autouse=True)
def english():
    """Reasons are checked in their English source form, whatever catalogs exist."""
    with translation.override("en"):
        yield


@pytest.fixture
def org(db):
    return Organization.objects.create(
        name="上海市某卫生中心", kind=Organization.Kind.PUBLIC_INSTITUTION
    )


@pytest.fixture
def other_org(db):
    return Organization.objects.create(name="另一单位", kind=Organization.Kind.CHARITY)


@pytest.fixture
def committee(org):
    return Branch.objects.create(organization=org, name="党委", kind=Branch.Kind.PARTY_COMMITTEE)


@pytest.fixture
def branch(org, committee):
    return Branch.objects.create(
        organization=org, name="第一党支部", kind=Branch.Kind.PARTY_BRANCH, parent=committee
    )


@pytest.fixture
def retirees(org, committee):
    return Branch.objects.create(
        organization=org, name="退休党支部", kind=Branch.Kind.RETIREES_BRANCH, parent=committee
    )


@pytest.fixture
def compound(org):
    return Compound.objects.create(organization=org, name="阳光小区")


@pytest.fixture
def skills(db):
    return [
        Skill.objects.create(code="driver", name="驾驶"),
        Skill.objects.create(code="medical", name="医护"),
    ]


def _user(username: str, role: str | None = None, **scope) -> User:
    user = User.objects.create_user(username=username, password=None)
    if role:
        RoleGrant.objects.create(user=user, role=role, **scope)
    return user


@pytest.fixture
def admin(org):
    return _user("alice", Role.ORG_ADMIN, organization=org)


@pytest.fixture
def secretary(org, branch, retirees):
    return _user("bob", Role.BRANCH_SECRETARY, organization=org, branch=branch)


@pytest.fixture
def coordinator(org, compound):
    return _user("carol", Role.COMMUNITY_COORDINATOR, organization=org, compound=compound)


@pytest.fixture
def volunteer(org):
    return _user("dave", Role.VOLUNTEER, organization=org)


@pytest.fixture
def outsider(other_org):
    return _user("erin", Role.ORG_ADMIN, organization=other_org)


@pytest.fixture
def nothing_written(db):
    """Asserts at the end of the test that the import wrote no people, memberships or places."""
    before = counts()
    yield
    assert counts() == before
