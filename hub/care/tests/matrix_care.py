"""Access-matrix rows for the care pages (read by hub/access/tests).

Targets: "own" is 陈秀英 of 青年公寓 1号楼 on the residents' committee's register, paired by
phone with the cast's volunteer (who lives in 青年公寓 2号楼); "other_compound" is 赵琴 of 东苑;
"foreign" is the other organization's. The other two entries are paired with 王建国 (who has no
account, so nobody's view changes), each entry's contact has one purchase. Requests (food, and
medicine for the refill steps) sit in the same places; welfare schedules are the health center's
for 王建国 (第一党支部) and the other organization's for its member, each with a call whose
follow-up is open.
"""

from __future__ import annotations

from typing import Any

from hub.access.tests.matrix_kit import API_ANON, EVERYONE, Route, pk
from hub.care.actions import pair_volunteer, record_welfare_call, schedule_welfare_calls
from hub.care.models import (
    CareRecipient,
    ContactLog,
    HelpRequest,
    Pairing,
    Purchase,
    WelfareCall,
    WelfareSchedule,
)
from hub.privacy.models import AccessLog
from hub.testing.builders import CARE_NOW, make_care_recipient, make_help_request

RECIPIENT_VISIBLE = {
    "own": frozenset({"rc_admin", "coordinator", "leader", "volunteer"}),
    "other_compound": frozenset({"rc_admin"}),
    "foreign": frozenset({"outsider"}),
}
REQUEST_VISIBLE = {
    "own": frozenset({"rc_admin", "coordinator", "leader", "volunteer"}),
    "other_compound": frozenset({"rc_admin"}),
    "foreign": frozenset({"outsider"}),
}
WELFARE_VISIBLE = {
    "own": frozenset({"admin", "secretary", "office"}),
    "foreign": frozenset({"outsider"}),
}
WELFARE_CHANGE = {"own": frozenset({"admin", "secretary"}), "foreign": frozenset({"outsider"})}
VISIBLE = {
    "care_recipient": RECIPIENT_VISIBLE,
    "care_pairing": RECIPIENT_VISIBLE,
    "care_purchase": RECIPIENT_VISIBLE,
    "care_request": REQUEST_VISIBLE,
    "care_request_resolve": REQUEST_VISIBLE,
    "care_request_medicine": REQUEST_VISIBLE,
    "care_welfare": WELFARE_VISIBLE,
    "care_welfare_call": WELFARE_VISIBLE,
}
RECIPIENT_CHANGE = {
    "own": frozenset({"rc_admin", "coordinator"}),
    "other_compound": frozenset({"rc_admin"}),
    "foreign": frozenset({"outsider"}),
}
PAIRED_OR_CHANGE = {**RECIPIENT_CHANGE, "own": RECIPIENT_CHANGE["own"] | {"volunteer"}}
COMPOUND_CHANGE = RECIPIENT_CHANGE
STAFF = frozenset({"admin", "rc_admin", "coordinator", "leader", "outsider"})
TRIAGERS = frozenset({"admin", "rc_admin", "coordinator", "outsider"})
KEEPERS = TRIAGERS  # org admins and coordinators: the register form and the proposal
WELFARE_KEEPERS = frozenset({"admin", "rc_admin", "secretary", "outsider"})
ORG_ADMINS = frozenset({"admin", "rc_admin", "outsider"})


def targets(cast: Any) -> dict[str, dict[str, Any]]:
    own = make_care_recipient(cast, condition="chronic", paired_with=cast.volunteer.person)
    other = make_care_recipient(
        cast, by=cast.rc_admin, person=cast.person_other_compound, condition="chronic"
    )
    foreign = make_care_recipient(
        cast,
        by=cast.outsider,
        organization=cast.org_other,
        person=cast.person_foreign,
        condition="chronic",
    )

    def requests(room: str) -> dict[str, HelpRequest]:
        return {
            "own": make_help_request(cast, room=room),
            "other_compound": make_help_request(
                cast, compound=cast.compound_other, building=cast.building_other, room=room
            ),
            "foreign": make_help_request(
                cast, compound=cast.compound_foreign, building=cast.building_foreign, room=room
            ),
        }

    # Pairings to end: the volunteer's with 陈秀英, and 王建国's (no account) with the others.
    for entry, by in ((other, cast.rc_admin), (foreign, cast.outsider)):
        pair_volunteer(
            by=by,
            recipient=entry,
            volunteer=cast.person_member,
            mode="call",
            per_week=2,
            now=CARE_NOW,
        )
    contacts = _contact_targets(cast)
    medicine = {
        "own": make_help_request(cast, room="303", need="medicine"),
        "other_compound": make_help_request(
            cast,
            compound=cast.compound_other,
            building=cast.building_other,
            room="303",
            need="medicine",
        ),
        "foreign": make_help_request(
            cast,
            compound=cast.compound_foreign,
            building=cast.building_foreign,
            room="303",
            need="medicine",
        ),
    }
    welfare = {
        "own": schedule_welfare_calls(
            by=cast.admin,
            organization=cast.org_health,
            person=cast.person_member,
            reason="sealed",
        ),
        "foreign": schedule_welfare_calls(
            by=cast.outsider,
            organization=cast.org_other,
            person=cast.person_foreign,
            reason="retiree",
        ),
    }
    calls = {
        "own": record_welfare_call(
            by=cast.admin, schedule=welfare["own"], wellbeing="还好", follow_up="送口罩"
        ),
        "foreign": record_welfare_call(
            by=cast.outsider, schedule=welfare["foreign"], wellbeing="还好", follow_up="回电"
        ),
    }
    return {
        "care_recipient": {"own": own, "other_compound": other, "foreign": foreign},
        "care_pairing": {
            scope: entry.pairings.get()
            for scope, entry in (("own", own), ("other_compound", other), ("foreign", foreign))
        },
        "care_contact": contacts,
        "care_purchase": {scope: c.purchases.get() for scope, c in contacts.items()},
        "care_request_medicine": medicine,
        "care_welfare_call": calls,
        "care_request": requests("301"),
        "care_request_resolve": requests("302"),
        "care_welfare": welfare,
    }


