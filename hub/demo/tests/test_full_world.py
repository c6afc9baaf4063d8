"""The full-size world, built once: the numbers the seed report gives."""

from __future__ import annotations

from collections import Counter

import pytest

from hub.demo.world import CENTER, DONGYUAN_COMPOUND, YOUTH_COMPOUND
from hub.people.models import Person
from hub.places.models import Building

from .conftest import seed

pytestmark = pytest.mark.django_db


def test_full_world_has_150_members_and_about_two_thousand_apartment_residents():
    seed()
    members = Person.objects.filter(memberships__branch__organization__name=CENTER).distinct()
    youth = Person.objects.filter(household__building__compound__name=YOUTH_COMPOUND)
    dongyuan = Person.objects.filter(household__building__compound__name=DONGYUAN_COMPOUND)
    assert members.count() == 150
    assert 1800 <= youth.count() <= 2200  # "近两千名住户"
    assert 500 <= dongyuan.count() <= 750
    assert Building.objects.filter(compound__name=YOUTH_COMPOUND).count() == 9
    assert Building.objects.filter(compound__name=DONGYUAN_COMPOUND, floors=6).count() == 30
    political = Counter(members.values_list("political_status", flat=True))
    assert political["party_member"] > political["masses"] > 0
    assert political["league_member"] > 0
    employment = Counter(members.values_list("employment_status", flat=True))
    assert employment == {"employed": 104, "retired": 46}
