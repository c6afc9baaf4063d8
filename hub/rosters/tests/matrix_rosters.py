"""Access-matrix rows for roster runs (pages and API).

Targets: ``roster_run`` own — the health center's duty roster over 第一党支部's duty posts
(a month ahead of the real clock, since pages act now), solved; foreign — the other
organization's roster. Runs follow the rules of the posts they roster
(hub/volunteering/access.py post_visible / post_change).

``duty_signup`` own — an approved sign-up on the health center's duty post; foreign — the
other organization's. Office staff see their organization's approved duty sign-ups (for the
duty statistics, 值班统计) besides who sees any sign-up (hub/volunteering/access.py office_duty).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from hub.access.tests.matrix_kit import API_ANON, EVERYONE, Route, pk
from hub.rosters.actions import create_run, solve_run
from hub.rosters.models import RosterCell, RosterRun
from hub.testing.builders import member
from hub.volunteering.actions.posts import create_post, create_shift
from hub.volunteering.actions.signups import sign_up
from hub.volunteering.models import SignUp


def _run(cast: Any, organization: Any, branch: Any, people: list[Any], name: str) -> RosterRun:
    start = timezone.localtime(timezone.now() + dt.timedelta(days=30)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    post = create_post(
        by=None, organization=organization, branch=branch, name=name, site="办公室", kind="duty"
    )
    shift = create_shift(
        by=None, post=post, starts_at=start, ends_at=start + dt.timedelta(hours=8), capacity=1
    )
    run = create_run(
        by=None,
        title=name,
        kind="duty",
        period_start=start.date(),
        period_end=start.date(),
        shifts=[shift],
        people=people,
    )
    return solve_run(run.pk, time_limit_s=0.5)


def _on_duty(organization: Any, branch: Any, person: Any, name: str) -> SignUp:
    start = timezone.localtime(timezone.now() + dt.timedelta(days=35)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    post = create_post(
        by=None, organization=organization, branch=branch, name=name, site="办公室", kind="duty"
    )
    shift = create_shift(
        by=None, post=post, starts_at=start, ends_at=start + dt.timedelta(hours=8), capacity=1
    )
    return sign_up(by=None, shift=shift, person=person)


def targets(cast: Any) -> dict[str, dict[str, Any]]:
    own = _run(cast, cast.org_health, cast.branch_first, [member(cast, 901)], "矩阵·值班")
    foreign = _run(cast, cast.org_other, cast.branch_other, [cast.person_foreign], "矩阵·别处值班")
    duty = _on_duty(cast.org_health, cast.branch_first, member(cast, 902), "矩阵·值班签到")
    foreign_duty = _on_duty(cast.org_other, cast.branch_other, cast.person_foreign, "矩阵·别处")
    return {
        "roster_run": {"own": own, "foreign": foreign},
        "duty_signup": {"own": duty, "foreign": foreign_duty},
    }


CHANGE = frozenset({"admin", "secretary"})
DUTY_SIGNUP_SEE = frozenset({"admin", "secretary", "office"})
VISIBLE = {
    # The own run is solved, not published: a working paper only its managers see.
    "roster_run": {"own": CHANGE, "foreign": frozenset({"outsider"})},
    "duty_signup": {"own": DUTY_SIGNUP_SEE, "foreign": frozenset({"outsider"})},
}
MAY_CHANGE = {"own": CHANGE, "foreign": frozenset({"outsider"})}
ORGANIZERS = frozenset({"admin", "rc_admin", "secretary", "coordinator", "outsider"})


def _runs() -> Any:
    return list(RosterRun.objects.values_list("id", "status", "proposal").order_by("id"))


def _cells() -> Any:
    return list(RosterCell.objects.values_list("id", "run_id", "locked").order_by("id"))


def _signups() -> Any:
    return list(SignUp.objects.values_list("id", "status").order_by("id"))


def run_pk(run: Any) -> dict[str, Any]:
    return {"run_id": run.pk}


def _cell(run: Any) -> dict[str, Any]:
    return {
        "run_id": run.pk,
        "shift_id": run.shifts.order_by("pk")[0].pk,
        "person_id": run.people.order_by("pk")[0].pk,
    }


def _page(**kw: Any) -> Route:
    return Route(target="roster_run", kwargs=run_pk, allowed=VISIBLE["roster_run"], **kw)


def _post(snapshot: Any, **kw: Any) -> Route:
    kw.setdefault("kwargs", run_pk)
    return Route(
        method="POST",
        target="roster_run",
        allowed=MAY_CHANGE,
        ok=(302,),  # done, or refused by the action with a message on the run page
        snapshot=snapshot,
        **kw,
    )


def _api_post(ok: tuple[int, ...], snapshot: Any) -> Route:
    return Route(
        method="POST",
        api=True,
        target="roster_run",
        allowed=MAY_CHANGE,
        ok=ok,
        anonymous=API_ANON,
        snapshot=snapshot,
    )


ROUTES: dict[str, Route] = {
    "rosters:run-list": Route(),
    "rosters:run-create": Route(allowed=ORGANIZERS),
    "rosters:duty-stats": Route(),
    "rosters:duty-stats-xlsx": Route(),
    "rosters:run-detail": _page(),
    "rosters:run-status": _page(),
    "rosters:run-xlsx": _page(),
    "rosters:run-pdf": _page(),
    "rosters:run-solve": _post(_runs),
    "rosters:run-cell": _post(_cells, kwargs=_cell),
    "rosters:run-publish": _post(_signups),
    "rosters:run-repair": _post(_runs),
    "rosters:run-repair-publish": _post(_signups),
    "api:roster-run-list": Route(api=True, anonymous=API_ANON, allowed=EVERYONE),
    "api:roster-run-detail": Route(
        api=True, target="roster_run", allowed=VISIBLE["roster_run"], anonymous=API_ANON
    ),
    # Solving queues a job (202); once queued, a second solve or a publish is refused by the
    # action (400), never by access.
    "api:roster-run-solve": _api_post((202, 400), _runs),
    "api:roster-run-publish": _api_post((200, 400), _signups),
    "api:roster-run-repair": _api_post((400,), _runs),
    "api:roster-run-repair-publish": _api_post((400,), _signups),
}

# The sign-up routes again, on a duty sign-up: office staff see it (read only).
EXTRA_METHODS: dict[tuple[str, str], Route] = {
    ("volunteering:signup-detail", "GET"): Route(
        target="duty_signup", kwargs=pk("signup_id"), allowed=VISIBLE["duty_signup"]
    ),
    ("api:signup-detail", "GET"): Route(
        api=True,
        target="duty_signup",
        allowed=VISIBLE["duty_signup"],
        anonymous=API_ANON,
    ),
    ("volunteering:signup-approve", "POST"): Route(
        method="POST",
        target="duty_signup",
        kwargs=pk("signup_id"),
        allowed={"own": CHANGE, "foreign": frozenset({"outsider"})},
        ok=(302,),
        snapshot=_signups,
    ),
}


def _create_data(cast: Any) -> dict[str, Any]:
    """A new run over the own duty roster's shift and people, with one wish."""
    run = RosterRun.objects.get(title="矩阵·值班")
    shift = run.shifts.get()
    person = run.people.get()
    day = timezone.localdate(shift.starts_at).isoformat()
    return {
        "title": "矩阵·新值班",
        "kind": "duty",
        "period_start": day,
        "period_end": day,
        "shifts": [shift.pk],
        "people": [person.pk],
        "wishes": [{"person": person.pk, "wanted": False, "day": day}],
    }


# Creating a run through the list route: only who manages the shift's post; everyone else
# gets 403, also without seeing the shift (nothing leaks).
EXTRA_METHODS[("api:roster-run-list", "POST")] = Route(
    method="POST",
    api=True,
    data=_create_data,
    ok=(201,),
    allowed=CHANGE,
    anonymous=API_ANON,
    snapshot=_runs,
)
