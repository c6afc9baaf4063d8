from __future__ import annotations

import datetime as dt

import pytest

from hub.campaigns.actions import (
    close_follow_up,
    create_campaign,
    five_ones_checklist,
    record_visit,
    save_checklist,
)
from hub.campaigns.models import FollowUp, Visit
from hub.campaigns.queries import households, progress
from hub.errors import DomainError
from hub.places.actions import add_building
from hub.testing.builders import at

AFTERNOON = at(4, 3, 15)


def _campaign(cast, buildings=None):
    coordinator = cast.users["coordinator"]
    checklist = five_ones_checklist(by=coordinator, organization=cast.org_rc)
    return create_campaign(
        by=coordinator,
        compound=cast.compound_own,
        name="敲门行动",
        checklist=checklist,
        buildings=buildings or [cast.building_own, cast.building_own2],
        starts_on=dt.date(2022, 4, 3),
    )


def _visit(cast, campaign, household, outcome="done", *, key="v1", now=AFTERNOON, **kw):
    return record_visit(
        by=cast.users["coordinator"],
        campaign=campaign,
        household=household,
        outcome=outcome,
        idempotency_key=key,
        now=now,
        **kw,
    )


def test_the_five_ones_checklist_ships_and_can_be_edited(cast):
    checklist = five_ones_checklist(by=cast.users["coordinator"], organization=cast.org_rc)
    assert len(checklist.items) == 5
    edited = save_checklist(
        by=cast.users["coordinator"],
        organization=cast.org_rc,
        name=checklist.name,
        items=[*checklist.items[:4], {"key": "pets", "question": "宠物照看"}],
    )
    assert edited.pk == checklist.pk
    assert edited.items[-1]["key"] == "pets"


def test_a_campaign_with_no_households_is_refused(cast):
    empty = add_building(by=None, compound=cast.compound_own, name="99号楼")
    with pytest.raises(DomainError) as refused:
        _campaign(cast, buildings=[empty])
    assert refused.value.code == "no_households"
    assert "no households" in refused.value.message


def test_a_campaign_without_a_checklist_uses_the_five_ones_in_one_action(cast):
    from hub.campaigns.models import Checklist

    before = Checklist.objects.count()
    empty = add_building(by=None, compound=cast.compound_own, name="99号楼")
    with pytest.raises(DomainError):
        create_campaign(
            by=cast.users["coordinator"],
            compound=cast.compound_own,
            name="敲门行动",
            buildings=[empty],
            starts_on=dt.date(2022, 4, 3),
        )
    assert Checklist.objects.count() == before  # the refused campaign left no checklist
    campaign = create_campaign(
        by=cast.users["coordinator"],
        compound=cast.compound_own,
        name="敲门行动",
        buildings=[cast.building_own],
        starts_on=dt.date(2022, 4, 3),
    )
    assert campaign.checklist.name == "五个一"


def test_nobody_home_becomes_a_phone_follow_up(cast):
    campaign = _campaign(cast)
    _visit(cast, campaign, cast.household_own, "nobody_home")
    follow_up = FollowUp.objects.get()
    assert follow_up.kind == "phone"
    assert follow_up.owner == cast.users["coordinator"]


def test_a_need_at_the_door_becomes_a_follow_up_with_an_owner(cast):
    campaign = _campaign(cast)
    with pytest.raises(DomainError) as refused:
        _visit(cast, campaign, cast.household_own, "follow_up")
    assert refused.value.code == "note_needed"
    _visit(
        cast,
        campaign,
        cast.household_own,
        "follow_up",
        note="需要配降压药",
        owner=cast.users["leader"],
        answers={"health": True, "needs": True},
    )
    follow_up = FollowUp.objects.get()
    assert (follow_up.kind, follow_up.owner, follow_up.note) == (
        "need",
        cast.users["leader"],
        "需要配降压药",
    )
    done = close_follow_up(by=cast.users["leader"], follow_up=follow_up, now=AFTERNOON)
    assert done.status == "done"


def test_visits_in_quiet_hours_are_refused_and_change_nothing(cast):
    campaign = _campaign(cast)
    for hour in (6, 12, 22):
        with pytest.raises(DomainError) as refused:
            _visit(cast, campaign, cast.household_own, now=at(4, 3, hour, 30))
        assert refused.value.code == "quiet_hours"
    assert not Visit.objects.exists()


def test_a_resent_visit_is_recorded_once(cast):
    campaign = _campaign(cast)
    first = _visit(cast, campaign, cast.household_own, key="same")
    again = _visit(cast, campaign, cast.household_own, key="same")
    assert first.pk == again.pk and Visit.objects.count() == 1


def test_an_answer_outside_the_checklist_is_refused(cast):
    campaign = _campaign(cast)
    with pytest.raises(DomainError) as refused:
        _visit(cast, campaign, cast.household_own, answers={"unknown": True})
    assert refused.value.code == "answers"


def test_elderly_living_alone_are_due_daily_others_every_three_days(cast):
    campaign = _campaign(cast)
    _visit(cast, campaign, cast.household_own, key="a")  # 陈秀英, born 1950, lives alone
    other_household = cast.building_own2.households.get()  # 1201: the volunteer, born later
    _visit(cast, campaign, other_household, key="b")
    next_day = AFTERNOON + dt.timedelta(days=1)
    rows = {
        r.household.pk: r for r in households(cast.users["coordinator"], campaign, now=next_day)
    }
    assert rows[cast.household_own.pk].alone_elderly and rows[cast.household_own.pk].due
    other = rows[other_household.pk]
    assert not other.alone_elderly and not other.due
    later = AFTERNOON + dt.timedelta(days=3)
    assert all(r.due for r in households(cast.users["coordinator"], campaign, now=later))


def test_progress_per_building_takes_constant_queries(cast, django_assert_num_queries):
    campaign = _campaign(cast)
    _visit(cast, campaign, cast.household_own, "nobody_home")
    with django_assert_num_queries(2):
        rows = progress(cast.users["coordinator"], campaign, now=AFTERNOON)
    first = next(b for b in rows if b.name == "1号楼")
    assert (first.households, first.visited, first.open_follow_ups) == (1, 1, 1)