def _state() -> Any:
    return (
        sorted(ContactLog.objects.values_list("id", "outcome")),
        sorted(
            HelpRequest.objects.values_list(
                "id", "status", "assignee_id", "urgency", "picked_up_at"
            )
        ),
        sorted(WelfareCall.objects.values_list("id", "wellbeing", "follow_up_done_at")),
        AccessLog.objects.count(),
        sorted(CareRecipient.objects.values_list("id", "status")),
        sorted(Pairing.objects.values_list("id", "status")),
        sorted(Purchase.objects.values_list("id", "reimbursed")),
        WelfareSchedule.objects.count(),
    )


ROUTES = {
    "care:dashboard": Route(allowed=STAFF),
    "care:recipient-list": Route(),
    "care:recipient-detail": Route(
        target="care_recipient", kwargs=pk("recipient_id"), allowed=RECIPIENT_VISIBLE
    ),
    "care:health-reveal": Route(
        method="POST",
        target="care_recipient",
        kwargs=pk("recipient_id"),
        allowed=PAIRED_OR_CHANGE,
        data={"reason": "矩阵"},
        snapshot=_state,
    ),
    "care:contact-create": Route(
        method="POST",
        target="care_recipient",
        kwargs=pk("recipient_id"),
        allowed=PAIRED_OR_CHANGE,
        data={"mode": "call", "outcome": "well"},
        ok=(302,),
        snapshot=_state,
    ),
    # The public form: anyone, signed in or not.
    "care:help-form": Route(
        target="compound", kwargs=pk("compound_id"), allowed=EVERYONE, anonymous=(200,)
    ),
    "care:help-card": Route(target="compound", kwargs=pk("compound_id"), allowed=COMPOUND_CHANGE),
    "care:hotline": Route(target="compound", kwargs=pk("compound_id"), allowed=COMPOUND_CHANGE),
    "care:request-list": Route(),
    "care:request-detail": Route(
        target="care_request", kwargs=pk("request_id"), allowed=REQUEST_VISIBLE
    ),
    "care:request-claim": Route(
        method="POST",
        target="care_request",
        kwargs=pk("request_id"),
        allowed=REQUEST_VISIBLE,  # a refusal (taken, no person) is said on the page
        ok=(302,),
        snapshot=_state,
    ),
    "care:request-resolve": Route(
        method="POST",
        target="care_request_resolve",
        kwargs=pk("request_id"),
        allowed=RECIPIENT_CHANGE,
        data={"resolution": "已送到"},
        ok=(302,),
        snapshot=_state,
    ),
    "care:request-bulk-triage": Route(
        method="POST", allowed=TRIAGERS, data={"urgency": "soon"}, ok=(302,), snapshot=_state
    ),
    "care:recipient-create": Route(allowed=KEEPERS),
    "care:recipient-close": Route(
        method="POST",
        target="care_recipient",
        kwargs=pk("recipient_id"),
        allowed=RECIPIENT_CHANGE,
        ok=(302,),
        snapshot=_state,
    ),
    "care:pairing-create": Route(
        method="POST",
        target="care_recipient",
        kwargs=pk("recipient_id"),
        allowed=RECIPIENT_CHANGE,
        data=lambda cast: {"volunteer": cast.person_member.pk, "mode": "call", "per_week": 2},
        ok=(302,),
        snapshot=_state,
    ),
    "care:pairing-end": Route(
        method="POST",
        target="care_pairing",
        kwargs=pk("pairing_id"),
        allowed=RECIPIENT_CHANGE,
        ok=(302,),
        snapshot=_state,
    ),
    "care:pairing-proposal": Route(allowed=KEEPERS),
    "care:purchase-reimbursed": Route(
        method="POST",
        target="care_purchase",
        kwargs=pk("purchase_id"),
        allowed=RECIPIENT_CHANGE,
        ok=(302,),
        snapshot=_state,
    ),
    "care:request-triage": Route(
        method="POST",
        target="care_request",
        kwargs=pk("request_id"),
        allowed=RECIPIENT_CHANGE,
        data={"urgency": "urgent"},
        ok=(302,),
        snapshot=_state,
    ),
    "care:request-assign": Route(
        method="POST",
        target="care_request",
        kwargs=pk("request_id"),
        allowed=RECIPIENT_CHANGE,
        data=lambda cast: {"person": cast.volunteer.person.pk},
        ok=(302,),
        snapshot=_state,
    ),
    "care:request-cancel": Route(
        method="POST",
        target="care_request",
        kwargs=pk("request_id"),
        allowed=RECIPIENT_CHANGE,
        data={"reason": "打错了"},
        ok=(302,),
        snapshot=_state,
    ),
    "care:request-medicine": Route(
        method="POST",
        target="care_request_medicine",
        kwargs=pk("request_id"),
        allowed=RECIPIENT_CHANGE,
        data={"step": "picked_up", "prescription_holder": "陈秀英", "pharmacy": "卫生服务中心"},
        ok=(302,),
        snapshot=_state,
    ),
    "care:welfare-list": Route(),
    "care:welfare-create": Route(allowed=WELFARE_KEEPERS),
    "care:welfare-seconded": Route(
        method="POST", allowed=ORG_ADMINS, data={"every_days": 3}, ok=(302,), snapshot=_state
    ),
    "care:welfare-follow-up": Route(
        method="POST",
        target="care_welfare_call",
        kwargs=pk("call_id"),
        allowed=WELFARE_CHANGE,
        ok=(302,),
        snapshot=_state,
    ),
    "care:welfare-call": Route(
        method="POST",
        target="care_welfare",
        kwargs=pk("schedule_id"),
        allowed=WELFARE_CHANGE,
        data={"wellbeing": "身体还好"},
        ok=(302,),
        snapshot=_state,
    ),
}


