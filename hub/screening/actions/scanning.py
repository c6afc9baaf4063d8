"""Scanning codes into tubes, closing tubes, recording results and the re-test list.

Invariants (held by the database, not only here):
* a resident is sampled at most once per round, plus once more if re-tested
  (``sample_once_per_round``);
* every scan carries a client idempotency key, unique over all samples: replaying a scan — twice
  online, or from the phone's offline queue — answers the first reply and writes nothing;
* a tube never holds more than its capacity (``tube_count_within_capacity``; ``count`` moves only
  by a conditional UPDATE under the tube's row lock) and closes when full;
* a refused scan (wrong, forged, expired, foreign, already-sampled code, closed tube) changes
  nothing.

Lock order: the tube row (``select_for_update``), then the sample insert.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from hub.access import get_changeable
from hub.accounts.models import User
from hub.errors import DomainError
from hub.people.models import Person
from hub.privacy.models import AccessLog
from hub.screening.actions.codes import read_code
from hub.screening.models import (
    Exemption,
    Retest,
    Sample,
    SamplingPoint,
    ScreeningRound,
    Tube,
    TubeResult,
)
from hub.screening.queries import may_scan

MAX_BATCH = 500


@dataclass(frozen=True)
class ScanResult:
    sample: Sample
    tube: Tube
    replayed: bool
    message: str

    @property
    def tube_closed(self) -> bool:
        return not self.tube.is_open


def _clean_key(key: str) -> str:
    key = (key or "").strip()
    if not key or len(key) > 64:
        raise DomainError(
            _("Every scan needs an idempotency key of 1 to 64 characters."),
            code="idempotency_key",
            field="idempotency_key",
        )
    return key


def _reply(sample: Sample, tube: Tube, *, replayed: bool) -> ScanResult:
    params = {
        "name": sample.person.masked_name,
        "tube": tube.label,
        "n": tube.count,
        "of": tube.capacity,
    }
    if not tube.is_open:
        message = (
            _("Sampled %(name)s. Tube %(tube)s is full (%(n)s/%(of)s): seal it, scan a new tube.")
            % params
        )
    else:
        message = _("Sampled %(name)s into tube %(tube)s (%(n)s/%(of)s).") % params
    return ScanResult(sample=sample, tube=tube, replayed=replayed, message=message)


def _replay(key: str, round_: ScreeningRound) -> ScanResult | None:
    found = Sample.objects.select_related("tube", "person").filter(idempotency_key=key).first()
    if found is None:
        return None
    if found.round_id != round_.pk:
        raise DomainError(
            _("This idempotency key was already used for another round."), code="key_reused"
        )
    return _reply(found, found.tube, replayed=True)


def _tube_for(
    *,
    round_: ScreeningRound,
    point: SamplingPoint | None,
    label: str,
    retest: bool,
    by: User,
    now: dt.datetime,
) -> Tube:
    label = (label or "").strip()
    if not label or len(label) > 40:
        raise DomainError(_("Scan the tube's label first."), code="tube_label", field="tube")
    tube = Tube.objects.select_for_update().filter(round=round_, label=label).first()
    if tube is None:
        try:
            with transaction.atomic():
                Tube.objects.create(
                    round=round_,
                    point=point,
                    label=label,
                    capacity=1 if retest else round_.pool_size,
                    is_retest=retest,
                    opened_by=by,
                    opened_at=now,
                )
        except IntegrityError:
            pass  # opened by a concurrent scan: lock the row it wrote
        tube = Tube.objects.select_for_update().get(round=round_, label=label)
    if not tube.is_open:
        raise DomainError(
            _("Tube %(tube)s is already sealed: scan a new tube.") % {"tube": tube.label},
            code="tube_closed",
        )
    if tube.is_retest != retest:
        raise DomainError(
            _("Tube %(tube)s is not a re-test tube; re-tests go one per tube.")
            % {"tube": tube.label}
            if retest
            else _("Tube %(tube)s is a re-test tube: scan a pooled tube.") % {"tube": tube.label},
            code="tube_kind",
        )
    return tube


def _household_done(round_: ScreeningRound, tube: Tube, household_id: int | None) -> bool:
    """One-tube-per-household rounds close a tube once its household is all sampled."""
    if household_id is None:
        return False
    expected = (
        Person.objects.filter(household_id=household_id)
        .exclude(pk__in=Exemption.objects.filter(round=round_).values("person_id"))
        .count()
    )
    return tube.count >= expected


@transaction.atomic
def record_scan(
    *,
    by: User,
    round_: ScreeningRound,
    point: SamplingPoint | None,
    tube_label: str,
    code_text: str,
    idempotency_key: str,
    now: dt.datetime,
    retest: bool = False,
    at_home: bool = False,
) -> ScanResult:
    """Scan one resident's code into the tube ``tube_label`` (opened on its first scan).

    Raises DomainError: idempotency_key, key_reused, forbidden, round_closed, point_elsewhere,
    code_wrong, code_forged, code_expired, code_unknown, code_foreign, already_sampled,
    not_on_retest_list, tube_label, tube_closed, tube_kind, tube_household, tube_full.
    """
    key = _clean_key(idempotency_key)
    replay = _replay(key, round_)
    if replay is not None:
        return replay
    if not may_scan(by, round_):
        raise DomainError(_("You are not a sampler of this round."), code="forbidden")
    if not round_.accepts_scans:
        raise DomainError(_("This round is not taking samples."), code="round_closed")
    if point is not None and point.round_id != round_.pk:
        raise DomainError(_("That point belongs to another round."), code="point_elsewhere")
    code = read_code(code_text, now=now)
    person = code.person
    household = person.household
    if household is None or household.building.compound_id != round_.compound_id:
        raise DomainError(
            _("This resident is registered in another compound, not at this round."),
            code="code_foreign",
        )
    if retest and not Retest.objects.filter(round=round_, person=person).exists():
        raise DomainError(
            _("%(name)s is not on the re-test list.") % {"name": person.masked_name},
            code="not_on_retest_list",
        )
    earlier = Sample.objects.filter(round=round_, person=person, is_retest=retest).first()
    if earlier is not None:
        raise DomainError(
            _("%(name)s was already sampled at %(time)s (tube %(tube)s).")
            % {
                "name": person.masked_name,
                "time": timezone.localtime(earlier.scanned_at).strftime("%H:%M"),
                "tube": earlier.tube.label,
            },
            code="already_sampled",
        )
    tube = _tube_for(round_=round_, point=point, label=tube_label, retest=retest, by=by, now=now)
    if round_.pooling == ScreeningRound.Pooling.HOUSEHOLD and tube.count:
        other = tube.samples.exclude(person__household_id=household.pk).exists()
        if other:
            raise DomainError(
                _("Tube %(tube)s holds another household: seal it and scan a new tube.")
                % {"tube": tube.label},
                code="tube_household",
            )
    if not Tube.objects.filter(pk=tube.pk, status=Tube.Status.OPEN, count__lt=F("capacity")).update(
        count=F("count") + 1
    ):
        raise DomainError(_("Tube %(tube)s is full.") % {"tube": tube.label}, code="tube_full")
    try:
        with transaction.atomic():
            sample = Sample.objects.create(
                round=round_,
                tube=tube,
                person=person,
                building_id=household.building_id,
                is_retest=retest,
                at_home=at_home,
                idempotency_key=key,
                scanned_by=by,
                scanned_at=now,
            )
    except IntegrityError:
        # The same resident or key, written by a concurrent scan: our tube increment rolls back
        # with the caller's transaction only if we raise, so raise the reason.
        replay = _replay(key, round_)
        if replay is not None:
            raise _Replayed(replay) from None
        raise DomainError(
            _("%(name)s was already sampled.") % {"name": person.masked_name},
            code="already_sampled",
        ) from None
    tube.refresh_from_db()
    full = tube.count >= tube.capacity or (
        round_.pooling == ScreeningRound.Pooling.HOUSEHOLD
        and _household_done(round_, tube, person.household_id)
    )
    if full:
        Tube.objects.filter(pk=tube.pk).update(status=Tube.Status.CLOSED, closed_at=now)
        tube.refresh_from_db()
    if round_.status != ScreeningRound.Status.OPEN:
        ScreeningRound.objects.filter(
            pk=round_.pk, status__in=[ScreeningRound.Status.DRAFT, ScreeningRound.Status.PLANNED]
        ).update(status=ScreeningRound.Status.OPEN)
    return _reply(sample, tube, replayed=False)


class _Replayed(Exception):
    def __init__(self, result: ScanResult) -> None:
        self.result = result


def scan(**kwargs: Any) -> ScanResult:
    """``record_scan`` that turns a lost race on the same key into the first scan's reply."""
    try:
        return record_scan(**kwargs)
    except _Replayed as replayed:
        return replayed.result


