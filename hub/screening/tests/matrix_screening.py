"""Access-matrix rows for the screening pages and endpoints (read by hub/access/tests).

Targets: "own" is a round at 青年公寓 (the coordinator's compound, led in part by the cast's
building leader); "foreign" is a round at the other organization's compound. Each has a sealed
tube awaiting its result.
"""

from __future__ import annotations

from typing import Any

from hub.access.tests.matrix_kit import API_ANON, Route, pk
from hub.screening.models import Sample, SlotAssignment, TubeResult

VISIBLE = {
    "screening_round": {
        "own": frozenset({"rc_admin", "coordinator", "leader"}),
        "foreign": frozenset({"outsider"}),
    },
    "screening_tube": {
        "own": frozenset({"rc_admin", "coordinator"}),
        "foreign": frozenset({"outsider"}),
    },
    "screening_resident": {
        "own": frozenset({"rc_admin", "coordinator", "leader"}),
        "foreign": frozenset({"outsider"}),
    },
}
VISIBLE["screening_closure"] = {
    "own": frozenset({"rc_admin", "coordinator", "leader"}),
    "foreign": frozenset({"outsider"}),
}
VISIBLE["screening_household"] = {
    "own": frozenset({"rc_admin", "coordinator", "leader"}),
    "foreign": frozenset({"outsider"}),
}
# Antigen results and photos: the compound's coordinators and admins (and the resident).
VISIBLE["screening_antigen"] = {
    "own": frozenset({"rc_admin", "coordinator"}),
    "foreign": frozenset({"outsider"}),
}
VISIBLE["screening_duty"] = VISIBLE["screening_round"]
CHANGE = {"own": frozenset({"rc_admin", "coordinator"}), "foreign": frozenset({"outsider"})}


def targets(cast: Any) -> dict[str, dict[str, Any]]:
    from hub.screening.actions import close_tube, record_scan
    from hub.screening.actions.codes import ensure_code, qr_text
    from hub.testing.builders import at, make_screening_round

    own = make_screening_round(cast)
    foreign = make_screening_round(cast, compound=cast.compound_foreign)
    tubes = {}
    for scope, round_, person, by in (
        ("own", own, cast.person_resident, cast.users["coordinator"]),
        ("foreign", foreign, cast.person_foreign, cast.users["outsider"]),
    ):
        code = ensure_code(person=person, now=at(4, 1))
        result = record_scan(
            by=by,
            round_=round_,
            point=round_.points.first(),
            tube_label="M001",
            code_text=qr_text(code),
            idempotency_key=f"matrix-{scope}",
            now=at(4, 2, 8, 5),
        )
        tubes[scope] = close_tube(by=by, tube=result.tube, now=at(4, 2, 8, 6))
    from hub.screening.actions import create_closure_round

    closures = {
        "own": create_closure_round(by=None, compound=cast.compound_own, starts_at=at(4, 1, 0)),
        "foreign": create_closure_round(
            by=None, compound=cast.compound_foreign, starts_at=at(4, 1, 0)
        ),
    }
    from hub.screening.actions.antigen import report_antigen

    png = b"\x89PNG\r\n\x1a\n" + b"0" * 32
    antigen = {
        "own": report_antigen(
            by=cast.users["coordinator"],
            person=cast.person_resident,
            day=at(4, 10).date(),
            result="negative",
            now=at(4, 10, 9),
            photo=png,
        ),
        "foreign": report_antigen(
            by=cast.users["outsider"],
            person=cast.person_foreign,
            day=at(4, 10).date(),
            result="negative",
            now=at(4, 10, 9),
            photo=png,
        ),
    }
    from hub.screening.actions import assign_duty

    duties = {
        scope: assign_duty(by=None, round_=r, point=r.points.first(), person=person, duty="order")
        for scope, r, person in (
            ("own", own, cast.person_resident),
            ("foreign", foreign, cast.person_foreign),
        )
    }
    return {
        "screening_round": {"own": own, "foreign": foreign},
        "screening_duty": duties,
        "screening_household": {
            "own": cast.household_own,
            "foreign": cast.person_foreign.household,
        },
        "screening_antigen": antigen,
        "screening_closure": closures,
        "screening_tube": tubes,
        "screening_resident": {"own": cast.person_resident, "foreign": cast.person_foreign},
    }


def _plan() -> Any:
    return sorted(SlotAssignment.objects.values_list("id", "slot_id", "point_id", "called_up_at"))


def _samples() -> Any:
    return sorted(Sample.objects.values_list("id", "tube_id"))


def _results() -> Any:
    return sorted(TubeResult.objects.values_list("id", "result"))


def _codes() -> Any:
    from hub.screening.models import ScreeningCode

    return sorted(ScreeningCode.objects.values_list("id", "token"))


def _closures() -> Any:
    from hub.screening.models import ClosureRound

    return sorted(ClosureRound.objects.values_list("id", "closed_at"))


def _handouts() -> Any:
    from hub.screening.models import KitHandout

    return sorted(KitHandout.objects.values_list("id", "kits"))


def _duties() -> Any:
    from hub.screening.models import PointDuty

    return sorted(PointDuty.objects.values_list("id", "person_id", "duty"))


