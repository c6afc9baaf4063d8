"""State changes of care: register, pairing, contact log, requests (求助), welfare calls, alerts.

One module per noun; each opens with its invariants and lock order. Across modules the lock
order is: compound (request intake), register entry, the volunteer's person row, pairings,
requests in primary-key order. Every notification goes through ``common._tell``.
"""

from hub.care.actions.alerts import (
    escalate_overdue,
)
from hub.care.actions.common import (
    ESCALATE_AFTER,
    ESCALATED_TEMPLATE,
    MAX_DETAILS,
    NO_ANSWER_RETRY,
    NO_ANSWER_TEMPLATE,
    OVERDUE_TEMPLATE,
    REQUEST_ASSIGNED_TEMPLATE,
    REQUEST_LATE_TEMPLATE,
    URGENCY_TIMERS,
    max_pairings,
)
from hub.care.actions.contacts import (
    record_contact,
    set_reimbursed,
)
from hub.care.actions.pairing import (
    accept_proposal,
    building_sealed,
    end_pairing,
    pair_team,
    pair_volunteer,
)
from hub.care.actions.register import (
    close_recipient,
    register_recipient,
    reveal_care_health,
)
from hub.care.actions.requests import (
    assign_request,
    bulk_triage,
    cancel_request,
    claim_request,
    record_medicine_step,
    resolve_request,
    submit_help_request,
    triage_request,
)
from hub.care.actions.welfare import (
    complete_follow_up,
    record_welfare_call,
    schedule_seconded_staff,
    schedule_welfare_calls,
)

__all__ = [
    "ESCALATED_TEMPLATE",
    "ESCALATE_AFTER",
    "MAX_DETAILS",
    "NO_ANSWER_RETRY",
    "NO_ANSWER_TEMPLATE",
    "OVERDUE_TEMPLATE",
    "REQUEST_ASSIGNED_TEMPLATE",
    "REQUEST_LATE_TEMPLATE",
    "URGENCY_TIMERS",
    "accept_proposal",
    "assign_request",
    "building_sealed",
    "bulk_triage",
    "cancel_request",
    "claim_request",
    "close_recipient",
    "complete_follow_up",
    "end_pairing",
    "escalate_overdue",
    "max_pairings",
    "pair_team",
    "pair_volunteer",
    "record_contact",
    "record_medicine_step",
    "record_welfare_call",
    "register_recipient",
    "resolve_request",
    "reveal_care_health",
    "schedule_seconded_staff",
    "schedule_welfare_calls",
    "set_reimbursed",
    "submit_help_request",
    "triage_request",
]