def record_scan_batch(
    *,
    by: User,
    round_: ScreeningRound,
    point: SamplingPoint | None,
    items: Iterable[Mapping[str, Any]],
    now: dt.datetime,
) -> list[dict[str, Any]]:
    """Replay a phone's offline queue: each item scanned on its own, in the order given.

    Each item: ``idempotency_key``, ``code``, ``tube``, optional ``scanned_at`` (an aware time
    not after ``now``) and ``retest``. A refused item is reported and changes nothing; the others
    still count. Replaying the same queue again writes nothing and answers the same.
    """
    items = list(items)
    if len(items) > MAX_BATCH:
        raise DomainError(
            _("Send at most %(n)s scans at a time.") % {"n": MAX_BATCH}, code="batch_too_large"
        )
    out: list[dict[str, Any]] = []
    for item in items:
        key = str(item.get("idempotency_key", ""))
        at = item.get("scanned_at")
        if not isinstance(at, dt.datetime) or timezone.is_naive(at) or at > now:
            at = now
        try:
            result = scan(
                by=by,
                round_=round_,
                point=point,
                tube_label=str(item.get("tube", "")),
                code_text=str(item.get("code", "")),
                idempotency_key=key,
                now=at,
                retest=bool(item.get("retest", False)),
            )
        except DomainError as error:
            out.append(
                {"idempotency_key": key, "ok": False, "code": error.code, "message": error.message}
            )
            continue
        out.append(
            {
                "idempotency_key": key,
                "ok": True,
                "replayed": result.replayed,
                "tube": result.tube.label,
                "tube_closed": result.tube_closed,
                "message": result.message,
            }
        )
    return out


