"""Access-matrix rows for the service-hour ledger pages and API (hub/hours/urls.py,
hub/hours/api/ledger.py). The builders the ledger tests use live in hub/testing/builders.py.

Targets: "own" rows are recorded by the residents' committee on a post inside 青年公寓 for the
cast's volunteer (visible to rc_admin, the compound's coordinator and the volunteer; changeable by
rc_admin and the coordinator); "foreign" rows belong to the other organization (outsider only).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from hub.access.tests.matrix_kit import API_ANON, EVERYONE, Route, pk
from hub.hours.models import CorrectionRequest, ExportRequest, HourEntry, StarAward
from hub.testing.builders import at, entry_for, foreign_world, rc_world, served

DAY = dt.date(2022, 4, 12)


# -------------------------------------------------------------------------------------------
# The matrix
# -------------------------------------------------------------------------------------------
ENTRY_SEE = {
    "own": frozenset({"rc_admin", "coordinator", "volunteer"}),
    "foreign": frozenset({"outsider"}),
}
ENTRY_CHANGE = {
    "own": frozenset({"rc_admin", "coordinator"}),
    "foreign": frozenset({"outsider"}),
}
OWN_ONLY = {"own": frozenset({"volunteer"})}
ADMINS = frozenset({"admin", "rc_admin", "outsider"})
ORG_ADMIN = {"own": frozenset({"rc_admin"}), "foreign": frozenset({"outsider"})}
STAR_SEE = {"own": frozenset({"rc_admin", "volunteer"}), "foreign": frozenset({"outsider"})}

VISIBLE = {
    "hour_entry": ENTRY_SEE,
    "hour_correction": ENTRY_SEE,
    # The volunteer signed up for the own shift, so sees it.
    "hour_shift": {
        "own": frozenset({"rc_admin", "coordinator", "leader", "volunteer"}),
        "foreign": frozenset({"outsider"}),
    },
    "star_award": STAR_SEE,
    "hour_export": ORG_ADMIN,
}


def _entries() -> Any:
    return list(HourEntry.objects.values_list("id", "status", "hours").order_by("id"))


def _requests() -> Any:
    return list(CorrectionRequest.objects.values_list("id", "status").order_by("id"))


def _awards() -> Any:
    return list(StarAward.objects.values_list("id", "status").order_by("id"))


def _exports() -> Any:
    return list(ExportRequest.objects.values_list("id", "status").order_by("id"))


def targets(cast: Any) -> dict[str, dict[str, Any]]:
    from hub.hours.actions.exports import request_export
    from hub.hours.actions.ledger import request_correction
    from hub.hours.actions.stars import start_star_review

    own, foreign = rc_world(cast), foreign_world(cast)
    volunteer = cast.volunteer.person
    own_entry = entry_for(cast.coordinator, own["shift"], volunteer, at(4, 12, 8), at(4, 12, 11))
    foreign_entry = entry_for(
        cast.outsider, foreign["shift"], cast.person_foreign, at(4, 12, 8), at(4, 12, 11)
    )
    own_request = request_correction(
        by=cast.volunteer, entry=own_entry, proposed_hours="3.5", reason="忘记签退"
    )
    # Nobody in the cast can act as the foreign person, so the row is written directly.
    foreign_request = CorrectionRequest.objects.create(
        entry=foreign_entry, requested_by=cast.outsider, proposed_hours=Decimal(2), reason="x"
    )
    served(own["post"], volunteer, hours=Decimal(100), by=cast.rc_admin, confirmed_at=None)
    served(
        foreign["post"],
        cast.person_foreign,
        hours=Decimal(100),
        by=cast.outsider,
        confirmed_at=None,
    )
    own_award = start_star_review(by=cast.rc_admin, person=volunteer, level=1, now=at(4, 12, 9))
    foreign_award = start_star_review(
        by=cast.outsider, person=cast.person_foreign, level=1, now=at(4, 12, 9)
    )
    own_export = request_export(
        by=cast.rc_admin, organization=cast.org_rc, start=DAY, end=DAY, unmasked=False
    )
    foreign_export = request_export(
        by=cast.outsider, organization=cast.org_other, start=DAY, end=DAY, unmasked=False
    )
    return {
        "hour_entry": {"own": own_entry, "foreign": foreign_entry},
        "hour_correction": {"own": own_request, "foreign": foreign_request},
        "hour_shift": {"own": own["shift"], "foreign": foreign["shift"]},
        "star_award": {"own": own_award, "foreign": foreign_award},
        "hour_export": {"own": own_export, "foreign": foreign_export},
    }


def _star_data(cast: Any) -> dict[str, Any]:
    return {
        "person": cast.volunteer.person.pk,
        "organization": cast.org_rc.pk,
        "level": 1,
        "notice_days": 7,
    }


def _record_data(cast: Any) -> dict[str, Any]:
    return {"person": cast.volunteer.person.pk, "post": 0, "served_on": "2022-04-12", "hours": "2"}


SHIFT_CHANGE = {"own": frozenset({"rc_admin", "coordinator"}), "foreign": frozenset({"outsider"})}

ROUTES: dict[str, Route] = {
    # pages
    "hours:pending": Route(),
    "hours:record": Route(),
    "hours:corrections": Route(),
    "hours:totals": Route(),
    "hours:entry-detail": Route(target="hour_entry", kwargs=pk("entry_id"), allowed=ENTRY_SEE),
    "hours:entry-confirm": Route(
        method="POST",
        target="hour_entry",
        kwargs=pk("entry_id"),
        allowed=ENTRY_CHANGE,
        ok=(302,),
        snapshot=_entries,
    ),
    "hours:entry-correct": Route(
        method="POST",
        target="hour_entry",
        kwargs=pk("entry_id"),
        allowed=ENTRY_CHANGE,
        data={"hours": "2", "reason": "matrix"},
        ok=(200, 302),
        snapshot=_entries,
    ),
    "hours:entry-request-correction": Route(
        method="POST",
        target="hour_entry",
        kwargs=pk("entry_id"),
        allowed=OWN_ONLY,
        data={"proposed_hours": "1", "reason": "matrix"},
        ok=(200, 302),  # the volunteer's open request makes this a form error
        snapshot=_requests,
    ),
    "hours:shift-confirm": Route(
        method="POST",
        target="hour_shift",
        kwargs=pk("shift_id"),
        allowed=SHIFT_CHANGE,
        ok=(302,),
        snapshot=_entries,
    ),
    "hours:correction-decide": Route(
        method="POST",
        target="hour_correction",
        kwargs=pk("request_id"),
        allowed=ENTRY_CHANGE,
        data={"accept": "0", "note": "matrix"},
        ok=(302,),
        snapshot=_requests,
    ),
    "hours:stars": Route(allowed=ADMINS),
    "hours:star-start": Route(
        method="POST", allowed=ADMINS, data=_star_data, ok=(302,), snapshot=_awards
    ),
    "hours:star-grant": Route(
        method="POST",
        target="star_award",
        kwargs=pk("award_id"),
        allowed=ORG_ADMIN,
        ok=(302,),
        snapshot=_awards,
    ),
    "hours:star-reject": Route(
        method="POST",
        target="star_award",
        kwargs=pk("award_id"),
        allowed=ORG_ADMIN,
        ok=(302,),
        snapshot=_awards,
    ),
    "hours:exports": Route(allowed=ADMINS),
    "hours:export-approve": Route(
        method="POST",
        target="hour_export",
        kwargs=pk("export_id"),
        allowed=ORG_ADMIN,
        ok=(302,),
        snapshot=_exports,
    ),
    "hours:export-reject": Route(
        method="POST",
        target="hour_export",
        kwargs=pk("export_id"),
        allowed=ORG_ADMIN,
        ok=(302,),
        snapshot=_exports,
    ),
    "hours:export-download": Route(target="hour_export", kwargs=pk("export_id"), allowed=ORG_ADMIN),
    # API
    "api:hour-entry-list": Route(api=True, anonymous=API_ANON),
    "api:hour-entry-detail": Route(
        api=True, target="hour_entry", allowed=ENTRY_SEE, anonymous=API_ANON
    ),
    "api:hour-entry-history": Route(
        api=True, target="hour_entry", allowed=ENTRY_SEE, anonymous=API_ANON
    ),
    "api:hour-entry-confirm": Route(
        method="POST",
        api=True,
        target="hour_entry",
        allowed=ENTRY_CHANGE,
        ok=(200, 400),
        anonymous=API_ANON,
        snapshot=_entries,
    ),
    "api:hour-entry-correct": Route(
        method="POST",
        api=True,
        target="hour_entry",
        allowed=ENTRY_CHANGE,
        data={"hours": "2", "reason": "matrix"},
        ok=(201, 400),
        anonymous=API_ANON,
        snapshot=_entries,
    ),
    "api:hour-entry-confirm-shift": Route(
        method="POST",
        api=True,
        data={"shift": 0},
        ok=(404,),  # no such shift: the door looks it up through the access layer
        allowed=EVERYONE,
        anonymous=API_ANON,
        snapshot=_entries,
    ),
    "api:correction-request-list": Route(api=True, anonymous=API_ANON),
    "api:correction-request-detail": Route(
        api=True, target="hour_correction", allowed=ENTRY_SEE, anonymous=API_ANON
    ),
    "api:correction-request-decide": Route(
        method="POST",
        api=True,
        target="hour_correction",
        allowed=ENTRY_CHANGE,
        data={"accept": False, "note": "matrix"},
        ok=(200, 400),
        anonymous=API_ANON,
        snapshot=_requests,
    ),
    "api:star-award-list": Route(api=True, anonymous=API_ANON),
    "api:star-award-detail": Route(
        api=True, target="star_award", allowed=STAR_SEE, anonymous=API_ANON
    ),
    "api:star-award-grant": Route(
        method="POST",
        api=True,
        target="star_award",
        allowed=ORG_ADMIN,
        ok=(200, 400),
        anonymous=API_ANON,
        snapshot=_awards,
    ),
    "api:star-award-reject": Route(
        method="POST",
        api=True,
        target="star_award",
        allowed=ORG_ADMIN,
        ok=(200, 400),
        anonymous=API_ANON,
        snapshot=_awards,
    ),
    "api:hour-export-list": Route(api=True, anonymous=API_ANON),
    "api:hour-export-detail": Route(
        api=True, target="hour_export", allowed=ORG_ADMIN, anonymous=API_ANON
    ),
    "api:hour-export-approve": Route(
        method="POST",
        api=True,
        target="hour_export",
        allowed=ORG_ADMIN,
        ok=(200, 400),
        anonymous=API_ANON,
        snapshot=_exports,
    ),
    "api:hour-export-reject": Route(
        method="POST",
        api=True,
        target="hour_export",
        allowed=ORG_ADMIN,
        ok=(200, 400),
        anonymous=API_ANON,
        snapshot=_exports,
    ),
    "api:hour-export-download": Route(
        api=True, target="hour_export", allowed=ORG_ADMIN, anonymous=API_ANON
    ),
    "api:hour-totals": Route(api=True, anonymous=API_ANON),
}
# Creating through the list routes (POST), as every role.
EXTRA_METHODS: dict[tuple[str, str], Route] = {
    ("api:hour-entry-list", "POST"): Route(
        method="POST",
        api=True,
        data=_record_data,
        ok=(404,),  # post 0 does not exist
        allowed=EVERYONE,
        anonymous=API_ANON,
        snapshot=_entries,
    ),
    ("api:correction-request-list", "POST"): Route(
        method="POST",
        api=True,
        data={"entry": 0, "proposed_hours": "1", "reason": "matrix"},
        ok=(404,),
        allowed=EVERYONE,
        anonymous=API_ANON,
        snapshot=_requests,
    ),
    ("api:star-award-list", "POST"): Route(
        method="POST",
        api=True,
        data=_star_data,
        ok=(201, 400, 403, 404),  # the action decides: eligible, already reviewed, not admin
        allowed=EVERYONE,
        anonymous=API_ANON,
    ),
    ("api:hour-export-list", "POST"): Route(
        method="POST",
        api=True,
        data=lambda cast: {
            "organization": cast.org_rc.pk,
            "start": "2022-04-01",
            "end": "2022-04-30",
        },
        ok=(201, 403, 404),
        allowed=EVERYONE,
        anonymous=API_ANON,
    ),
}
