"""State changes of posts (岗位) and shifts (班次): the one write path.

Every action is keyword-only and atomic. ``by`` is the acting user; ``by=None`` is the system
(the demo seed, management commands) and skips authorization. Refusals raise
:class:`hub.errors.DomainError` with a translated message and a stable code.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hub.access import visible
from hub.accounts.models import User
from hub.errors import DomainError
from hub.people.models import Branch, Organization, Person, Skill
from hub.places.models import Compound
from hub.volunteering.actions.signups import (
    lock_shift,
    promote_waitlist,
    require_changeable,
    tell,
)
from hub.volunteering.models import Post, Shift, SignUp
from hub.volunteering.queries import may_organize

MAX_SERIES_DAYS = 62

POST_FIELDS = {
    "name",
    "kind",
    "site",
    "content",
    "branch",
    "compound",
    "required_skills",
    "min_age",
    "max_age",
    "residents_only",
    "political_statuses",
    "requires_health_declaration",
    "risk",
    "requires_insurance",
    "insurance_policy",
    "insured_from",
    "insured_until",
    "training_topic",
    "lead",
}


# References ----------------------------------------------------------------------------------
def _require_visible(by: User | None, obj: Any, field: str, message: Any) -> None:
    if by is None or obj is None:
        return
    if not visible(by, type(obj)._default_manager.filter(pk=obj.pk)).exists():
        raise DomainError(message, code="not_found", field=field)


# Posts ---------------------------------------------------------------------------------------
def _clean_post_values(values: Mapping[str, Any], organization: Organization) -> dict[str, Any]:
    """Check one post's values together; raises DomainError naming the field."""
    unknown = set(values) - POST_FIELDS
    if unknown:
        raise DomainError(
            _("Unknown fields: %s") % ", ".join(sorted(unknown)), code="unknown_field"
        )
    cleaned = dict(values)
    for name in ("name", "site"):
        if name in cleaned:
            cleaned[name] = str(cleaned[name] or "").strip()
    if "name" in cleaned and not cleaned["name"]:
        raise DomainError(_("Give the post a name."), code="required", field="name")
    if "site" in cleaned and not cleaned["site"]:
        raise DomainError(
            _("Say where the post is (the site or address)."), code="required", field="site"
        )
    if "kind" in cleaned and cleaned["kind"] not in Post.Kind.values:
        raise DomainError(_("Unknown kind of post."), code="invalid", field="kind")
    if "risk" in cleaned and cleaned["risk"] not in Post.Risk.values:
        raise DomainError(_("Unknown risk level."), code="invalid", field="risk")
    statuses = list(cleaned.get("political_statuses") or [])
    if "political_statuses" in cleaned:
        bad = [s for s in statuses if s not in Person.PoliticalStatus.values]
        if bad:
            raise DomainError(
                _("Unknown political status: %s") % ", ".join(map(str, bad)),
                code="invalid",
                field="political_statuses",
            )
        cleaned["political_statuses"] = sorted(set(statuses))
    branch = cleaned.get("branch")
    if isinstance(branch, Branch) and branch.organization_id != organization.pk:
        raise DomainError(
            _("The organizing branch must belong to the organizing organization."),
            code="branch_elsewhere",
            field="branch",
        )
    for name in ("min_age", "max_age"):
        value = cleaned.get(name)
        if value is not None and not 0 <= int(value) <= 120:
            raise DomainError(_("Enter an age between 0 and 120."), code="invalid", field=name)
    return cleaned


def _check_post(post: Post) -> None:
    """Rules across fields, checked on the post as it will be saved."""
    if post.min_age is not None and post.max_age is not None and post.min_age > post.max_age:
        raise DomainError(
            _("The minimum age is above the maximum age."), code="age_range", field="min_age"
        )
    if post.residents_only and post.compound_id is None:
        raise DomainError(
            _("“Residents only” needs the compound the post is in."),
            code="residents_need_compound",
            field="compound",
        )
    if post.insured_from and post.insured_until and post.insured_from > post.insured_until:
        raise DomainError(
            _("The insurance period ends before it starts."),
            code="insurance_period",
            field="insured_until",
        )
    if post.risk == Post.Risk.HIGH and not post.requires_insurance:
        raise DomainError(
            _("A high-risk post must require insurance (buy it before the activity starts)."),
            code="risk_needs_insurance",
            field="requires_insurance",
        )


def _check_references(by: User | None, cleaned: Mapping[str, Any]) -> None:
    _require_visible(
        by, cleaned.get("compound"), "compound", _("That compound is not one you can see.")
    )
    _require_visible(
        by, cleaned.get("lead"), "lead", _("That activity lead is not one you can see.")
    )


