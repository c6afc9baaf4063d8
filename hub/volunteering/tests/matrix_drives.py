"""Access-matrix rows for posts, shifts, drives and sign-ups (pages and API).
The builders (make_post, make_drive, member…) live in hub/testing/builders.py.

Targets, built relative to the real clock (pages act "now"):
- ``vol_post``/``vol_shift`` own: the health center's post, organized by 第一党支部, inside
  青年公寓 (sealed: its resident volunteer may serve there); foreign: the other organization's.
- ``vol_drive`` own: published, open to 第一党支部, approval required; foreign: the other org's.
- ``vol_signup`` own: the volunteer's pending sign-up on the own shift; foreign: the other
  organization's person on its own shift.
- ``vol_public_drive`` own: a published drive open to anyone with its link.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from hub.access.tests.matrix_kit import API_ANON, EVERYONE, Route, pk
from hub.testing.builders import at, make_drive, make_post, make_shift
from hub.volunteering.actions.posts import create_post
from hub.volunteering.actions.signups import sign_up
from hub.volunteering.models import Drive, Post, Shift, SignUp

NOW = at(3, 25, 8)  # before 青年公寓 was sealed (2022-03-28 08:00 Shanghai)


# Matrix targets ------------------------------------------------------------------------------
OWN_POST = "矩阵·青年公寓送餐"
FOREIGN_POST = "矩阵·别处岗位"


def targets(cast: Any) -> dict[str, dict[str, Any]]:
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=30)
    own_post = make_post(
        cast, by=None, name=OWN_POST, compound=cast.compound_own, site="青年公寓大堂"
    )
    own_shift = make_shift(own_post, starts_at=start, capacity=5)
    foreign_post = create_post(
        by=None, organization=cast.org_other, name=FOREIGN_POST, site="别处", compound=None
    )
    foreign_shift = make_shift(foreign_post, starts_at=start, capacity=5)
    own_drive = make_drive(cast, [own_shift], requires_approval=True)
    foreign_drive = make_drive(
        cast, [foreign_shift], organization=cast.org_other, branches=[cast.branch_other]
    )
    public_drive = make_drive(cast, [own_shift], branches=[], is_public=True)
    volunteer = cast.users["volunteer"]
    own_signup = sign_up(by=volunteer, shift=own_shift, drive=own_drive)
    foreign_signup = sign_up(by=None, shift=foreign_shift, person=cast.person_foreign)
    return {
        "vol_post": {"own": own_post, "foreign": foreign_post},
        "vol_shift": {"own": own_shift, "foreign": foreign_shift},
        "vol_drive": {"own": own_drive, "foreign": foreign_drive},
        "vol_signup": {"own": own_signup, "foreign": foreign_signup},
        "vol_public_drive": {"own": public_drive},
    }


# Who may see and change each target, by hand from hub/volunteering/access.py.
POST_SEE = frozenset({"admin", "secretary", "office", "desk", "volunteer", "coordinator", "leader"})
POST_CHANGE = frozenset({"admin", "secretary", "coordinator"})
VISIBLE = {
    "vol_post": {"own": POST_SEE, "foreign": frozenset({"outsider"})},
    "vol_shift": {"own": POST_SEE, "foreign": frozenset({"outsider"})},
    "vol_drive": {
        "own": frozenset({"admin", "secretary", "office", "volunteer"}),
        "foreign": frozenset({"outsider"}),
    },
    "vol_signup": {
        "own": frozenset({"volunteer", "admin", "secretary", "coordinator"}),
        "foreign": frozenset({"outsider"}),
    },
    "vol_public_drive": {"own": EVERYONE},
}
CHANGE = {
    "vol_post": {"own": POST_CHANGE, "foreign": frozenset({"outsider"})},
    "vol_shift": {"own": POST_CHANGE, "foreign": frozenset({"outsider"})},
    "vol_drive": {"own": frozenset({"admin", "secretary"}), "foreign": frozenset({"outsider"})},
    "vol_signup": {"own": POST_CHANGE, "foreign": frozenset({"outsider"})},
}
WITHDRAW = {
    "own": POST_CHANGE | {"volunteer"},
    "foreign": frozenset({"outsider"}),
}
ORGANIZERS = frozenset({"admin", "rc_admin", "secretary", "coordinator", "outsider"})


def _shifts() -> Any:
    return list(Shift.objects.values_list("id", "capacity", "taken", "status").order_by("id"))


def _drives() -> Any:
    return list(Drive.objects.values_list("id", "status").order_by("id"))


def _signups() -> Any:
    return list(SignUp.objects.values_list("id", "status", "shift_id").order_by("id"))


def _posts() -> Any:
    return list(Post.objects.values_list("id", "name").order_by("id"))


def _drive_shift(drive: Drive) -> dict[str, Any]:
    return {"drive_id": drive.pk, "shift_id": drive.shifts.order_by("pk")[0].pk}


def _public_shift(drive: Drive) -> dict[str, Any]:
    return {"token": drive.public_token, "shift_id": drive.shifts.order_by("pk")[0].pk}


def _own_post_id() -> int:
    return Post.objects.get(name=OWN_POST).pk


def _own_shift_id() -> int:
    return Shift.objects.filter(post__name=OWN_POST).order_by("pk")[0].pk


ROUTES: dict[str, Route] = {
    # pages
    "volunteering:drive-list": Route(),
    "volunteering:drive-create": Route(allowed=ORGANIZERS),
    "volunteering:drive-launch": Route(allowed=ORGANIZERS),
    "volunteering:drive-detail": Route(
        target="vol_drive", kwargs=pk("drive_id"), allowed=VISIBLE["vol_drive"]
    ),
    "volunteering:drive-edit": Route(
        target="vol_drive", kwargs=pk("drive_id"), allowed=CHANGE["vol_drive"]
    ),
    "volunteering:drive-signups-xlsx": Route(
        target="vol_drive", kwargs=pk("drive_id"), allowed=CHANGE["vol_drive"]
    ),
    "volunteering:drive-share-png": Route(
        target="vol_drive", kwargs=pk("drive_id"), allowed=CHANGE["vol_drive"]
    ),
    "volunteering:drive-publish": Route(
        method="POST",
        target="vol_drive",
        kwargs=pk("drive_id"),
        allowed=CHANGE["vol_drive"],
        ok=(302,),
        snapshot=_drives,
    ),
    "volunteering:drive-close": Route(
        method="POST",
        target="vol_drive",
        kwargs=pk("drive_id"),
        allowed=CHANGE["vol_drive"],
        ok=(302,),
        snapshot=_drives,
    ),
    "volunteering:drive-signup": Route(
        method="POST",
        target="vol_drive",
        kwargs=_drive_shift,
        allowed=VISIBLE["vol_drive"],
        ok=(200, 302),  # the result page: accepted (redirect) or the reason it was refused
        snapshot=_signups,
    ),
    "volunteering:join": Route(
        target="vol_public_drive",
        kwargs=lambda d: {"token": d.public_token},
        allowed=EVERYONE,
        anonymous=(200,),
    ),
    "volunteering:join-signup": Route(
        method="POST",
        target="vol_public_drive",
        kwargs=_public_shift,
        allowed=EVERYONE,
        ok=(200, 302),
        snapshot=_signups,
    ),
    "volunteering:signup-detail": Route(
        target="vol_signup", kwargs=pk("signup_id"), allowed=VISIBLE["vol_signup"]
    ),
    "volunteering:signup-approve": Route(
        method="POST",
        target="vol_signup",
        kwargs=pk("signup_id"),
        allowed=CHANGE["vol_signup"],
        ok=(302,),
        snapshot=_signups,
    ),
    "volunteering:signup-waitlist": Route(
        method="POST",
        target="vol_signup",
        kwargs=pk("signup_id"),
        allowed=CHANGE["vol_signup"],
        ok=(302,),
        snapshot=_signups,
    ),
    "volunteering:signup-decline": Route(
        method="POST",
        target="vol_signup",
        kwargs=pk("signup_id"),
        allowed=CHANGE["vol_signup"],
        data={"reason": "matrix"},
        ok=(302,),
        snapshot=_signups,
    ),
    "volunteering:signup-withdraw": Route(
        method="POST",
        target="vol_signup",
        kwargs=pk("signup_id"),
        allowed=WITHDRAW,
        ok=(302,),
        snapshot=_signups,
    ),
    "volunteering:post-list": Route(),
    "volunteering:post-create": Route(allowed=ORGANIZERS),
    "volunteering:post-detail": Route(
        target="vol_post", kwargs=pk("post_id"), allowed=VISIBLE["vol_post"]
    ),
    "volunteering:post-edit": Route(
        target="vol_post", kwargs=pk("post_id"), allowed=CHANGE["vol_post"]
    ),
    "volunteering:shift-create": Route(
        target="vol_post", kwargs=pk("post_id"), allowed=CHANGE["vol_post"]
    ),
    "volunteering:shift-detail": Route(
        target="vol_shift", kwargs=pk("shift_id"), allowed=VISIBLE["vol_shift"]
    ),
    "volunteering:shift-capacity": Route(
        method="POST",
        target="vol_shift",
        kwargs=pk("shift_id"),
        allowed=CHANGE["vol_shift"],
        data={"capacity": 7},
        ok=(302,),
        snapshot=_shifts,
    ),
    "volunteering:shift-cancel": Route(
        method="POST",
        target="vol_shift",
        kwargs=pk("shift_id"),
        allowed=CHANGE["vol_shift"],
        data={"reason": "matrix"},
        ok=(302,),
        snapshot=_shifts,
    ),
    # API
    "api:vol-post-list": Route(api=True, anonymous=API_ANON),
    "api:vol-post-detail": Route(
        api=True, target="vol_post", allowed=VISIBLE["vol_post"], anonymous=API_ANON
    ),
    "api:vol-shift-list": Route(api=True, anonymous=API_ANON),
    "api:vol-shift-detail": Route(
        api=True, target="vol_shift", allowed=VISIBLE["vol_shift"], anonymous=API_ANON
    ),
    "api:vol-shift-capacity": Route(
        method="POST",
        api=True,
        target="vol_shift",
        allowed=CHANGE["vol_shift"],
        data={"capacity": 6},
        ok=(200, 400),  # 400 once an earlier row cancelled the shift
        anonymous=API_ANON,
        snapshot=_shifts,
    ),
    "api:vol-shift-cancel": Route(
        method="POST",
        api=True,
        target="vol_shift",
        allowed=CHANGE["vol_shift"],
        data={"reason": "matrix"},
        anonymous=API_ANON,
        snapshot=_shifts,
    ),
    "api:drive-list": Route(api=True, anonymous=API_ANON),
    "api:drive-detail": Route(
        api=True, target="vol_drive", allowed=VISIBLE["vol_drive"], anonymous=API_ANON
    ),
    "api:drive-publish": Route(
        method="POST",
        api=True,
        target="vol_drive",
        allowed=CHANGE["vol_drive"],
        ok=(400,),  # already published: refused by the action with a message, not by access
        anonymous=API_ANON,
        snapshot=_drives,
    ),
    "api:drive-close": Route(
        method="POST",
        api=True,
        target="vol_drive",
        allowed=CHANGE["vol_drive"],
        anonymous=API_ANON,
        snapshot=_drives,
    ),
    "api:signup-list": Route(api=True, anonymous=API_ANON),
    "api:signup-detail": Route(
        api=True, target="vol_signup", allowed=VISIBLE["vol_signup"], anonymous=API_ANON
    ),
    # Decisions run in this order for each role; an earlier one may have moved the sign-up on,
    # so a later one may be refused by the action (400), never by access.
    "api:signup-approve": Route(
        method="POST",
        api=True,
        target="vol_signup",
        allowed=CHANGE["vol_signup"],
        ok=(200, 400),
        anonymous=API_ANON,
        snapshot=_signups,
    ),
    "api:signup-waitlist": Route(
        method="POST",
        api=True,
        target="vol_signup",
        allowed=CHANGE["vol_signup"],
        ok=(200, 400),
        anonymous=API_ANON,
        snapshot=_signups,
    ),
    "api:signup-decline": Route(
        method="POST",
        api=True,
        target="vol_signup",
        allowed=CHANGE["vol_signup"],
        data={"reason": "matrix"},
        ok=(200, 400),
        anonymous=API_ANON,
        snapshot=_signups,
    ),
    "api:signup-withdraw": Route(
        method="POST",
        api=True,
        target="vol_signup",
        allowed=WITHDRAW,
        ok=(200, 400),
        anonymous=API_ANON,
        snapshot=_signups,
    ),
}

EXTRA_METHODS = {
    ("api:vol-post-list", "POST"): Route(
        method="POST",
        api=True,
        data=lambda cast: {"organization": cast.org_health.pk, "name": "新岗位", "site": "门口"},
        allowed=frozenset({"admin"}),
        ok=(201,),
        anonymous=API_ANON,
        snapshot=_posts,
    ),
    ("api:vol-shift-list", "POST"): Route(
        method="POST",
        api=True,
        data=lambda cast: {
            "post": _own_post_id(),
            "starts_at": (timezone.now() + dt.timedelta(days=40)).isoformat(),
            "ends_at": (timezone.now() + dt.timedelta(days=40, hours=3)).isoformat(),
            "capacity": 3,
        },
        allowed=POST_CHANGE,
        ok=(201,),
        anonymous=API_ANON,
        snapshot=_shifts,
    ),
    ("api:drive-list", "POST"): Route(
        method="POST",
        api=True,
        data=lambda cast: {
            "organization": cast.org_health.pk,
            "title": "新招募",
            "branches": [cast.branch_first.pk],
        },
        allowed=frozenset({"admin", "secretary"}),
        ok=(201,),
        anonymous=API_ANON,
        snapshot=_drives,
    ),
    # Anyone may ask; the action decides (no person linked, already signed up, not invited…).
    ("api:signup-list", "POST"): Route(
        method="POST",
        api=True,
        data=lambda cast: {"shift": _own_shift_id()},
        allowed=EVERYONE,
        ok=(201, 400),
        anonymous=API_ANON,
        snapshot=_signups,
    ),
}
