import datetime as dt
from decimal import Decimal

import pytest

from hub.care.actions import escalate_overdue, record_contact, set_reimbursed
from hub.care.jobs import ESCALATE_JOB
from hub.errors import DomainError
from hub.jobs.actions import create_job, run_job_now
from hub.notify.models import Message
from hub.testing.builders import CARE_NOW, make_care_recipient

H = dt.timedelta(hours=1)


def paired(cast):
    return make_care_recipient(cast, paired_with=cast.volunteer.person)


def test_a_visit_with_a_purchase_moves_the_next_contact_by_the_cadence(cast):
    entry = paired(cast)
    at = CARE_NOW + 3 * H
    contact = record_contact(
        by=cast.volunteer,
        recipient=entry,
        mode="call",
        outcome="well",
        at=at,
        now=at,
        note="精神不错",
        needs_found="下周需要配降压药",
        purchases=[{"items": "山药、高山竹笋、挂面", "cost": "86.50", "paid_by": "张贝"}],
    )
    purchase = contact.purchases.get()
    assert (purchase.cost, purchase.reimbursed) == (Decimal("86.50"), False)
    pairing = entry.pairings.get()
    assert contact.next_due_at == at + dt.timedelta(days=1) == pairing.next_due_at
    set_reimbursed(by=cast.coordinator, purchase=purchase)
    purchase.refresh_from_db()
    assert purchase.reimbursed


def test_a_bad_cost_changes_nothing(cast):
    entry = paired(cast)
    with pytest.raises(DomainError) as err:
        record_contact(
            by=cast.volunteer,
            recipient=entry,
            mode="call",
            outcome="well",
            now=CARE_NOW,
            purchases=[{"items": "菜", "cost": "十元"}],
        )
    assert err.value.code == "invalid_cost"
    assert not entry.contacts.exists()


def test_an_unpaired_volunteer_may_not_log(cast):
    entry = make_care_recipient(cast)
    with pytest.raises(DomainError) as err:
        record_contact(
            by=cast.volunteer, recipient=entry, mode="call", outcome="well", now=CARE_NOW
        )
    assert err.value.code == "forbidden"


def test_an_overdue_contact_alerts_the_volunteer_then_escalates_once(cast):
    entry = paired(cast)
    due = entry.pairings.get().next_due_at
    assert escalate_overdue(now=due - H) == {"alerted": 0, "escalated": 0, "requests": 0}
    assert escalate_overdue(now=due + H)["alerted"] == 1
    alert = Message.objects.get(template="care.contact_overdue")
    assert alert.recipient == cast.volunteer.person
    assert escalate_overdue(now=due + 2 * H) == {"alerted": 0, "escalated": 0, "requests": 0}
    assert escalate_overdue(now=due + 8 * H)["escalated"] == 1
    assert escalate_overdue(now=due + 9 * H)["escalated"] == 0
    up = Message.objects.get(template="care.contact_escalated")
    assert up.organization == cast.org_rc  # to the compound's group, through its routes


def test_logging_a_contact_clears_the_alerts(cast):
    entry = paired(cast)
    due = entry.pairings.get().next_due_at
    escalate_overdue(now=due + H)
    record_contact(
        by=cast.volunteer,
        recipient=entry,
        mode="call",
        outcome="well",
        at=due + 2 * H,
        now=due + 2 * H,
    )
    pairing = entry.pairings.get()
    assert pairing.alerted_at is None and not pairing.is_overdue(due + 3 * H)


def test_nobody_answering_twice_escalates_at_once(cast):
    entry = paired(cast)
    at = CARE_NOW + 2 * H
    record_contact(
        by=cast.volunteer, recipient=entry, mode="call", outcome="no_answer", at=at, now=at
    )
    assert entry.pairings.get().next_due_at == at + 2 * H
    assert not Message.objects.filter(template="care.no_answer_twice").exists()
    record_contact(
        by=cast.volunteer,
        recipient=entry,
        mode="call",
        outcome="no_answer",
        at=at + 2 * H,
        now=at + 2 * H,
    )
    assert Message.objects.filter(template="care.no_answer_twice").count() == 1


def test_the_periodic_job_runs_the_sweep_with_a_moved_clock(cast):
    entry = paired(cast)
    due = entry.pairings.get().next_due_at
    job = create_job(kind=ESCALATE_JOB, params={"now": (due + H).isoformat()})
    done = run_job_now(job.pk)
    assert done.result["alerted"] == 1
    assert (
        run_job_now(create_job(kind=ESCALATE_JOB, params={"now": (due + H).isoformat()}).pk).result[
            "alerted"
        ]
        == 0
    )