@transaction.atomic
def create_post(
    *,
    by: User | None,
    organization: Organization,
    name: str,
    site: str,
    kind: str = Post.Kind.VOLUNTEER,
    branch: Branch | None = None,
    compound: Compound | None = None,
    content: str = "",
    required_skills: Iterable[Skill] = (),
    min_age: int | None = None,
    max_age: int | None = None,
    residents_only: bool = False,
    political_statuses: Iterable[str] = (),
    requires_health_declaration: bool = False,
    risk: str = Post.Risk.LOW,
    requires_insurance: bool = False,
    insurance_policy: str = "",
    insured_from: dt.date | None = None,
    insured_until: dt.date | None = None,
    training_topic: str = "",
    lead: Person | None = None,
) -> Post:
    """Create a post organized by ``organization`` (only it records and certifies the hours).

    The creator must hold a role in the organization and be allowed to change the new post
    (org admin, the organizing branch's secretary, or the coordinator of its compound).
    Raises DomainError: forbidden, required, invalid, branch_elsewhere, age_range,
    residents_need_compound, insurance_period, risk_needs_insurance, not_found.
    """
    if not may_organize(by, organization):
        raise DomainError(
            _("You may only create posts for an organization you work in."), code="forbidden"
        )
    values: dict[str, Any] = {
        "name": name,
        "site": site,
        "kind": kind,
        "branch": branch,
        "compound": compound,
        "content": content,
        "min_age": min_age,
        "max_age": max_age,
        "residents_only": residents_only,
        "political_statuses": list(political_statuses),
        "requires_health_declaration": requires_health_declaration,
        "risk": risk,
        "requires_insurance": requires_insurance,
        "insurance_policy": insurance_policy.strip(),
        "insured_from": insured_from,
        "insured_until": insured_until,
        "training_topic": training_topic.strip(),
        "lead": lead,
    }
    cleaned = _clean_post_values(values, organization)
    _check_references(by, cleaned)
    post = Post(organization=organization, created_by=by, **cleaned)
    _check_post(post)
    post.save()
    post.required_skills.set(list(required_skills))
    require_changeable(
        by,
        post,
        _("You may only create posts for your organization, your branch or your compound."),
    )
    return post


@transaction.atomic
def update_post(*, by: User | None, post: Post, values: Mapping[str, Any]) -> Post:
    """Change a post's details; ``values`` holds only the fields to change (see POST_FIELDS).

    The organizing organization never changes (hours already recorded belong to it).
    Raises DomainError like :func:`create_post`.
    """
    require_changeable(by, post)
    post = Post.objects.select_for_update().get(pk=post.pk)
    cleaned = _clean_post_values(values, post.organization)
    _check_references(by, cleaned)
    skills = cleaned.pop("required_skills", None)
    for name, value in cleaned.items():
        setattr(post, name, value)
    _check_post(post)
    post.save()
    if skills is not None:
        post.required_skills.set(list(skills))
    require_changeable(by, post, _("After this change you could no longer manage the post."))
    return post


# Shifts --------------------------------------------------------------------------------------
def _check_window(starts_at: dt.datetime, ends_at: dt.datetime) -> None:
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
        raise DomainError(_("Times need a time zone."), code="invalid", field="starts_at")
    if ends_at <= starts_at:
        raise DomainError(
            _("The shift must end after it starts."), code="ends_before_start", field="ends_at"
        )
    if ends_at - starts_at > dt.timedelta(hours=24):
        raise DomainError(_("A shift may last at most 24 hours."), code="too_long", field="ends_at")


def _check_staffing(capacity: int, min_staff: int, waitlist_size: int) -> None:
    if capacity < 1:
        raise DomainError(
            _("A shift needs at least one place."), code="capacity_positive", field="capacity"
        )
    if not 0 <= min_staff <= capacity:
        raise DomainError(
            _("The minimum staff must be between 0 and the number of places (%(n)d).")
            % {"n": capacity},
            code="min_staff",
            field="min_staff",
        )
    if waitlist_size < 0:
        raise DomainError(
            _("Wait-list places cannot be negative."), code="invalid", field="waitlist_size"
        )


@transaction.atomic
def create_shift(
    *,
    by: User | None,
    post: Post,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    capacity: int,
    min_staff: int = 1,
    waitlist_size: int = 0,
    needs_team_lead: bool = False,
    series: uuid.UUID | None = None,
) -> Shift:
    """Open one shift of ``post`` from ``starts_at`` to ``ends_at`` with ``capacity`` places.

    Raises DomainError: forbidden, ends_before_start, too_long, capacity_positive, min_staff.
    """
    require_changeable(by, post, _("You may not add shifts to this post."))
    _check_window(starts_at, ends_at)
    _check_staffing(capacity, min_staff, waitlist_size)
    return Shift.objects.create(
        post=post,
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        min_staff=min_staff,
        waitlist_size=waitlist_size,
        needs_team_lead=needs_team_lead,
        series=series,
        status=Shift.Status.OPEN,
    )


