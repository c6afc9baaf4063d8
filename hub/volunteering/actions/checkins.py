"""Check-in and check-out on a shift: the one write path for arrivals and departures.

Every check-in carries an idempotency key chosen by the client (a UUID in the page's form, the
``Idempotency-Key`` header of the API, a row of a coordinator device's offline queue), so a
retry never doubles it: the same key answers with the same row and the same reply. The database
guards both invariants — one row per key, one check-in per person and shift — and a race between
two requests is settled by the unique index, never by a read-then-write.

Closing a check-in (a check-out, or the automatic close of a forgotten one at the shift end)
writes its *pending* hour entry through the ledger in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from auditlog.models import LogEntry
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hub.access import changeable, may_change
from hub.accounts.models import User
from hub.errors import DomainError
from hub.jobs.actions import Progress, job_handler
from hub.jobs.models import Job
from hub.people.models import Person
from hub.volunteering.models import CheckIn, Shift, SignUp

# A forgotten check-out is closed this long after the shift end, so people who stay a few
# minutes late can still check out themselves.
AUTO_CLOSE_GRACE = dt.timedelta(minutes=30)
# Offline devices' clocks drift; times this far in the future are still taken as "now".
CLOCK_SKEW = dt.timedelta(minutes=5)
KEY_MAX_LENGTH = 80
BATCH_MAX_ITEMS = 1000
JOB_CLOSE_CHECKOUTS = "volunteering.close_checkouts"


class Outcome:
    """What a check-in or check-out request did (stable strings for API clients)."""

    CHECKED_IN = "checked_in"
    ALREADY_CHECKED_IN = "already_checked_in"
    CHECKED_OUT = "checked_out"
    ALREADY_CHECKED_OUT = "already_checked_out"


@dataclass(frozen=True)
class CheckInResult:
    """The row a request ended on, and how.

    ``outcome`` and ``message`` depend only on the row and the key, so a replay of the same
    key gets the same reply as the first request; ``replayed`` tells the two apart (the API
    sends it as a header, never in the body).
    """

    checkin: CheckIn
    outcome: str
    message: str
    created: bool = False
    replayed: bool = False


@dataclass(frozen=True)
class OfflineCheckIn:
    """One row of a coordinator device's offline queue."""

    idempotency_key: str
    shift_id: int
    person_id: int
    checked_in_at: dt.datetime
    checked_out_at: dt.datetime | None = None
    checkout_key: str = ""


@dataclass(frozen=True)
class OfflineOutcome:
    """The result of one offline row: a check-in result, or a refusal with its code."""

    idempotency_key: str
    result: CheckInResult | None = None
    code: str = ""
    message: str = ""