@transaction.atomic
def close_tube(*, by: User, tube: Tube, now: dt.datetime) -> Tube:
    """Seal a tube before it is full (end of a session). Idempotent."""
    if not may_scan(by, tube.round):
        raise DomainError(_("You are not a sampler of this round."), code="forbidden")
    Tube.objects.filter(pk=tube.pk, status=Tube.Status.OPEN).update(
        status=Tube.Status.CLOSED, closed_at=now
    )
    tube.refresh_from_db()
    return tube


def _log(by: User, round_: ScreeningRound, subject: str, subject_id: int, field: str) -> None:
    AccessLog.objects.create(
        actor=by,
        organization_id=round_.compound.organization_id,
        action=AccessLog.Action.REVEAL,
        subject_type=subject,
        subject_id=str(subject_id),
        field=field,
        reason="screening",
    )


@transaction.atomic
def record_tube_result(
    *, by: User | None, tube: Tube, result: str, now: dt.datetime
) -> list[Retest]:
    """Record the laboratory's result of a sealed tube; an abnormal pooled tube puts each of its
    residents on the re-test list. Returns the re-test rows it wrote.

    Raises DomainError: forbidden (404/403 through the access layer), result, tube_open,
    result_recorded. ``by=None`` is the laboratory's import (the system): nobody saw the result.
    """
    if by is not None:
        get_changeable(by, ScreeningRound.objects.all(), pk=tube.round_id)
    if result not in TubeResult.Result.values:
        raise DomainError(_("Choose negative or abnormal."), code="result", field="result")
    tube = Tube.objects.select_for_update().get(pk=tube.pk)
    if tube.is_open:
        raise DomainError(_("Seal the tube before recording its result."), code="tube_open")
    try:
        with transaction.atomic():
            TubeResult.objects.create(tube=tube, result=result, recorded_by=by, recorded_at=now)
    except IntegrityError:
        raise DomainError(
            _("This tube's result is already recorded."), code="result_recorded"
        ) from None
    if by is not None:
        _log(by, tube.round, "screening.Tube", tube.pk, "result")
    if result != TubeResult.Result.ABNORMAL or tube.is_retest:
        return []
    rows = [
        Retest(round_id=tube.round_id, person_id=pid, source_tube=tube, created_at=now)
        for pid in tube.samples.order_by("pk").values_list("person_id", flat=True)
    ]
    return Retest.objects.bulk_create(rows, ignore_conflicts=True)


@transaction.atomic
def reveal_retest_list(*, by: User, round_: ScreeningRound) -> list[Retest]:
    """The re-test list (health data): only for the round's coordinators; the access is logged."""
    get_changeable(by, ScreeningRound.objects.all(), pk=round_.pk)
    rows = list(
        Retest.objects.filter(round=round_)
        .select_related("person__household__building", "source_tube")
        .order_by("person__household__building__sort_key", "person__household__sort_key", "pk")
    )
    _log(by, round_, "screening.ScreeningRound", round_.pk, "retest_list")
    return rows
