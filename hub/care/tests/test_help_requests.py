import datetime as dt

import pytest

from hub.care.actions import (
    assign_request,
    bulk_triage,
    claim_request,
    escalate_overdue,
    record_medicine_step,
    resolve_request,
    submit_help_request,
    triage_request,
)
from hub.care.models import HelpRequest
from hub.errors import DomainError
from hub.testing.builders import CARE_NOW, make_help_request

H = dt.timedelta(hours=1)


def test_a_relative_request_gets_the_household_and_a_timer(cast):
    req = make_help_request(cast)
    assert req.household == cast.household_own
    assert req.status == "new" and req.organization == cast.org_rc
    assert req.due_at == CARE_NOW + 8 * H


def test_a_duplicate_is_merged_not_lost_and_the_more_urgent_timer_wins(cast):
    first = make_help_request(cast)
    again = make_help_request(cast, urgency="urgent", now=CARE_NOW + H)
    assert again == first
    dup = HelpRequest.objects.get(merged_into=first)
    assert dup.status == "merged" and dup.details == "家里没菜了"
    first.refresh_from_db()
    assert first.urgency == "urgent" and first.due_at == CARE_NOW + 2 * H
    other_need = make_help_request(cast, need="medicine")
    assert other_need != first


def test_bad_input_gives_a_clear_message_and_writes_nothing(cast):
    with pytest.raises(DomainError) as err:
        submit_help_request(
            compound=cast.compound_own,
            for_name="陈秀英",
            requester_phone="123",
            need="food",
            urgency="today",
            source="form",
            now=CARE_NOW,
        )
    assert err.value.code == "invalid_phone"
    with pytest.raises(DomainError) as err:
        submit_help_request(
            compound=cast.compound_own,
            for_name="陈秀英",
            requester_phone="13912345678",
            need="food",
            urgency="today",
            source="form",
            details="菜" * 1001,
            now=CARE_NOW,
        )
    assert err.value.code == "too_long"
    with pytest.raises(DomainError) as err:
        submit_help_request(
            compound=cast.compound_own,
            building=cast.building_other,
            for_name="x",
            requester_phone="13912345678",
            need="food",
            urgency="today",
            source="form",
        )
    assert err.value.code == "wrong_building"
    assert not HelpRequest.objects.exists()


def test_one_claim_wins_and_the_other_is_told_it_is_taken(cast):
    req = make_help_request(cast)
    mine = claim_request(by=cast.volunteer, request=req, now=CARE_NOW)
    assert mine.status == "claimed" and mine.assignee == cast.volunteer.person
    from hub.testing.builders import login_for, member

    other = login_for(member(cast, 7))
    from hub.people.actions import grant_role

    grant_role(by=None, user=other, role="volunteer", organization=cast.org_rc)
    with pytest.raises(DomainError) as err:
        claim_request(by=other, request=req, now=CARE_NOW)
    assert err.value.code == "already_claimed"
    assert "already taken" in err.value.message


def test_triage_restarts_the_timer_from_arrival_and_bulk_triage_takes_hundreds(cast):
    req = make_help_request(cast)
    triage_request(by=cast.coordinator, request=req, urgency="urgent", now=CARE_NOW)
    req.refresh_from_db()
    assert req.status == "triaged" and req.due_at == CARE_NOW + H
    backlog = [make_help_request(cast, room=f"{n}", now=CARE_NOW) for n in range(200, 460)]
    assert (
        bulk_triage(
            by=cast.coordinator, request_ids=[r.pk for r in backlog], urgency="soon", now=CARE_NOW
        )
        == 260
    )
    assert HelpRequest.objects.filter(status="triaged", urgency="soon").count() == 260


def test_bulk_triage_is_all_or_none(cast):
    own = make_help_request(cast)
    foreign = make_help_request(cast, compound=cast.compound_foreign, room="101")
    with pytest.raises(DomainError) as err:
        bulk_triage(by=cast.coordinator, request_ids=[own.pk, foreign.pk], urgency="soon")
    assert err.value.code == "forbidden"
    own.refresh_from_db()
    assert own.status == "new"


def test_an_expired_timer_escalates_once(cast):
    req = make_help_request(cast, urgency="urgent")
    assert escalate_overdue(now=CARE_NOW + 2 * H)["requests"] == 1
    assert escalate_overdue(now=CARE_NOW + 3 * H)["requests"] == 0
    req.refresh_from_db()
    assert req.escalated_at == CARE_NOW + 2 * H


def test_medicine_refill_runs_from_pharmacy_to_hand_over_then_done(cast):
    req = make_help_request(cast, need="medicine")
    assign_request(by=cast.coordinator, request=req, person=cast.volunteer.person, now=CARE_NOW)
    with pytest.raises(DomainError) as err:
        record_medicine_step(by=cast.volunteer, request=req, step="handed_over")
    assert err.value.code == "out_of_order"
    record_medicine_step(
        by=cast.volunteer,
        request=req,
        step="picked_up",
        prescription_holder="陈秀英",
        pharmacy="莘庄社区卫生服务中心",
        now=CARE_NOW + H,
    )
    record_medicine_step(by=cast.volunteer, request=req, step="handed_over", now=CARE_NOW + 2 * H)
    done = resolve_request(
        by=cast.volunteer, request=req, resolution="药已送到门口", now=CARE_NOW + 2 * H
    )
    assert done.status == "done" and done.time_to_resolution == 2 * H
    assert done.handed_over_at == CARE_NOW + 2 * H
    with pytest.raises(DomainError) as err:
        resolve_request(by=cast.coordinator, request=req, resolution="again")
    assert err.value.code == "invalid_transition"