def _contact_targets(cast: Any) -> dict[str, ContactLog]:
    from hub.care.actions import record_contact

    found = {}
    for scope, by, person in (
        ("own", cast.coordinator, cast.person_resident),
        ("other_compound", cast.rc_admin, cast.person_other_compound),
        ("foreign", cast.outsider, cast.person_foreign),
    ):
        entry = person.care_records.get()
        found[scope] = record_contact(
            by=by,
            recipient=entry,
            mode="call",
            outcome="well",
            purchases=[{"items": "菜", "cost": "12.50", "paid_by": "张贝"}],
        )
    return found


VISIBLE["care_contact"] = RECIPIENT_VISIBLE
API = {"api": True, "anonymous": API_ANON}


def _api_request(cast: Any) -> dict[str, Any]:
    return {
        "compound": cast.compound_own.pk,
        "building": cast.building_own.pk,
        "room": "401",
        "for_name": "矩阵",
        "requester_phone": "13912345678",
        "need": "food",
        "urgency": "today",
    }


def _api_contact(cast: Any) -> dict[str, Any]:
    return {
        "recipient": cast.person_resident.care_records.get().pk,
        "mode": "call",
        "outcome": "well",
        "purchases": [{"items": "菜", "cost": "12.50", "paid_by": "张贝"}],
    }


ROUTES.update(
    {
        "api:care-request-list": Route(**API),
        "api:care-request-detail": Route(target="care_request", allowed=REQUEST_VISIBLE, **API),
        "api:care-request-claim": Route(
            method="POST",
            target="care_request",
            allowed=REQUEST_VISIBLE,
            ok=(200, 400),  # 400: taken already, or an account without a person
            snapshot=_state,
            **API,
        ),
        "api:care-contact-list": Route(**API),
        "api:care-contact-detail": Route(target="care_contact", allowed=RECIPIENT_VISIBLE, **API),
    }
)
EXTRA_METHODS = {
    ("care:recipient-create", "POST"): Route(
        method="POST", allowed=KEEPERS, data={"category": "alone"}, snapshot=_state
    ),
    ("care:pairing-proposal", "POST"): Route(
        method="POST", allowed=KEEPERS, data={"mode": "call"}, ok=(302,), snapshot=_state
    ),
    ("care:welfare-create", "POST"): Route(
        method="POST", allowed=WELFARE_KEEPERS, data={"reason": "retiree"}, snapshot=_state
    ),
    ("api:care-request-list", "POST"): Route(
        method="POST",
        allowed=frozenset({"rc_admin", "coordinator"}),
        data=_api_request,
        ok=(201,),
        snapshot=_state,
        **API,
    ),
    ("api:care-contact-list", "POST"): Route(
        method="POST",
        allowed=frozenset({"rc_admin", "coordinator", "volunteer"}),
        data=_api_contact,
        ok=(201,),
        snapshot=_state,
        **API,
    ),
}
