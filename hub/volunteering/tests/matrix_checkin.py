"""Access-matrix rows for the check-in pages and endpoints.

Targets: "own" is a post inside 青年公寓 organized by the residents' committee (its coordinator
manages it, the volunteer — a resident — holds an approved sign-up and is checked in);
"foreign" is a post of the other organization. The poster's QR page is a capability: anyone
signed in who holds the code gets the page, which shows only their own shifts.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from hub.access.tests.matrix_kit import API_ANON, EVERYONE, Route, pk
from hub.conftest import Cast
from hub.testing.builders import SHANGHAI, approve, make_post, make_shift
from hub.volunteering.actions.checkins import check_in
from hub.volunteering.models import CheckIn, Post, Shift
from hub.volunteering.queries import poster_code

T0 = dt.datetime(2022, 4, 10, 8, 0, tzinfo=SHANGHAI)
MATRIX_POST = "签到矩阵岗"


# The matrix -----------------------------------------------------------------------------------
def targets(cast: Cast) -> dict[str, dict[str, Any]]:
    now = timezone.now()
    own_post = make_post(cast, organization=cast.org_rc, name=MATRIX_POST)
    foreign_post = make_post(cast, organization=cast.org_other)
    # Shifts in progress now, so the QR page has something to show.
    start = now - dt.timedelta(hours=1)
    own_shift = make_shift(own_post, starts_at=start, capacity=10, min_staff=1)
    foreign_shift = make_shift(foreign_post, starts_at=start, capacity=10, min_staff=1)
    approve(own_shift, cast.volunteer.person)
    approve(foreign_shift, cast.person_foreign)
    own = check_in(by=cast.volunteer, shift=own_shift, idempotency_key="matrix-own", now=now)
    foreign = check_in(
        by=cast.outsider,
        shift=foreign_shift,
        person=cast.person_foreign,
        method=CheckIn.Method.COORDINATOR,
        idempotency_key="matrix-foreign",
        now=now,
    )
    return {
        "ci_post": {"own": own_post, "foreign": foreign_post},
        "ci_shift": {"own": own_shift, "foreign": foreign_shift},
        "checkin": {"own": own.checkin, "foreign": foreign.checkin},
    }


VISIBLE = {
    "ci_post": {
        "own": frozenset({"rc_admin", "coordinator", "leader"}),
        "foreign": frozenset({"outsider"}),
    },
    "ci_shift": {
        # The volunteer sees the shift through their sign-up.
        "own": frozenset({"rc_admin", "coordinator", "leader", "volunteer"}),
        "foreign": frozenset({"outsider"}),
    },
    "checkin": {
        "own": frozenset({"rc_admin", "coordinator", "volunteer"}),
        "foreign": frozenset({"outsider"}),
    },
}
MANAGE = {"own": frozenset({"rc_admin", "coordinator"}), "foreign": frozenset({"outsider"})}


def _code(post: Post) -> dict[str, Any]:
    return {"code": poster_code(post)}


def _checkins() -> Any:
    return list(CheckIn.objects.order_by("pk").values_list("pk", "checked_out_at", "checkout_key"))


ROUTES = {
    # The QR page answers everyone signed in: the code is the capability, the page shows only
    # the user's own shifts. Posts without a form field pick the user's shift, else a message.
    "volunteering:checkin-scan": Route(target="ci_post", kwargs=_code, allowed=EVERYONE),
    "volunteering:checkin-scan-in": Route(
        method="POST", target="ci_post", kwargs=_code, ok=(302,), snapshot=_checkins
    ),
    "volunteering:checkin-scan-out": Route(
        method="POST", target="ci_post", kwargs=_code, ok=(302,), snapshot=_checkins
    ),
    "volunteering:shift-checkins": Route(target="ci_shift", kwargs=pk("shift_id"), allowed=MANAGE),
    "volunteering:shift-checkin-in": Route(
        method="POST",
        target="ci_shift",
        kwargs=pk("shift_id"),
        allowed=MANAGE,
        ok=(302,),
        snapshot=_checkins,
    ),
    "volunteering:shift-checkin-out": Route(
        method="POST",
        target="ci_shift",
        kwargs=pk("shift_id"),
        allowed=MANAGE,
        ok=(302,),
        snapshot=_checkins,
    ),
    "volunteering:post-poster": Route(target="ci_post", kwargs=pk("post_id"), allowed=MANAGE),
    "api:checkin-list": Route(api=True, anonymous=API_ANON),
    "api:checkin-detail": Route(
        api=True, target="checkin", allowed=VISIBLE["checkin"], anonymous=API_ANON
    ),
    "api:checkin-checkout": Route(
        method="POST",
        api=True,
        target="checkin",
        allowed=VISIBLE["checkin"],
        data={"checkout_key": "matrix-out"},
        anonymous=API_ANON,
        snapshot=_checkins,
    ),
    "api:checkin-batch": Route(
        method="POST", api=True, data={"items": []}, anonymous=API_ANON, snapshot=_checkins
    ),
}


def _own_shift_checkin(cast: Cast) -> dict[str, Any]:
    shift = Shift.objects.get(post__name=MATRIX_POST)
    return {"shift": shift.pk, "idempotency_key": "matrix-api"}


EXTRA_METHODS = {
    # The volunteer is already checked in (200, "already"); managers without a person of their
    # own get 400 no_person; everyone else cannot see the shift (404).
    ("api:checkin-list", "POST"): Route(
        method="POST",
        api=True,
        data=_own_shift_checkin,
        ok=(200, 400, 404),
        anonymous=API_ANON,
        snapshot=_checkins,
    ),
}
