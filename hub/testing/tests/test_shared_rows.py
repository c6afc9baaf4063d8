"""The shared cast is built once per process, yet every test sees it as if built for it alone.

In one process the tests of this module run in this order (the ordering hook keeps the order of
tests that share the same layers), so the later ones see what the earlier ones left behind; under
pytest-xdist they may be split between workers, where each still holds.
"""

from __future__ import annotations

import pytest

from hub.accounts.models import User
from hub.people.models import Organization
from hub.testing import shared_rows

pytestmark = pytest.mark.django_db


def test_a_test_may_change_the_cast_in_the_database_and_in_memory(cast) -> None:
    cast.org_health.name = "改过的名字"
    cast.org_health.save(update_fields=["name"])
    cast.admin.first_name = "改过"
    User.objects.filter(pk=cast.outsider.pk).delete()
    assert Organization.objects.get(pk=cast.org_health.pk).name == "改过的名字"


def test_the_next_test_sees_the_cast_as_built(cast) -> None:
    assert cast.org_health.name == "卫健中心"
    assert Organization.objects.get(pk=cast.org_health.pk).name == "卫健中心"
    assert cast.admin.first_name == ""
    assert User.objects.filter(pk=cast.outsider.pk).exists()


def test_each_test_gets_objects_of_its_own(cast) -> None:
    again = User.objects.get(pk=cast.volunteer.pk)
    assert cast.volunteer is not again
    assert cast.volunteer.person == again.person  # read with the user, as the builder left it


def test_a_test_without_the_cast_sees_none_of_it(db) -> None:
    assert not Organization.objects.exists()
    assert not User.objects.exists()


def _probe(_below: dict) -> int:
    return Organization.objects.create(name="探针单位", kind="charity").pk


shared_rows.register("shared_rows_probe", fixture="probe_world", build=_probe)


@pytest.fixture
def probe_world(db, _shared_rows) -> int:
    return _shared_rows.value("shared_rows_probe") or _probe({})


def test_a_layer_without_the_cast_sees_none_of_it(probe_world) -> None:
    # Ordered after the cast's tests (its layer is registered later): the cast was rolled back.
    assert list(Organization.objects.values_list("pk", "name")) == [(probe_world, "探针单位")]
    assert not User.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_builds_a_committed_cast_of_its_own(cast) -> None:
    assert User.objects.filter(username="admin_health").count() == 1
    assert cast.org_health.name == "卫健中心"