def _scan_data(cast: Any) -> dict[str, Any]:
    from hub.screening.actions.codes import ensure_code, qr_text
    from hub.testing.builders import at

    code = ensure_code(person=cast.person_resident, now=at(4, 1))
    return {"idempotency_key": "matrix-api", "code": qr_text(code), "tube": "API01"}


ROUND = "screening_round"
ROUTES = {
    "screening:round-list": Route(),
    "screening:my-code": Route(),
    # Anyone signed in may post: a resident issues their own code, anyone else is told they have
    # none (a redirect with a message, nothing written).
    "screening:my-code-issue": Route(method="POST", ok=(302,)),
    "screening:relative-code": Route(
        target="screening_resident", kwargs=pk("person_id"), allowed=CHANGE
    ),
    "screening:relative-code-issue": Route(
        method="POST",
        target="screening_resident",
        kwargs=pk("person_id"),
        allowed=CHANGE,
        ok=(302,),
        snapshot=_codes,
    ),
    "screening:round-issue-codes": Route(
        method="POST",
        target=ROUND,
        kwargs=pk("round_id"),
        allowed=CHANGE,
        ok=(302,),
        snapshot=_codes,
    ),
    "screening:round-detail": Route(target=ROUND, kwargs=pk("round_id"), allowed=VISIBLE[ROUND]),
    "screening:round-plan": Route(
        method="POST",
        target=ROUND,
        kwargs=pk("round_id"),
        allowed=CHANGE,
        ok=(302,),
        snapshot=_plan,
    ),
    "screening:round-call-ups": Route(
        method="POST",
        target=ROUND,
        kwargs=pk("round_id"),
        allowed=CHANGE,
        ok=(302,),
        snapshot=_plan,
    ),
    "screening:round-duties": Route(target=ROUND, kwargs=pk("round_id"), allowed=VISIBLE[ROUND]),
    "screening:round-duty-assign": Route(
        method="POST",
        target=ROUND,
        kwargs=pk("round_id"),
        allowed=CHANGE,
        ok=(302,),
        snapshot=_duties,
    ),
    "screening:round-duty-remove": Route(
        method="POST",
        target="screening_duty",
        kwargs=pk("duty_id"),
        allowed=CHANGE,
        ok=(302,),
        snapshot=_duties,
    ),
    "screening:scan": Route(target=ROUND, kwargs=pk("round_id"), allowed=CHANGE),
    "screening:coverage": Route(target=ROUND, kwargs=pk("round_id"), allowed=VISIBLE[ROUND]),
    "screening:missing": Route(target=ROUND, kwargs=pk("round_id"), allowed=VISIBLE[ROUND]),
    "screening:retests": Route(target=ROUND, kwargs=pk("round_id"), allowed=CHANGE),
    "screening:tube-result": Route(
        method="POST",
        target="screening_tube",
        kwargs=pk("tube_id"),
        allowed=CHANGE,
        data={"result": "negative"},
        ok=(302,),
        snapshot=_results,
    ),
    "screening:closure-list": Route(),
    "screening:closure-create": Route(allowed=frozenset({"rc_admin", "coordinator", "outsider"})),
    "screening:closure-clone": Route(
        method="POST",
        target="screening_closure",
        kwargs=pk("closure_id"),
        allowed=CHANGE,
        ok=(302,),
        snapshot=_closures,
    ),
    "screening:closure-close": Route(
        method="POST",
        target="screening_closure",
        kwargs=pk("closure_id"),
        allowed=CHANGE,
        ok=(302,),
        snapshot=_closures,
    ),
    "screening:antigen-report": Route(),
    "screening:antigen-report-for": Route(
        target="screening_resident",
        kwargs=pk("person_id"),
        allowed=VISIBLE["screening_resident"],
    ),
    "screening:antigen-missing": Route(),
    "screening:antigen-handouts": Route(),
    "screening:antigen-handout": Route(
        method="POST",
        target="screening_household",
        kwargs=pk("household_id"),
        allowed=VISIBLE["screening_household"],
        data={"kits": 2},
        ok=(302,),
        snapshot=_handouts,
    ),
    "screening:antigen-photo": Route(
        target="screening_antigen",
        kwargs=pk("report_id"),
        allowed=VISIBLE["screening_antigen"],
    ),
    "api:antigen-report": Route(
        method="POST",
        api=True,
        data={"day": "2022-04-10", "result": "negative"},
        ok=(201, 400),  # 400: the signed-in user is not a resident
        anonymous=API_ANON,
    ),
    "api:antigen-not-reported": Route(api=True, anonymous=API_ANON),
    # API
    "api:screening-round-list": Route(api=True, anonymous=API_ANON),
    "api:screening-round-detail": Route(
        api=True, target=ROUND, allowed=VISIBLE[ROUND], anonymous=API_ANON
    ),
    "api:screening-round-coverage": Route(
        api=True, target=ROUND, allowed=VISIBLE[ROUND], anonymous=API_ANON
    ),
    "api:screening-round-scan": Route(
        method="POST",
        api=True,
        target=ROUND,
        allowed=CHANGE,
        data=_scan_data,
        ok=(200, 201, 400),
        anonymous=API_ANON,
        snapshot=_samples,
    ),
    "api:screening-round-scan-batch": Route(
        method="POST",
        api=True,
        target=ROUND,
        allowed=CHANGE,
        data={"items": []},
        anonymous=API_ANON,
        snapshot=_samples,
    ),
}