def _hhmm(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%H:%M")


def _checked_in_message(checkin: CheckIn) -> str:
    return _("Checked in at %(time)s.") % {"time": _hhmm(checkin.checked_in_at)}


def _already_in_message(checkin: CheckIn) -> str:
    return _("Already checked in at %(time)s.") % {"time": _hhmm(checkin.checked_in_at)}


def _checked_out_message(checkin: CheckIn) -> str:
    assert checkin.checked_out_at is not None
    if checkin.auto_closed:
        return _("Checked out at %(time)s (closed at the shift end, to be reviewed).") % {
            "time": _hhmm(checkin.checked_out_at)
        }
    return _("Checked out at %(time)s.") % {"time": _hhmm(checkin.checked_out_at)}


def _already_out_message(checkin: CheckIn) -> str:
    assert checkin.checked_out_at is not None
    return _("Already checked out at %(time)s.") % {"time": _hhmm(checkin.checked_out_at)}


def _clean_key(key: str, field: str = "idempotency_key") -> str:
    key = (key or "").strip()
    if not key:
        raise DomainError(
            _("Every check-in needs an idempotency key; reload the page and try again."),
            code="idempotency_key_required",
            field=field,
        )
    if len(key) > KEY_MAX_LENGTH:
        raise DomainError(
            _("The idempotency key is longer than %(n)d characters.") % {"n": KEY_MAX_LENGTH},
            code="idempotency_key_too_long",
            field=field,
        )
    return key


def _audit(checkin: CheckIn, *, by: User | None, action: int, changes: dict[str, Any]) -> None:
    # auditlog follows save() signals; check-ins are written by insert and conditional UPDATE,
    # so the trail is written here, without the person's name.
    LogEntry.objects.log_create(
        checkin,
        action=action,
        changes={k: [None, "" if v is None else str(v)] for k, v in changes.items()},
        actor=by,
        object_repr=f"check-in {checkin.pk}",
        force_log=True,
    )


def _has_approved_signup(shift: Shift, person_id: int) -> bool:
    return SignUp.objects.filter(
        shift=shift, person_id=person_id, status=SignUp.Status.APPROVED
    ).exists()


def _check_window(shift: Shift, moment: dt.datetime) -> None:
    if shift.is_cancelled:
        raise DomainError(_("This shift was cancelled."), code="shift_cancelled")
    if moment < shift.starts_at - Shift.CHECK_IN_OPENS_BEFORE:
        raise DomainError(
            _("This shift starts at %(time)s; check-in opens %(minutes)d minutes before.")
            % {
                "time": _hhmm(shift.starts_at),
                "minutes": Shift.CHECK_IN_OPENS_BEFORE.seconds // 60,
            },
            code="too_early",
        )
    if moment >= shift.ends_at:
        raise DomainError(
            _("This shift ended at %(time)s.") % {"time": _hhmm(shift.ends_at)}, code="shift_over"
        )


def _reply_for(found: CheckIn, key: str) -> CheckInResult:
    """The reply for an existing row: a replay for its own key, else "already checked in"."""
    if found.idempotency_key == key:
        return CheckInResult(
            checkin=found,
            outcome=Outcome.CHECKED_IN,
            message=_checked_in_message(found),
            replayed=True,
        )
    return CheckInResult(
        checkin=found, outcome=Outcome.ALREADY_CHECKED_IN, message=_already_in_message(found)
    )


def _existing(key: str, *, shift_id: int, person_id: int) -> CheckInResult | None:
    """The reply for a row already written for this key or this person and shift, or None.

    One query for both: a replay of ``key`` answers as the first time, another key for the
    same person and shift answers "already checked in"; a key used for another person or
    shift is refused.
    """
    mine = Q(idempotency_key=key) | Q(shift_id=shift_id, person_id=person_id)
    # Unordered: at most one row per key and one per person and shift, and both are checked
    # alike; ORDER BY pk with LIMIT can lead PostgreSQL to scan the primary key index.
    found = list(CheckIn.objects.filter(mine).order_by()[:2])
    for row in found:
        if row.idempotency_key == key and (row.shift_id, row.person_id) != (shift_id, person_id):
            raise DomainError(
                _("This idempotency key was already used for another check-in."),
                code="idempotency_key_reused",
                field="idempotency_key",
            )
    return _reply_for(found[0], key) if found else None


def _insert(
    *,
    by: User | None,
    shift: Shift,
    person_id: int,
    key: str,
    method: str,
    checked_in_at: dt.datetime,
    person: Person | None = None,
) -> CheckInResult:
    """Insert the row, or answer with the row that won a race: both end with the same reply.

    The caller has looked for an existing row first (:func:`_existing`).
    """
    try:
        # A savepoint: losing the race must not poison the caller's transaction.
        with transaction.atomic():
            checkin = CheckIn.objects.create(
                shift=shift,
                person_id=person_id,
                checked_in_at=checked_in_at,
                method=method,
                idempotency_key=key,
                recorded_by=by,
            )
    except IntegrityError:
        # The unique index made us wait for the winner's commit, so its row is visible now.
        earlier = _existing(key, shift_id=shift.pk, person_id=person_id)
        if earlier is None:
            raise
        return earlier
    if person is not None:
        checkin.person = person
    _audit(
        checkin,
        by=by,
        action=LogEntry.Action.CREATE,
        changes={
            "shift": shift.pk,
            "person": person_id,
            "checked_in_at": checked_in_at.isoformat(),
            "method": method,
        },
    )
    return CheckInResult(
        checkin=checkin,
        outcome=Outcome.CHECKED_IN,
        message=_checked_in_message(checkin),
        created=True,
    )


@transaction.atomic
def check_in(
    *,
    by: User,
    shift: Shift,
    idempotency_key: str,
    person: Person | None = None,
    method: str = CheckIn.Method.QR,
    now: dt.datetime | None = None,
    signup: SignUp | None = None,
) -> CheckInResult:
    """Check a person in to a shift, at most once whatever the retries.

    ``method`` QR (the default) checks in ``by``'s own person (``person`` may be omitted);
    COORDINATOR checks in ``person`` on behalf of someone without a phone and needs the right
    to change the shift. The person must hold an approved sign-up, and the shift must be in
    progress or start within 60 minutes. The same key returns the same row and reply; another
    key for a person already checked in returns that check-in ("already checked in at 08:03").
    ``signup``: the approved sign-up of this person on this shift, just read by the caller;
    it saves the query that checks there is one (anything else is checked as usual).

    Raises DomainError: ``idempotency_key_required``, ``idempotency_key_too_long``,
    ``idempotency_key_reused``, ``no_person``, ``forbidden``, ``invalid_method``,
    ``not_signed_up``, ``shift_cancelled``, ``too_early``, ``shift_over``.
    """
    key = _clean_key(idempotency_key)
    now = now or timezone.now()
    if method == CheckIn.Method.QR:
        if by.person_id is None:
            raise DomainError(
                _("Your account is not linked to a person; ask your coordinator."),
                code="no_person",
            )
        if person is not None and person.pk != by.person_id:
            raise DomainError(_("You can only check yourself in."), code="forbidden")
        person_id = by.person_id
    elif method == CheckIn.Method.COORDINATOR:
        if person is None:
            raise DomainError(_("Choose who to check in."), code="no_person", field="person")
        if not may_change(by, shift):
            raise DomainError(
                _("Only the shift's coordinators may check other people in."), code="forbidden"
            )
        person_id = person.pk
    else:
        raise DomainError(_("Unknown check-in method."), code="invalid_method", field="method")
    # A retry after the shift ended, or after the sign-up changed, still gets its reply.
    earlier = _existing(key, shift_id=shift.pk, person_id=person_id)
    if earlier is not None:
        return earlier
    read = signup is not None and (signup.shift_id, signup.person_id, signup.status) == (
        shift.pk,
        person_id,
        SignUp.Status.APPROVED,
    )
    if not read and not _has_approved_signup(shift, person_id):
        raise DomainError(_("There is no approved sign-up for this shift."), code="not_signed_up")
    _check_window(shift, now)
    return _insert(
        by=by,
        shift=shift,
        person_id=person_id,
        key=key,
        method=method,
        checked_in_at=now,
        person=person,
    )


def _close(
    checkin: CheckIn,
    *,
    by: User | None,
    key: str | None,
    checked_out_at: dt.datetime,
    auto_closed: bool = False,
) -> CheckInResult | None:
    """Close an open check-in by conditional UPDATE; None when it was closed meanwhile."""
    try:
        with transaction.atomic():
            closed = CheckIn.objects.filter(pk=checkin.pk, checked_out_at__isnull=True).update(
                checked_out_at=checked_out_at, checkout_key=key, auto_closed=auto_closed
            )
    except IntegrityError:
        # Only the check-out key is unique here: a concurrent check-out of another row took it.
        raise DomainError(
            _("This idempotency key was already used for another check-out."),
            code="idempotency_key_reused",
            field="checkout_key",
        ) from None
    if not closed:
        return None
    checkin.checked_out_at = checked_out_at
    checkin.checkout_key = key
    checkin.auto_closed = auto_closed
    _audit(
        checkin,
        by=by,
        action=LogEntry.Action.UPDATE,
        changes={"checked_out_at": checked_out_at.isoformat(), "auto_closed": auto_closed},
    )
    from hub.hours.actions.ledger import record_from_checkin

    record_from_checkin(checkin=checkin, by=by)
    return CheckInResult(
        checkin=checkin, outcome=Outcome.CHECKED_OUT, message=_checked_out_message(checkin)
    )


def _checkout_reply(checkin: CheckIn, key: str) -> CheckInResult:
    """The reply for a check-in found already closed: a replay of ``key`` or a notice."""
    if checkin.checkout_key == key:
        return CheckInResult(
            checkin=checkin,
            outcome=Outcome.CHECKED_OUT,
            message=_checked_out_message(checkin),
            replayed=True,
        )
    return CheckInResult(
        checkin=checkin, outcome=Outcome.ALREADY_CHECKED_OUT, message=_already_out_message(checkin)
    )


def _checkout(
    checkin: CheckIn, *, by: User | None, key: str, checked_out_at: dt.datetime
) -> CheckInResult:
    by_key = CheckIn.objects.filter(checkout_key=key).first()
    if by_key is not None:
        if by_key.pk != checkin.pk:
            raise DomainError(
                _("This idempotency key was already used for another check-out."),
                code="idempotency_key_reused",
                field="checkout_key",
            )
        return _checkout_reply(by_key, key)
    if checkin.checked_out_at is None:
        moment = max(checked_out_at, checkin.checked_in_at)
        result = _close(checkin, by=by, key=key, checked_out_at=moment)
        if result is not None:
            return result
    checkin.refresh_from_db()
    return _checkout_reply(checkin, key)


@transaction.atomic
def check_out(
    *,
    by: User,
    checkin: CheckIn,
    checkout_key: str,
    now: dt.datetime | None = None,
) -> CheckInResult:
    """Check out of a shift once, and write the pending hour entry through the ledger.

    The person may check themselves out; the shift's coordinators may check anyone out. The
    same ``checkout_key`` replays the same reply; a check-in closed earlier (by another key or
    automatically at the shift end) answers "already checked out at 12:00".

    Raises DomainError: ``idempotency_key_required``, ``idempotency_key_too_long``,
    ``idempotency_key_reused``, ``forbidden``.
    """
    key = _clean_key(checkout_key, "checkout_key")
    is_own = by.person_id is not None and checkin.person_id == by.person_id
    if not is_own and not may_change(by, checkin.shift):
        raise DomainError(
            _("Only the volunteer or the shift's coordinators may check out."), code="forbidden"
        )
    return _checkout(checkin, by=by, key=key, checked_out_at=now or timezone.now())


def _offline_row(
    item: OfflineCheckIn,
    *,
    by: User,
    shift: Shift | None,
    approved: set[tuple[int, int]],
    now: dt.datetime,
) -> OfflineOutcome:
    try:
        key = _clean_key(item.idempotency_key)
        if shift is None:
            raise DomainError(
                _("The shift does not exist or you may not record check-ins on it."),
                code="forbidden",
                field="shift",
            )
        earlier = _existing(key, shift_id=shift.pk, person_id=item.person_id)
        if earlier is not None and item.checked_out_at is None:
            return OfflineOutcome(idempotency_key=key, result=earlier)
        if earlier is None:
            if (shift.pk, item.person_id) not in approved:
                raise DomainError(
                    _("There is no approved sign-up for this shift."),
                    code="not_signed_up",
                    field="person",
                )
            if item.checked_in_at > now + CLOCK_SKEW:
                raise DomainError(
                    _("The check-in time is in the future."),
                    code="in_future",
                    field="checked_in_at",
                )
            if not (
                shift.starts_at - Shift.CHECK_IN_OPENS_BEFORE <= item.checked_in_at < shift.ends_at
            ):
                raise DomainError(
                    _("The check-in time is outside the shift."),
                    code="outside_shift",
                    field="checked_in_at",
                )
        if item.checked_out_at is not None and item.checked_out_at < item.checked_in_at:
            raise DomainError(
                _("The check-out time is before the check-in time."),
                code="out_before_in",
                field="checked_out_at",
            )
        result = earlier or _insert(
            by=by,
            shift=shift,
            person_id=item.person_id,
            key=key,
            method=CheckIn.Method.OFFLINE,
            checked_in_at=item.checked_in_at,
        )
        if item.checked_out_at is None:
            return OfflineOutcome(idempotency_key=key, result=result)
        checkout_key = _clean_key(item.checkout_key or f"{key}:out", "checkout_key")
        closed = _checkout(
            result.checkin,
            by=by,
            key=checkout_key,
            checked_out_at=min(item.checked_out_at, now + CLOCK_SKEW),
        )
        # One reply for the row whether first seen or replayed: where the check-in ended up.
        return OfflineOutcome(
            idempotency_key=key,
            result=CheckInResult(
                checkin=closed.checkin,
                outcome=closed.outcome,
                message=closed.message,
                created=result.created,
                replayed=earlier is not None and earlier.replayed,
            ),
        )
    except DomainError as refused:
        return OfflineOutcome(
            idempotency_key=item.idempotency_key, code=refused.code, message=refused.message
        )


@transaction.atomic
def record_offline_batch(
    *, by: User, items: Sequence[OfflineCheckIn], now: dt.datetime | None = None
) -> list[OfflineOutcome]:
    """Replay a coordinator device's offline queue: each row once, whatever the retries.

    Rows are taken one by one in the order sent: a row whose key was seen before replays its
    reply and writes nothing; a refused row (no approved sign-up, a shift the user may not
    change, a time outside the shift) is reported with its code and does not stop the others.
    A row with ``checked_out_at`` also closes the check-in and writes its pending hour entry.

    Raises DomainError ``too_many`` (over ``BATCH_MAX_ITEMS`` rows; nothing written).
    """
    if len(items) > BATCH_MAX_ITEMS:
        raise DomainError(
            _("Send at most %(n)d check-ins at once.") % {"n": BATCH_MAX_ITEMS}, code="too_many"
        )
    now = now or timezone.now()
    shift_ids = {item.shift_id for item in items}
    shifts = {s.pk: s for s in changeable(by, Shift.objects.filter(pk__in=shift_ids))}
    approved = set(
        SignUp.objects.filter(shift_id__in=shifts, status=SignUp.Status.APPROVED).values_list(
            "shift_id", "person_id"
        )
    )
    return [
        _offline_row(item, by=by, shift=shifts.get(item.shift_id), approved=approved, now=now)
        for item in items
    ]


@transaction.atomic
def close_forgotten_checkouts(*, now: dt.datetime, grace: dt.timedelta = AUTO_CLOSE_GRACE) -> int:
    """Close check-ins still open ``grace`` after their shift ended, at the shift end.

    Each is flagged ``auto_closed`` for the coordinator's review and gets its pending hour
    entry. A system action (no acting user); running it again closes nothing twice. Returns
    how many check-ins it closed.
    """
    open_ones = (
        CheckIn.objects.filter(checked_out_at__isnull=True, shift__ends_at__lte=now - grace)
        .select_related("shift")
        .order_by("pk")
    )
    closed = 0
    for checkin in open_ones:
        ended = max(checkin.shift.ends_at, checkin.checked_in_at)
        if _close(checkin, by=None, key=None, checked_out_at=ended, auto_closed=True) is not None:
            closed += 1
    return closed


@job_handler(JOB_CLOSE_CHECKOUTS)
def close_checkouts_job(job: Job, progress: Progress) -> dict[str, Any]:
    """Background job: close the forgotten check-outs as of now (idempotent)."""
    return {"closed": close_forgotten_checkouts(now=timezone.now())}
