"""seed_demo is deterministic, idempotent, resets only its own world and is all-or-nothing."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.core.management.base import CommandError

from hub.accounts.models import User
from hub.demo.world import CENTER
from hub.people.actions import create_person
from hub.people.models import Branch, Membership, Organization, Person
from hub.places.models import AreaStatus, Household
from hub.privacy.models import AccessLog

from .conftest import seed

pytestmark = pytest.mark.django_db


def identities() -> set[tuple[str, str, str]]:
    return set(Person.objects.values_list("name", "phone", "id_number"))


def homes() -> set[tuple[str, str, str]]:
    return set(
        Person.objects.exclude(household=None).values_list(
            "id_number", "household__building__name", "household__room"
        )
    )


def table_sizes() -> dict[str, int]:
    models = (Organization, Branch, Person, Membership, Household, AreaStatus, User, LogEntry)
    return {m.__name__: m.objects.count() for m in models}


# Both start from the shared tenth-size world (seed 2022, the default) and seed once more.
def test_same_seed_builds_the_same_people_in_the_same_rooms_after_a_reset(small_world):
    first = identities(), homes()
    seed("--scale", "0.1", "--seed", "2022", "--reset")
    assert (identities(), homes()) == first


def test_a_different_seed_builds_different_people(small_world):
    first = identities()
    seed("--scale", "0.1", "--seed", "8", "--reset")
    assert not identities() & first


def test_second_run_says_already_seeded_and_changes_nothing(small_world):
    before = table_sizes()
    output = seed("--scale", "0.1")
    assert "already seeded" in output
    assert table_sizes() == before


def test_reset_keeps_people_and_organizations_outside_the_demo(small_world):
    other = Organization.objects.create(name="另一单位", kind="charity")
    branch = Branch.objects.create(organization=other, name="志愿队", kind="team")
    admin = User.objects.get(username="admin")
    outsider = create_person(by=admin, values={"name": "外单位志愿者"}, branch=branch)

    seed("--scale", "0.1", "--reset")

    assert Person.objects.filter(pk=outsider.pk).exists()
    assert Branch.objects.filter(pk=branch.pk).exists()
    assert Organization.objects.filter(name=CENTER).count() == 1


def test_reset_refuses_while_demo_people_belong_to_another_organization(small_world):
    other = Organization.objects.create(name="另一单位", kind="charity")
    branch = Branch.objects.create(organization=other, name="志愿队", kind="team")
    shared = Person.objects.get(memberships__title="组织委员兼纪检委员")
    Membership.objects.create(branch=branch, person=shared)
    before = table_sizes()

    with pytest.raises(CommandError, match="1 demo people also belong"):
        seed("--scale", "0.1", "--reset")
    assert table_sizes() == before


def test_reset_refuses_while_the_access_log_names_a_demo_account(small_world):
    AccessLog.objects.create(
        actor=User.objects.get(username="demo_center_admin"),
        action="reveal",
        subject_type="person",
        subject_id="1",
        field="phone",
    )
    with pytest.raises(CommandError, match="access log"):
        seed("--scale", "0.1", "--reset")
    assert Organization.objects.filter(name=CENTER).exists()


def test_a_failed_build_leaves_nothing_half_written():
    User.objects.create(username="demo_volunteer", phone="13800000000")
    with pytest.raises(CommandError, match="taken"):
        seed("--scale", "0.1")
    assert not Organization.objects.exists()
    assert not Person.objects.exists()


def test_scale_outside_zero_to_one_is_refused(db):
    with pytest.raises(CommandError, match="scale"):
        seed("--scale", "1.5")
