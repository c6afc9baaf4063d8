"""Access-matrix rows for the door-knocking pages and endpoints (read by hub/access/tests).

Targets: "own" is a campaign over 青年公寓's two buildings, with a visit to 1号楼 301 that left a
phone follow-up; "foreign" is the other organization's campaign at 别处小区.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hub.access.tests.matrix_kit import API_ANON, Route
from hub.campaigns.models import Campaign, FollowUp, Visit

ORGANIZERS = frozenset({"admin", "rc_admin", "coordinator", "outsider"})
VISIBLE = {
    "campaign": {
        "own": frozenset({"rc_admin", "coordinator", "leader"}),
        "foreign": frozenset({"outsider"}),
    },
    "campaign_household": {
        "own": frozenset({"rc_admin", "coordinator", "leader"}),
        "foreign": frozenset({"outsider"}),
    },
    "follow_up": {
        "own": frozenset({"rc_admin", "coordinator", "leader"}),
        "foreign": frozenset({"outsider"}),
    },
}
CHANGE = {"own": frozenset({"rc_admin", "coordinator"}), "foreign": frozenset({"outsider"})}
VISIT = {
    "own": frozenset({"rc_admin", "coordinator", "leader"}),
    "foreign": frozenset({"outsider"}),
}


def targets(cast: Any) -> dict[str, dict[str, Any]]:
    from hub.campaigns.actions import create_campaign, five_ones_checklist, record_visit
    from hub.testing.builders import at

    made = {}
    for scope, compound, org, buildings, household, by in (
        (
            "own",
            cast.compound_own,
            cast.org_rc,
            [cast.building_own, cast.building_own2],
            cast.household_own,
            cast.users["coordinator"],
        ),
        (
            "foreign",
            cast.compound_foreign,
            cast.org_other,
            [cast.building_foreign],
            cast.building_foreign.households.get(),
            cast.users["outsider"],
        ),
    ):
        campaign = create_campaign(
            by=None,
            compound=compound,
            name="矩阵敲门",
            checklist=five_ones_checklist(by=None, organization=org),
            buildings=buildings,
            starts_on=dt.date(2022, 4, 3),
        )
        record_visit(
            by=by,
            campaign=campaign,
            household=household,
            outcome="nobody_home",
            idempotency_key=f"matrix-visit-{scope}",
            now=at(4, 3, 15),
        )
        made[scope] = (campaign, household, FollowUp.objects.get(campaign=campaign))
    return {
        "campaign": {s: m[0] for s, m in made.items()},
        "campaign_household": {s: (m[0], m[1]) for s, m in made.items()},
        "follow_up": {s: m[2] for s, m in made.items()},
    }


def _state() -> Any:
    return (
        sorted(Campaign.objects.values_list("id", "name")),
        sorted(Visit.objects.values_list("id", "outcome")),
        sorted(FollowUp.objects.values_list("id", "status")),
    )


def _visit_kwargs(pair: Any) -> dict[str, Any]:
    return {"campaign_id": pair[0].pk, "household_id": pair[1].pk}


ROUTES = {
    "campaigns:campaign-list": Route(),
    "campaigns:campaign-create": Route(allowed=ORGANIZERS),
    "campaigns:campaign-detail": Route(
        target="campaign",
        kwargs=lambda c: {"campaign_id": c.pk},
        allowed=VISIBLE["campaign"],
    ),
    "campaigns:visit": Route(target="campaign_household", kwargs=_visit_kwargs, allowed=VISIT),
    "campaigns:follow-up-close": Route(
        method="POST",
        target="follow_up",
        kwargs=lambda f: {"follow_up_id": f.pk},
        allowed=CHANGE,
        ok=(302,),
        snapshot=_state,
    ),
    "api:campaign-list": Route(api=True, anonymous=API_ANON),
    "api:campaign-detail": Route(
        api=True, target="campaign", allowed=VISIBLE["campaign"], anonymous=API_ANON
    ),
    "api:campaign-progress": Route(
        api=True, target="campaign", allowed=VISIBLE["campaign"], anonymous=API_ANON
    ),
    "api:campaign-visit": Route(
        method="POST",
        api=True,
        target="campaign",
        allowed=VISIBLE["campaign"],
        data={"household": 0, "outcome": "done", "idempotency_key": "matrix-api"},
        ok=(404,),
        anonymous=API_ANON,
        snapshot=_state,
    ),
}
