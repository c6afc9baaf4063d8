"""The service-hour ledger: recording, confirming and correcting entries (docs/domain.md §3).

The one write path for :class:`~hub.hours.models.HourEntry`. The ledger is append-only:

* An original entry is written *pending* — from a closed check-in (:func:`record_from_checkin`)
  or by hand by the organizer (:func:`record_entry`). Check-in data alone is not a record.
* Confirming (pending → confirmed, once, by a conditional UPDATE) is the only change an entry
  ever undergoes.
* A correction never edits: it writes a reversal (negative, confirmed, ``reverses`` = the entry)
  and a correction entry (confirmed, ``reverses`` = the entry it replaces) in one transaction.
  The database allows one reversal per entry.
* Whoever organizes records; whoever records certifies: the recording organization is always the
  post's organizing organization.
* Duty posts (值班) produce ``kind=duty`` entries, never volunteer hours.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hub.access import changeable, scope_for, visible
from hub.errors import DomainError
from hub.hours.models import CorrectionRequest, HourEntry, HourPolicy
from hub.hours.queries import hour_policy_for
from hub.hours.rounding import round_hours, round_span
from hub.notify.models import Topic
from hub.notify.routing import enabled_routes, notify_person
from hub.notify.templates import register_template
from hub.people.models import Organization, Person
from hub.volunteering.models import CheckIn, Post, Shift, SignUp

MAX_HOURS_PER_ENTRY = Decimal(24)

TEMPLATE_CORRECTION_ACCEPTED = "hours.correction_accepted"
TEMPLATE_CORRECTION_REJECTED = "hours.correction_rejected"
register_template(
    TEMPLATE_CORRECTION_ACCEPTED,
    gettext_lazy("Your correction request was accepted"),
    gettext_lazy(
        "{organization} corrected your service record of {served_on} ({activity}) "
        "from {old_hours} h to {new_hours} h. Note: {note}"
    ),
)
TEMPLATE_CONFIRMED = "hours.confirmed"
register_template(
    TEMPLATE_CONFIRMED,
    gettext_lazy("Service hours confirmed"),
    gettext_lazy(
        "{organization} confirmed your service of {served_on} ({activity}): {hours} hours."
    ),
)
register_template(
    TEMPLATE_CORRECTION_REJECTED,
    gettext_lazy("Your correction request was not accepted"),
    gettext_lazy(
        "{organization} kept your service record of {served_on} ({activity}) at {old_hours} h. "
        "Note: {note}"
    ),
)


# Helpers -------------------------------------------------------------------------------------
def _kind_for(post: Post) -> str:
    return HourEntry.Kind.VOLUNTEER if post.counts_as_volunteer_hours else HourEntry.Kind.DUTY


def _lead_name(post: Post) -> str:
    lead = post.lead
    return lead.name[:60] if lead is not None else ""


def _check_hours(value: Any, *, allow_zero: bool, field: str = "hours") -> Decimal:
    try:
        hours = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError, TypeError):
        raise DomainError(
            _("Enter the hours as a number."), code="invalid_hours", field=field
        ) from None
    if hours < 0 or (hours == 0 and not allow_zero):
        raise DomainError(
            _("Hours must be more than zero.")
            if not allow_zero
            else _("Hours cannot be negative."),
            code="invalid_hours",
            field=field,
        )
    if hours > MAX_HOURS_PER_ENTRY:
        raise DomainError(
            _("One entry cannot hold more than %(max)s hours.") % {"max": MAX_HOURS_PER_ENTRY},
            code="invalid_hours",
            field=field,
        )
    return hours


def _authorize_entry(by: Any, entry: HourEntry) -> None:
    if not changeable(by, HourEntry.objects.filter(pk=entry.pk)).exists():
        raise DomainError(
            _("Only the recording organization's admins or the post's coordinators may do this."),
            code="forbidden",
        )


def _locked(entry: HourEntry) -> HourEntry:
    # Lock by primary key with no joins (PostgreSQL refuses FOR UPDATE on outer joins).
    return HourEntry.objects.select_for_update().get(pk=entry.pk)


# Recording -----------------------------------------------------------------------------------
@transaction.atomic
def record_from_checkin(*, checkin: CheckIn, by: Any) -> HourEntry | None:
    """Write the pending original entry for a closed check-in; idempotent.

    Returns ``None`` while the check-in is open (no ``checked_out_at``). A second call for the
    same check-in returns the entry already written (the partial unique constraint
    ``hour_entry_one_original_per_checkin`` guards concurrent calls). Hours are the time on site
    from check-in to check-out — travel never counts — rounded by the post organizer's
    :class:`HourPolicy`. Duty posts give duty entries. The caller (check-out, auto-close job)
    has authorized the check-out; ``by`` (may be ``None`` for a job) is stored as the recorder.
    Raises nothing of its own.
    """
    if checkin.checked_out_at is None:
        return None
    existing = HourEntry.objects.filter(
        checkin=checkin, entry_type=HourEntry.EntryType.ORIGINAL
    ).first()
    if existing is not None:
        return existing
    shift = Shift.objects.select_related("post", "post__organization", "post__lead").get(
        pk=checkin.shift_id
    )
    post = shift.post
    policy = hour_policy_for(post.organization)
    values = {
        "person_id": checkin.person_id,
        "organization_id": post.organization_id,
        "post": post,
        "shift": shift,
        "checkin": checkin,
        "kind": _kind_for(post),
        "entry_type": HourEntry.EntryType.ORIGINAL,
        "status": HourEntry.Status.PENDING,
        "served_on": timezone.localdate(checkin.checked_in_at),
        "activity": post.name[:160],
        "place": post.site[:200],
        "content": (post.content or "")[:300],
        "hours": round_span(checkin.checked_in_at, checkin.checked_out_at, policy.rounding),
        "activity_lead": _lead_name(post),
        "recorded_by": by if getattr(by, "pk", None) else None,
    }
    try:
        with transaction.atomic():
            return HourEntry.objects.create(**values)
    except IntegrityError:
        # A concurrent call recorded it between our check and our insert.
        existing = HourEntry.objects.filter(
            checkin=checkin, entry_type=HourEntry.EntryType.ORIGINAL
        ).first()
        if existing is None:
            raise
        return existing


def _may_record_for(by: Any, person: Person, post: Post) -> bool:
    if visible(by, Person.objects.filter(pk=person.pk)).exists():
        return True
    # People from outside the organizer's lists (a public drive) who signed up for this post.
    return SignUp.objects.filter(person=person, shift__post=post).exists()


@transaction.atomic
def record_entry(
    *,
    by: Any,
    person: Person,
    post: Post,
    served_on: datetime.date,
    hours: Decimal | str | float,
    content: str = "",
    evaluation: str = "",
    now: datetime.datetime | None = None,
) -> HourEntry:
    """Record work done without check-ins (e.g. weekend deliveries) as a pending entry.

    ``served_on`` may not be after the day of ``now`` (default: the clock at the call).

    Only someone who may change the post (its organization's admins, the organizing branch's
    secretary, the coordinator of its compound) records, for the post's organization. Hours are
    rounded by the organization's policy.
    Raises DomainError: ``forbidden``, ``person_not_visible``, ``invalid_hours`` (≤ 0 or > 24),
    ``future_date``.
    """
    if not changeable(by, Post.objects.filter(pk=post.pk)).exists():
        raise DomainError(_("Only the post's organizer may record hours for it."), code="forbidden")
    if not _may_record_for(by, person, post):
        raise DomainError(
            _("You cannot record hours for this person."), code="person_not_visible", field="person"
        )
    value = _check_hours(hours, allow_zero=False)
    if served_on > timezone.localdate(now):
        raise DomainError(
            _("The service date cannot be in the future."), code="future_date", field="served_on"
        )
    post = Post.objects.select_related("organization", "lead").get(pk=post.pk)
    policy = hour_policy_for(post.organization)
    rounded = round_hours(value, policy.rounding)
    if rounded <= 0:
        raise DomainError(
            _("After rounding (%(policy)s) these hours come to zero.")
            % {"policy": policy.get_rounding_display()},
            code="invalid_hours",
            field="hours",
        )
    return HourEntry.objects.create(
        person=person,
        organization=post.organization,
        post=post,
        kind=_kind_for(post),
        entry_type=HourEntry.EntryType.ORIGINAL,
        status=HourEntry.Status.PENDING,
        served_on=served_on,
        activity=post.name[:160],
        place=post.site[:200],
        content=(content.strip() or post.content or "")[:300],
        hours=rounded,
        evaluation=evaluation.strip()[:200],
        activity_lead=_lead_name(post),
        recorded_by=by,
    )


# Confirming ----------------------------------------------------------------------------------
@transaction.atomic
def confirm_entry(*, by: Any, entry: HourEntry, now: datetime.datetime | None = None) -> HourEntry:
    """Confirm one pending entry (pending → confirmed, once).

    Confirmed by a conditional ``UPDATE … WHERE status='pending'``, so two confirmations of the
    same entry (a double tap, two coordinators) confirm it once: the second raises
    ``already_confirmed`` and changes nothing.
    Raises DomainError: ``forbidden`` (not the recording organization's admin or a coordinator
    of the post), ``already_confirmed``.
    """
    _authorize_entry(by, entry)
    when = now or timezone.now()
    updated = HourEntry.objects.filter(pk=entry.pk, status=HourEntry.Status.PENDING).update(
        status=HourEntry.Status.CONFIRMED, confirmed_by=by, confirmed_at=when
    )
    if not updated:
        raise DomainError(_("This entry is already confirmed."), code="already_confirmed")
    entry.refresh_from_db()
    _tell_confirmed([entry])
    return entry


@transaction.atomic
def confirm_shift(*, by: Any, shift: Shift, now: datetime.datetime | None = None) -> int:
    """Confirm every pending entry of ``shift``; returns how many were confirmed.

    One UPDATE whatever the number of entries. Confirming a shift again confirms 0 (no-op).
    Raises DomainError ``forbidden`` when ``by`` may not change the shift's post.
    """
    if not changeable(by, Shift.objects.filter(pk=shift.pk)).exists():
        raise DomainError(
            _("Only the recording organization's admins or the post's coordinators may do this."),
            code="forbidden",
        )
    when = now or timezone.now()
    # Entries the user may change: the same rule as single entries, applied in the UPDATE.
    ids = list(
        changeable(
            by, HourEntry.objects.filter(shift=shift, status=HourEntry.Status.PENDING)
        ).values_list("pk", flat=True)
    )
    count = HourEntry.objects.filter(pk__in=ids, status=HourEntry.Status.PENDING).update(
        status=HourEntry.Status.CONFIRMED, confirmed_by=by, confirmed_at=when
    )
    _tell_confirmed(
        HourEntry.objects.filter(pk__in=ids, confirmed_at=when, status=HourEntry.Status.CONFIRMED)
        .select_related("organization", "person__household__building", "person__user")
        .prefetch_related("person__memberships__branch__parent__parent__parent")
        .order_by("pk")
    )
    return count


def _tell_confirmed(entries: Any) -> None:
    """One "hours confirmed" message per entry (deduplicated per entry), in this transaction."""
    routes: dict[int, Any] = {}
    for entry in entries:
        if entry.organization_id not in routes:
            routes[entry.organization_id] = enabled_routes(entry.organization, "person")
        notify_person(
            routes=routes[entry.organization_id],
            person=entry.person,
            template=TEMPLATE_CONFIRMED,
            params={
                "organization": str(entry.organization),
                "served_on": entry.served_on.isoformat(),
                "activity": entry.activity,
                "hours": str(entry.hours),
            },
            organization=entry.organization,
            topic=Topic.HOURS,
            dedupe_key=f"hours.confirmed.{entry.pk}",
        )


# Correcting ----------------------------------------------------------------------------------
def _copy(entry: HourEntry, **changes: Any) -> HourEntry:
    fields = {
        "person_id": entry.person_id,
        "organization_id": entry.organization_id,
        "post_id": entry.post_id,
        "shift_id": entry.shift_id,
        "checkin_id": entry.checkin_id,
        "kind": entry.kind,
        "served_on": entry.served_on,
        "activity": entry.activity,
        "place": entry.place,
        "content": entry.content,
        "evaluation": entry.evaluation,
        "activity_lead": entry.activity_lead,
    }
    fields.update(changes)
    return HourEntry.objects.create(**fields)


@transaction.atomic
def correct_entry(
    *,
    by: Any,
    entry: HourEntry,
    hours: Decimal | str | float,
    reason: str,
    now: datetime.datetime | None = None,
) -> HourEntry:
    """Correct an entry: write its reversal and a correction entry; returns the correction.

    Both new entries are confirmed; the original stays as it was, with its value and the reason
    visible in its history. A pending entry is confirmed in the same transaction (the organizer
    has verified it), so the confirmed total moves from nothing to the corrected value and never
    goes negative. A corrected entry can be corrected again through its correction entry.
    ``hours`` are rounded by the organization's policy; zero is allowed (did not serve).
    Raises DomainError: ``forbidden``, ``reason_required``, ``invalid_hours``,
    ``cannot_correct_reversal``, ``already_corrected`` (this entry already has a reversal —
    correct its correction instead), ``unchanged`` (same hours as now).
    """
    _authorize_entry(by, entry)
    entry = _locked(entry)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(
            _("Give the reason for the correction."), code="reason_required", field="reason"
        )
    value = _check_hours(hours, allow_zero=True)
    if entry.entry_type == HourEntry.EntryType.REVERSAL:
        raise DomainError(_("A reversal cannot be corrected."), code="cannot_correct_reversal")
    already = HourEntry.objects.filter(
        reverses_id=entry.pk, entry_type=HourEntry.EntryType.REVERSAL
    ).exists()
    if already:
        raise DomainError(
            _("This entry has already been corrected; correct the newest entry instead."),
            code="already_corrected",
        )
    policy = hour_policy_for(Organization.objects.get(pk=entry.organization_id))
    value = round_hours(value, policy.rounding)
    if value == entry.hours:
        raise DomainError(
            _("The entry already has %(hours)s hours.") % {"hours": entry.hours},
            code="unchanged",
            field="hours",
        )
    when = now or timezone.now()
    if entry.status == HourEntry.Status.PENDING:
        HourEntry.objects.filter(pk=entry.pk, status=HourEntry.Status.PENDING).update(
            status=HourEntry.Status.CONFIRMED, confirmed_by=by, confirmed_at=when
        )
    confirmed = {
        "status": HourEntry.Status.CONFIRMED,
        "confirmed_by": by,
        "confirmed_at": when,
        "recorded_by": by,
        "reason": reason[:300],
        "reverses": entry,
    }
    try:
        with transaction.atomic():
            _copy(entry, entry_type=HourEntry.EntryType.REVERSAL, hours=-entry.hours, **confirmed)
    except IntegrityError:
        raise DomainError(
            _("This entry has already been corrected; correct the newest entry instead."),
            code="already_corrected",
        ) from None
    return _copy(entry, entry_type=HourEntry.EntryType.CORRECTION, hours=value, **confirmed)


@transaction.atomic
def request_correction(
    *, by: Any, entry: HourEntry, proposed_hours: Decimal | str | float, reason: str
) -> CorrectionRequest:
    """The volunteer asks the organizer to correct one of their own entries.

    One open request per entry (database constraint). Raises DomainError: ``forbidden`` (not
    the volunteer's own entry), ``reason_required``, ``invalid_hours``, ``cannot_correct_reversal``,
    ``already_corrected``, ``unchanged``, ``already_requested``.
    """
    person_id = scope_for(by).person_id
    if person_id is None or person_id != entry.person_id:
        raise DomainError(
            _("You can ask for corrections of your own records only."), code="forbidden"
        )
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(
            _("Tell the organizer why the record is wrong."), code="reason_required", field="reason"
        )
    value = _check_hours(proposed_hours, allow_zero=True, field="proposed_hours")
    if entry.entry_type == HourEntry.EntryType.REVERSAL:
        raise DomainError(_("A reversal cannot be corrected."), code="cannot_correct_reversal")
    if HourEntry.objects.filter(
        reverses_id=entry.pk, entry_type=HourEntry.EntryType.REVERSAL
    ).exists():
        raise DomainError(
            _("This entry has already been corrected; ask about the newest entry instead."),
            code="already_corrected",
        )
    if value == entry.hours:
        raise DomainError(
            _("The entry already has %(hours)s hours.") % {"hours": entry.hours},
            code="unchanged",
            field="proposed_hours",
        )
    try:
        with transaction.atomic():
            return CorrectionRequest.objects.create(
                entry=entry, requested_by=by, proposed_hours=value, reason=reason[:300]
            )
    except IntegrityError:
        raise DomainError(
            _("You already asked for a correction of this entry; wait for the organizer."),
            code="already_requested",
        ) from None


@transaction.atomic
def decide_correction(
    *,
    by: Any,
    request: CorrectionRequest,
    accept: bool,
    note: str = "",
    now: datetime.datetime | None = None,
) -> CorrectionRequest:
    """Accept (→ :func:`correct_entry` with the proposed hours) or reject a correction request.

    Decided once (conditional UPDATE on ``status='open'``). The volunteer is notified through the
    outbox in the same transaction and sees the outcome on their page. A rejection needs a note.
    Raises DomainError: ``forbidden``, ``already_decided``, ``note_required``, and on accept
    anything :func:`correct_entry` raises (then nothing is decided).
    """
    if not changeable(by, CorrectionRequest.objects.filter(pk=request.pk)).exists():
        raise DomainError(
            _("Only the recording organization's admins or the post's coordinators may do this."),
            code="forbidden",
        )
    note = (note or "").strip()
    locked = CorrectionRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status != CorrectionRequest.Status.OPEN:
        raise DomainError(_("This request has already been decided."), code="already_decided")
    if not accept and not note:
        raise DomainError(
            _("Tell the volunteer why the request is rejected."), code="note_required", field="note"
        )
    entry = HourEntry.objects.select_related("organization", "person").get(pk=locked.entry_id)
    when = now or timezone.now()
    new_hours = entry.hours
    if accept:
        correction = correct_entry(
            by=by,
            entry=entry,
            hours=locked.proposed_hours,
            reason=(locked.reason if not note else f"{locked.reason} — {note}"),
            now=when,
        )
        new_hours = correction.hours
    status = CorrectionRequest.Status.ACCEPTED if accept else CorrectionRequest.Status.REJECTED
    CorrectionRequest.objects.filter(pk=locked.pk, status=CorrectionRequest.Status.OPEN).update(
        status=status, decided_by=by, decision_note=note[:300], decided_at=when
    )
    notify_person(
        template=TEMPLATE_CORRECTION_ACCEPTED if accept else TEMPLATE_CORRECTION_REJECTED,
        params={
            "organization": str(entry.organization),
            "served_on": entry.served_on.isoformat(),
            "activity": entry.activity,
            "old_hours": str(entry.hours),
            "new_hours": str(new_hours),
            "note": note or "—",
        },
        person=entry.person,
        organization=entry.organization,
        topic=Topic.HOURS,
        dedupe_key=f"hours.correction.{locked.pk}",
    )
    locked.refresh_from_db()
    return locked


# Settings ------------------------------------------------------------------------------------
@transaction.atomic
def set_hour_policy(*, by: Any, organization: Organization, rounding: str) -> HourPolicy:
    """Change how ``organization`` rounds service time (entries already written keep theirs).

    Raises DomainError: ``forbidden`` (not an admin of the organization), ``invalid_rounding``.
    """
    scope = scope_for(by)
    if not (scope.is_superuser or organization.pk in scope.admin_org_ids):
        raise DomainError(_("Only the organization's admins may change this."), code="forbidden")
    if rounding not in HourPolicy.Rounding.values:
        raise DomainError(_("Unknown rounding rule."), code="invalid_rounding", field="rounding")
    policy, _created = HourPolicy.objects.update_or_create(
        organization=organization, defaults={"rounding": rounding}
    )
    return policy
