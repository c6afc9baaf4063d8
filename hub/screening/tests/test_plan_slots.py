from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from hub.errors import DomainError
from hub.screening.actions import list_for_home_sampling, plan_slots
from hub.screening.models import SlotAssignment
from hub.testing.builders import make_screening_round, residents


def test_plan_puts_every_building_in_a_slot_within_capacity(cast):
    residents(cast, 6)  # 1号楼 now has 7 residents, 2号楼 has 1
    round_ = make_screening_round(cast, capacity=8)
    rows = plan_slots(by=cast.users["coordinator"], round_=round_)
    assert {r.building.name for r in rows} == {"1号楼", "2号楼"}
    load: dict = {}
    for r in rows:
        load[(r.slot_id, r.point_id)] = load.get((r.slot_id, r.point_id), 0) + r.residents
    assert max(load.values()) <= 8
    assert sum(r.residents for r in rows) == 8
    round_.refresh_from_db()
    assert round_.status == "planned"


def test_a_building_too_large_for_one_queue_is_split_by_households(cast):
    residents(cast, 2)
    round_ = make_screening_round(cast, capacity=2)
    with pytest.raises(DomainError) as refused:
        plan_slots(by=cast.users["coordinator"], round_=round_)
    # One household of 3 residents cannot go down in a queue of 2.
    assert refused.value.code == "unit_too_large"
    assert "3" in refused.value.message


def test_plan_without_points_is_refused(cast):
    round_ = make_screening_round(cast, points=0)
    with pytest.raises(DomainError) as refused:
        plan_slots(by=cast.users["coordinator"], round_=round_)
    assert refused.value.code == "no_points"
    assert "sampling point" in refused.value.message


def test_plan_with_no_capacity_names_the_figures_and_keeps_the_old_plan(cast):
    round_ = make_screening_round(cast, capacity=1, hours=1, slot_minutes=30)
    plan_slots(by=cast.users["coordinator"], round_=round_)
    before = list(SlotAssignment.objects.filter(round=round_).values_list("pk", flat=True))
    residents(cast, 5)
    with pytest.raises(DomainError) as refused:
        plan_slots(by=cast.users["coordinator"], round_=round_)
    assert refused.value.code == "no_capacity"
    assert "2" in refused.value.message and "7" in refused.value.message
    assert list(SlotAssignment.objects.filter(round=round_).values_list("pk", flat=True)) == before


def test_home_sampled_residents_do_not_queue(cast):
    round_ = make_screening_round(cast)
    list_for_home_sampling(by=cast.users["coordinator"], round_=round_, person=cast.person_resident)
    rows = plan_slots(by=cast.users["coordinator"], round_=round_)
    assert {r.building.name for r in rows} == {"2号楼"}


def test_next_round_keeps_last_rounds_slots(cast):
    coordinator = cast.users["coordinator"]
    first = make_screening_round(cast, capacity=5)
    plan_slots(by=coordinator, round_=first)
    old = {a.building_id: a.slot.index for a in first.assignments.select_related("slot")}
    second = make_screening_round(cast, capacity=5, previous=first)
    plan_slots(by=coordinator, round_=second)
    new = {a.building_id: a.slot.index for a in second.assignments.select_related("slot")}
    assert new == old


def test_building_leader_may_not_plan(cast):
    round_ = make_screening_round(cast)
    with pytest.raises(PermissionDenied):
        plan_slots(by=cast.users["leader"], round_=round_)


def test_another_organization_sees_no_round(cast):
    round_ = make_screening_round(cast)
    with pytest.raises(Http404):
        plan_slots(by=cast.users["outsider"], round_=round_)
