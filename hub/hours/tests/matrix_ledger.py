"""Access-matrix rows for the service-hour ledger pages and API (hub/hours/urls_ledger.py,
hub/hours/api_ledger.py), and the small builders the ledger tests share.

Targets: "own" rows are recorded by the residents' committee on a post inside 青年公寓 for the
cast's volunteer (visible to rc_admin, the compound's coordinator and the volunteer; changeable by
rc_admin and the coordinator); "foreign" rows belong to the other organization (outsider only).
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

from hub.access.tests.matrix_kit import API_ANON, EVERYONE, Route, pk
from hub.hours.models import CorrectionRequest, ExportRequest, HourEntry, StarAward
from hub.volunteering.models import CheckIn, Post, Shift, SignUp

TZ = dt.timezone(dt.timedelta(hours=8))
DAY = dt.date(2022, 4, 12)
_keys = itertools.count(1)


def at(hour: int, minute: int = 0, day: dt.date = DAY) -> dt.datetime:
    """An aware Shanghai time on ``day``."""
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


def make_post(
    by: Any,
    organization: Any,
    *,
    name: str = "理货送货",
    kind: str = Post.Kind.VOLUNTEER,
    compound: Any = None,
    branch: Any = None,
    site: str = "青年公寓 东门",
) -> Post:
    """A post of ``organization`` (a row: the posts actions are another part's work)."""
    return Post.objects.create(
        organization=organization,
        name=name,
        site=site,
        kind=kind,
        compound=compound,
        branch=branch,
        content="分拣并送货到门",
        created_by=by,
    )


def make_shift(by: Any, post: Post, *, day: dt.date = DAY, start: int = 8, end: int = 12) -> Shift:
    """A shift of ``post`` on ``day`` from ``start`` to ``end`` o'clock."""
    return Shift.objects.create(
        post=post, starts_at=at(start, day=day), ends_at=at(end, day=day), capacity=20
    )


def closed_checkin(
    shift: Shift, person: Any, start: dt.datetime, end: dt.datetime | None
) -> CheckIn:
    """An approved sign-up and a check-in from ``start`` to ``end`` (rows: the check-in
    engineer's actions check the wall clock against the shift window)."""
    SignUp.objects.get_or_create(
        shift=shift, person=person, defaults={"status": SignUp.Status.APPROVED}
    )
    n = next(_keys)
    return CheckIn.objects.create(
        shift=shift,
        person=person,
        checked_in_at=start,
        checked_out_at=end,
        method=CheckIn.Method.COORDINATOR,
        idempotency_key=f"ledger-test-{n}",
        checkout_key=f"ledger-test-out-{n}" if end else None,
    )


def entry_for(
    by: Any,
    shift: Shift,
    person: Any,
    start: dt.datetime,
    end: dt.datetime,
) -> HourEntry:
    """A pending entry recorded from a closed check-in."""
    from hub.hours.ledger import record_from_checkin

    entry = record_from_checkin(checkin=closed_checkin(shift, person, start, end), by=by)
    assert entry is not None
    return entry


def rc_world(cast: Any) -> dict[str, Any]:
    """The residents' committee's delivery post in 青年公寓 and one shift."""
    post = make_post(cast.coordinator, cast.org_rc, compound=cast.compound_own)
    shift = make_shift(cast.coordinator, post)
    return {"post": post, "shift": shift}


def foreign_world(cast: Any) -> dict[str, Any]:
    """The other organization's post in its own compound and one shift."""
    post = make_post(cast.outsider, cast.org_other, compound=cast.compound_foreign, site="别处")
    shift = make_shift(cast.outsider, post)
    return {"post": post, "shift": shift}


def confirmed_hours_for(cast: Any, by: Any, post: Post, person: Any, hours: Decimal) -> None:
    """Give ``person`` ``hours`` confirmed volunteer hours on ``post`` (manual entries)."""
    from hub.hours.ledger import confirm_entry, record_entry

    left = Decimal(hours)
    day = dt.date(2022, 3, 1)
    while left > 0:
        chunk = min(left, Decimal(20))
        entry = record_entry(by=by, person=person, post=post, served_on=day, hours=chunk)
        confirm_entry(by=by, entry=entry)
        left -= chunk
        day += dt.timedelta(days=1)


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
    from hub.hours.exports import request_export
    from hub.hours.ledger import request_correction
    from hub.hours.stars import start_star_review

    own, foreign = rc_world(cast), foreign_world(cast)
    volunteer = cast.volunteer.person
    own_entry = entry_for(cast.coordinator, own["shift"], volunteer, at(8), at(11))
    foreign_entry = entry_for(cast.outsider, foreign["shift"], cast.person_foreign, at(8), at(11))
    own_request = request_correction(
        by=cast.volunteer, entry=own_entry, proposed_hours="3.5", reason="忘记签退"
    )
    # Nobody in the cast can act as the foreign person, so the row is written directly.
    foreign_request = CorrectionRequest.objects.create(
        entry=foreign_entry, requested_by=cast.outsider, proposed_hours=Decimal(2), reason="x"
    )
    confirmed_hours_for(cast, cast.rc_admin, own["post"], volunteer, Decimal(100))
    confirmed_hours_for(cast, cast.outsider, foreign["post"], cast.person_foreign, Decimal(100))
    own_award = start_star_review(by=cast.rc_admin, person=volunteer, level=1, now=at(9))
    foreign_award = start_star_review(
        by=cast.outsider, person=cast.person_foreign, level=1, now=at(9)
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