@transaction.atomic
def create_shift_series(
    *,
    by: User | None,
    post: Post,
    first_starts_at: dt.datetime,
    first_ends_at: dt.datetime,
    days: int,
    capacity: int,
    min_staff: int = 1,
    waitlist_size: int = 0,
    needs_team_lead: bool = False,
) -> list[Shift]:
    """The same shift every day for ``days`` days (a closure round), sharing one ``series`` id.

    Days follow the local calendar, so 08:00 stays 08:00. All or nothing.
    Raises DomainError: series_days, and whatever :func:`create_shift` raises.
    """
    if not 1 <= days <= MAX_SERIES_DAYS:
        raise DomainError(
            _("A series runs for 1 to %(max)d days.") % {"max": MAX_SERIES_DAYS},
            code="series_days",
            field="days",
        )
    _check_window(first_starts_at, first_ends_at)
    series = uuid.uuid4()
    tz = timezone.get_current_timezone()
    start_local = timezone.localtime(first_starts_at, tz)
    length = first_ends_at - first_starts_at
    shifts = []
    for day in range(days):
        naive = start_local.replace(tzinfo=None) + dt.timedelta(days=day)
        starts_at = timezone.make_aware(naive, tz)
        shifts.append(
            create_shift(
                by=by,
                post=post,
                starts_at=starts_at,
                ends_at=starts_at + length,
                capacity=capacity,
                min_staff=min_staff,
                waitlist_size=waitlist_size,
                needs_team_lead=needs_team_lead,
                series=series,
            )
        )
    return shifts


@transaction.atomic
def set_shift_capacity(
    *,
    by: User | None,
    shift: Shift,
    capacity: int,
    waitlist_size: int | None = None,
    now: dt.datetime | None = None,
) -> Shift:
    """Change the number of places (and optionally wait-list places) of a shift.

    Never below the places already held: a conditional UPDATE (``taken <= capacity``) keeps
    ``taken ≤ capacity`` even against a concurrent sign-up. New places go to the wait list
    first (oldest first). Raises DomainError: forbidden, closed, capacity_positive, min_staff,
    below_taken.
    """
    require_changeable(by, shift.post, _("You may not change this shift."))
    locked = lock_shift(shift.pk)
    if locked.is_cancelled:
        raise DomainError(_("This shift was cancelled."), code="closed")
    waitlist = locked.waitlist_size if waitlist_size is None else waitlist_size
    _check_staffing(capacity, min(locked.min_staff, capacity), waitlist)
    changes: dict[str, Any] = {
        "capacity": capacity,
        "waitlist_size": waitlist,
        "version": F("version") + 1,
    }
    if locked.min_staff > capacity:
        changes["min_staff"] = capacity
    updated = Shift.objects.filter(pk=locked.pk, taken__lte=capacity).update(**changes)
    if not updated:
        locked.refresh_from_db()
        raise DomainError(
            ngettext(
                "%(taken)d person already holds a place on this shift: "
                "the capacity cannot go below %(taken)d.",
                "%(taken)d people already hold places on this shift: "
                "the capacity cannot go below %(taken)d.",
                locked.taken,
            )
            % {"taken": locked.taken},
            code="below_taken",
            field="capacity",
        )
    promote_waitlist(shift_id=locked.pk, by=by, now=now)
    locked.refresh_from_db()
    return locked


@transaction.atomic
def cancel_shift(
    *, by: User | None, shift: Shift, reason: str = "", now: dt.datetime | None = None
) -> Shift:
    """Cancel a shift: every active sign-up is withdrawn, all places are freed, and each person
    signed up (or wait-listed) is told through the outbox.

    Idempotent on an already cancelled shift. Raises DomainError: forbidden.
    """
    require_changeable(by, shift.post, _("You may not cancel this shift."))
    now = now or timezone.now()
    locked = lock_shift(shift.pk)
    if locked.is_cancelled:
        return locked
    reason = reason.strip()[:200] or _("The shift was cancelled.")
    active = list(
        SignUp.objects.select_for_update()
        .filter(shift_id=locked.pk, status__in=SignUp.ACTIVE)
        .order_by("pk")
    )
    SignUp.objects.filter(pk__in=[s.pk for s in active]).update(
        status=SignUp.Status.WITHDRAWN, decided_by=by, decided_at=now, reason=reason, updated_at=now
    )
    Shift.objects.filter(pk=locked.pk).update(
        status=Shift.Status.CANCELLED, taken=0, version=F("version") + 1
    )
    locked.refresh_from_db()
    post = Post.objects.select_related("organization").get(pk=locked.post_id)
    for signup in active:
        tell(
            "volunteering.shift_cancelled",
            person_id=signup.person_id,
            shift=locked,
            post=post,
            extra={"reason": reason},
        )
    return locked
