"""State changes of recruitment drives (招募) and sign-ups (请战): the one write path.

Places on a shift are counted in ``Shift.taken``; the invariant everywhere is
``0 ≤ taken == count(sign-ups in SignUp.HOLDS_PLACE) ≤ capacity``. Taking a place is a
conditional UPDATE (``taken < capacity``) in the transaction that inserts the sign-up, so two
sign-ups can never both take the last place, on PostgreSQL or on SQLite (whose transactions are
IMMEDIATE, so writers queue). The partial unique constraint on (shift, person) catches a
duplicate that slips past the check.

Lock order, everywhere: the person (sign-up only), then the shift, then sign-up rows.

``by`` is the acting user; ``by=None`` is the system (the demo seed, commands) and skips
authorization. Every decision is told to the person through the notification outbox, in the
same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from hub.access import may_change, visible
from hub.accounts.models import User
from hub.errors import DomainError
from hub.jobs.actions import create_job
from hub.jobs.models import Job
from hub.notify.models import Message, Topic
from hub.notify.routing import notify_people, notify_person
from hub.notify.templates import register_template
from hub.people.models import Branch, Organization, Person
from hub.places.models import Compound
from hub.volunteering import eligibility
from hub.volunteering.models import (
    TELL_POOL_JOB,
    Drive,
    HealthDeclaration,
    Post,
    Shift,
    SignUp,
    TrainingRecord,
)
from hub.volunteering.queries import may_organize

# Notifications -------------------------------------------------------------------------------
_TEMPLATES = {
    "volunteering.signup_received": (
        gettext_lazy("Sign-up received: {post}"),
        gettext_lazy(
            "Your sign-up for {post} ({when}, {site}) was received. Your place is held while "
            "the coordinator approves it."
        ),
    ),
    "volunteering.signup_approved": (
        gettext_lazy("You are on: {post}"),
        gettext_lazy("Your sign-up for {post} ({when}, {site}) is approved. Thank you!"),
    ),
    "volunteering.signup_declined": (
        gettext_lazy("Sign-up declined: {post}"),
        gettext_lazy("Your sign-up for {post} ({when}) was declined. Reason: {reason}"),
    ),
    "volunteering.signup_waitlisted": (
        gettext_lazy("Wait-listed: {post}"),
        gettext_lazy(
            "You are on the wait list for {post} ({when}). You will be told when a place frees up."
        ),
    ),
    "volunteering.signup_promoted": (
        gettext_lazy("A place is yours: {post}"),
        gettext_lazy("A place on {post} ({when}, {site}) freed up and is now yours."),
    ),
    "volunteering.signup_promoted_pending": (
        gettext_lazy("A place is held for you: {post}"),
        gettext_lazy(
            "A place on {post} ({when}, {site}) freed up and is held for you while the "
            "coordinator approves it."
        ),
    ),
    "volunteering.signup_withdrawn": (
        gettext_lazy("Sign-up withdrawn: {post}"),
        gettext_lazy("A coordinator withdrew your sign-up for {post} ({when}). {reason}"),
    ),
    "volunteering.shift_cancelled": (
        gettext_lazy("Shift cancelled: {post}"),
        gettext_lazy("The shift {post} ({when}, {site}) was cancelled. {reason}"),
    ),
    "volunteering.drive_published": (
        gettext_lazy("Volunteers wanted: {title}"),
        gettext_lazy("{organization} is recruiting volunteers: {title}. Sign up: {link}"),
    ),
}
for _key, (_subject, _body) in _TEMPLATES.items():
    register_template(_key, _subject, _body)


def tell(
    template: str,
    *,
    person_id: int,
    shift: Shift,
    post: Post,
    extra: Mapping[str, Any] | None = None,
) -> None:
    """Write one message about ``shift`` to ``person_id`` into the outbox (caller's transaction)."""
    params = {
        "post": post.name,
        "site": post.site,
        "when": eligibility.describe_shift(shift),
        **(extra or {}),
    }
    person = (
        Person.objects.select_related("household__building", "user")
        .prefetch_related("memberships__branch__parent__parent__parent")
        .get(pk=person_id)
    )
    notify_person(
        person=person,
        template=template,
        params={k: str(v) for k, v in params.items()},
        organization=post.organization,
        topic=Topic.SHIFTS if template == "volunteering.shift_cancelled" else Topic.SIGNUPS,
    )


# Authorization -------------------------------------------------------------------------------
def require_changeable(by: User | None, obj: Any, message: Any = None) -> None:
    """Refuse (code ``forbidden``) unless ``by`` may change ``obj`` under the access rules."""
    if not may_change(by, obj):
        raise DomainError(message or _("You may not change this."), code="forbidden")


def _require_all_visible(by: User | None, objects: list[Any], field: str, message: Any) -> None:
    if by is None or not objects:
        return
    ids = {o.pk for o in objects}
    found = visible(by, type(objects[0])._default_manager.filter(pk__in=ids)).count()
    if found != len(ids):
        raise DomainError(message, code="not_found", field=field)


# Places --------------------------------------------------------------------------------------
def lock_shift(shift_id: int) -> Shift:
    """Lock one shift row by primary key (no joins, so PostgreSQL accepts FOR UPDATE).

    Every action that frees places takes this lock before touching sign-up rows, so two actions
    on one shift never wait on each other in opposite orders.
    """
    return Shift.objects.select_for_update().get(pk=shift_id)


def _take_place(shift_id: int) -> bool:
    return bool(
        Shift.objects.filter(pk=shift_id, status=Shift.Status.OPEN, taken__lt=F("capacity")).update(
            taken=F("taken") + 1
        )
    )


def _free_place(shift_id: int) -> None:
    Shift.objects.filter(pk=shift_id, taken__gt=0).update(taken=F("taken") - 1)


def _held_status(signup: SignUp) -> str:
    """Pending when the sign-up's drive has the coordinator approve each one, else approved."""
    drive = signup.drive
    if drive is not None and drive.requires_approval:
        return SignUp.Status.PENDING
    return SignUp.Status.APPROVED


def promote_waitlist(
    *,
    shift_id: int,
    by: User | None,
    now: dt.datetime | None = None,
    exclude: Iterable[int] = (),
) -> list[SignUp]:
    """Give free places to wait-listed people, oldest first; each is told through the outbox.

    The caller holds the shift's lock (or runs inside the action that took it). A promoted
    person holds a place: pending when their drive needs approval, else approved.
    """
    now = now or timezone.now()
    shift = Shift.objects.select_related("post__organization").get(pk=shift_id)
    if shift.status != Shift.Status.OPEN or shift.taken >= shift.capacity:
        return []
    waiting = list(
        SignUp.objects.select_for_update(of=("self",))
        .select_related("drive")
        .filter(shift_id=shift_id, status=SignUp.Status.WAITLISTED)
        .exclude(pk__in=list(exclude))
        .order_by("created_at", "pk")[: shift.capacity - shift.taken]
    )
    promoted = []
    for signup in waiting:
        if not _take_place(shift_id):
            break
        signup.status = _held_status(signup)
        signup.decided_at = now
        signup.save(update_fields=["status", "decided_at", "updated_at"])
        template = (
            "volunteering.signup_promoted_pending"
            if signup.status == SignUp.Status.PENDING
            else "volunteering.signup_promoted"
        )
        tell(template, person_id=signup.person_id, shift=shift, post=shift.post)
        promoted.append(signup)
    return promoted


# Drives --------------------------------------------------------------------------------------
def _with_sub_branches(branches: Iterable[Branch]) -> set[int]:
    """The branches and every branch below them."""
    return Branch.objects.subtree_ids(b.pk for b in branches)


def _lock_drive(drive: Drive) -> Drive:
    return Drive.objects.select_for_update().get(pk=drive.pk)


def _check_shifts_for_drive(by: User | None, shifts: list[Shift]) -> None:
    for shift in shifts:
        if shift.is_cancelled:
            raise DomainError(
                _("A cancelled shift cannot be recruited for."), code="closed", field="shifts"
            )
        require_changeable(
            by, shift.post, _("You may only recruit for shifts of posts you manage.")
        )


@transaction.atomic
def create_drive(
    *,
    by: User | None,
    organization: Organization,
    title: str,
    description: str = "",
    requires_approval: bool = True,
    shifts: Iterable[Shift] = (),
    branches: Iterable[Branch] = (),
    compounds: Iterable[Compound] = (),
    is_public: bool = False,
) -> Drive:
    """Create a draft drive for ``organization`` with its shifts and pool.

    The creator must hold a role in the organization and be able to manage the drive once
    created (org admin; or a secretary or coordinator whose branch or compound is in the pool).
    Raises DomainError: forbidden, required, not_found, closed.
    """
    if not may_organize(by, organization):
        raise DomainError(
            _("You may only recruit for an organization you work in."), code="forbidden"
        )
    title = title.strip()
    if not title:
        raise DomainError(_("Give the drive a title."), code="required", field="title")
    drive = Drive.objects.create(
        organization=organization,
        title=title[:160],
        description=description.strip(),
        requires_approval=requires_approval,
        created_by=by,
    )
    shifts = list(shifts)
    _check_shifts_for_drive(by, shifts)
    drive.shifts.set(shifts)
    _set_pool(by, drive, list(branches), list(compounds), is_public)
    require_changeable(
        by,
        drive,
        _(
            "You may only create drives for your organization, or open to your own branch or "
            "compound."
        ),
    )
    return drive


@transaction.atomic
def update_drive(*, by: User | None, drive: Drive, values: Mapping[str, Any]) -> Drive:
    """Change a drive's title, description or approval setting.

    Raises DomainError: forbidden, required, unknown_field.
    """
    require_changeable(by, drive)
    drive = _lock_drive(drive)
    unknown = set(values) - {"title", "description", "requires_approval"}
    if unknown:
        raise DomainError(
            _("Unknown fields: %s") % ", ".join(sorted(unknown)), code="unknown_field"
        )
    if "title" in values:
        drive.title = str(values["title"] or "").strip()[:160]
        if not drive.title:
            raise DomainError(_("Give the drive a title."), code="required", field="title")
    if "description" in values:
        drive.description = str(values["description"] or "").strip()
    if "requires_approval" in values:
        drive.requires_approval = bool(values["requires_approval"])
    drive.save()
    return drive


@transaction.atomic
def add_drive_shifts(*, by: User | None, drive: Drive, shifts: Iterable[Shift]) -> Drive:
    """Add shifts to a draft or published drive (of posts the user manages).

    Raises DomainError: forbidden, closed.
    """
    require_changeable(by, drive)
    drive = _lock_drive(drive)
    if drive.status == Drive.Status.CLOSED:
        raise DomainError(_("This recruitment drive is closed."), code="closed")
    shifts = list(shifts)
    _check_shifts_for_drive(by, shifts)
    drive.shifts.add(*shifts)
    return drive


def _set_pool(
    by: User | None,
    drive: Drive,
    branches: list[Branch],
    compounds: list[Compound],
    is_public: bool,
) -> None:
    _require_all_visible(by, branches, "branches", _("One of the branches is not one you can see."))
    _require_all_visible(
        by, compounds, "compounds", _("One of the compounds is not one you can see.")
    )
    branch_ids = {b.pk for b in branches}
    if drive.status == Drive.Status.PUBLISHED:
        branch_ids = _with_sub_branches(branches)
    drive.branches.set(list(branch_ids))
    drive.compounds.set(compounds)
    if drive.is_public != is_public:
        drive.is_public = is_public
        drive.save(update_fields=["is_public"])


@transaction.atomic
def edit_drive(
    *,
    by: User | None,
    drive: Drive,
    values: Mapping[str, Any],
    shifts: Iterable[Shift] = (),
    branches: Iterable[Branch] = (),
    compounds: Iterable[Compound] = (),
    is_public: bool = False,
) -> Drive:
    """One edit of a drive from its form: its fields (``update_drive``), added shifts
    (``add_drive_shifts``) and its pool (``set_drive_pool``), all committed or none.

    Raises what those raise.
    """
    drive = update_drive(by=by, drive=drive, values=values)
    shifts = list(shifts)
    if shifts:
        drive = add_drive_shifts(by=by, drive=drive, shifts=shifts)
    return set_drive_pool(
        by=by, drive=drive, branches=branches, compounds=compounds, is_public=is_public
    )


@transaction.atomic
def set_drive_pool(
    *,
    by: User | None,
    drive: Drive,
    branches: Iterable[Branch] = (),
    compounds: Iterable[Compound] = (),
    is_public: bool = False,
    now: dt.datetime | None = None,
) -> Drive:
    """Choose who the drive is for: members of ``branches`` (and, once published, their
    sub-branches), residents of ``compounds``, and/or anyone with the public link.

    On a published drive, people newly in the pool are told (once per drive and person).
    Raises DomainError: forbidden (also when the change would leave the user unable to manage
    the drive), not_found, closed.
    """
    require_changeable(by, drive)
    drive = _lock_drive(drive)
    if drive.status == Drive.Status.CLOSED:
        raise DomainError(_("This recruitment drive is closed."), code="closed")
    _set_pool(by, drive, list(branches), list(compounds), is_public)
    require_changeable(by, drive, _("After this change you could no longer manage the drive."))
    if drive.status == Drive.Status.PUBLISHED:
        _tell_pool(drive, by)
    return drive


def pool_people(drive: Drive) -> Any:
    return Person.objects.filter(
        pk__in=Person.objects.filter(eligibility.pool_filter(drive)).values("pk")
    ).order_by("pk")


def _pool_dedupe_key(drive: Drive) -> str:
    return f"volunteering.drive:{drive.pk}:person"  # …:person:<person pk>


def tell_pool_chunk(drive: Drive, person_ids: list[int]) -> int:
    """Tell the people of ``person_ids`` (in the drive's pool) about ``drive``, skipping those
    already told: one message per person and drive, whoever runs this and however often.

    Returns how many were told now. Runs in the caller's transaction.
    """
    prefix = _pool_dedupe_key(drive)
    told = {
        int(key.rsplit(":", 1)[1])
        for key in Message.objects.filter(
            dedupe_key__in=[f"{prefix}:{pk}" for pk in person_ids]
        ).values_list("dedupe_key", flat=True)
    }
    rest = [pk for pk in person_ids if pk not in told]
    if not rest:
        return 0
    link = reverse("volunteering:drive-detail", kwargs={"drive_id": drive.pk})
    return notify_people(
        people=Person.objects.filter(pk__in=rest).order_by("pk"),
        template="volunteering.drive_published",
        params={"title": drive.title, "organization": str(drive.organization), "link": link},
        organization=drive.organization,
        topic=Topic.DRIVES,
        dedupe_key=prefix,
    )


def _tell_pool(drive: Drive, by: User | None = None) -> Job | None:
    """One message per person in the pool; the dedupe key makes re-telling a no-op.

    A pool of at most ``DRIVE_TELL_INLINE`` (50) people is told in this transaction; a larger
    one by a ``volunteering.tell_pool`` job (chunked, with progress on the drive page), started
    when this transaction commits. Returns that job, or None when told inline.
    """
    ids = list(pool_people(drive).values_list("pk", flat=True))
    if len(ids) <= getattr(settings, "DRIVE_TELL_INLINE", 50):
        tell_pool_chunk(drive, ids)
        return None
    return create_job(
        kind=TELL_POOL_JOB,
        by=by,
        organization_id=drive.organization_id,
        params={"drive": drive.pk},
    )


@transaction.atomic
def publish_drive(*, by: User | None, drive: Drive, now: dt.datetime | None = None) -> Drive:
    """Publish a draft drive: its branches expand to their sub-branches, and everyone in the
    pool is told through the outbox (one message per person, deduplicated per drive).

    Raises DomainError: forbidden, invalid_transition, no_shifts, no_pool.
    """
    require_changeable(by, drive)
    now = now or timezone.now()
    drive = _lock_drive(drive)
    if not drive.may_be_published:
        raise DomainError(
            _("Only a draft drive can be published; this one is %(status)s.")
            % {"status": drive.get_status_display()},
            code="invalid_transition",
        )
    if not drive.shifts.exclude(status=Shift.Status.CANCELLED).exists():
        raise DomainError(
            _("Add at least one shift before publishing the drive."), code="no_shifts"
        )
    branches = list(drive.branches.all())
    if not (branches or drive.compounds.exists() or drive.is_public):
        raise DomainError(
            _("Choose who the drive is for: branches, compounds, or anyone with the link."),
            code="no_pool",
        )
    drive.branches.set(list(_with_sub_branches(branches)))
    drive.status = Drive.Status.PUBLISHED
    drive.published_at = now
    drive.save(update_fields=["status", "published_at"])
    _tell_pool(drive, by)
    return drive


@transaction.atomic
def close_drive(*, by: User | None, drive: Drive) -> Drive:
    """Close a drive: no more sign-ups through it. Sign-ups already made stay as they are.

    Idempotent. Raises DomainError: forbidden.
    """
    require_changeable(by, drive)
    drive = _lock_drive(drive)
    if drive.status != Drive.Status.CLOSED:
        drive.status = Drive.Status.CLOSED
        drive.save(update_fields=["status"])
    return drive


# Sign-up -------------------------------------------------------------------------------------
def _person_for(by: User | None, person: Person | None) -> Person:
    if person is not None:
        return person
    if by is None or by.person_id is None:
        raise DomainError(
            _(
                "Your account is not linked to a person yet, so it cannot sign up. Ask your "
                "coordinator to link it."
            ),
            code="no_person",
        )
    return Person.objects.get(pk=by.person_id)


def _drive_for(person: Person, shift: Shift, direct_allowed: bool) -> Drive | None:
    """The published drive through which ``person`` may sign up for ``shift``: one whose pool
    includes them (or a public one). None for a direct sign-up by a manager of the shift."""
    drives = list(Drive.objects.filter(shifts=shift, status=Drive.Status.PUBLISHED).order_by("pk"))
    for drive in drives:
        if eligibility.in_pool(person, drive):
            return drive
    if direct_allowed:
        return None
    raise eligibility.Refusal(
        "not_in_pool",
        _("This shift is not open for sign-up to this person: no recruitment drive invites them."),
    ).error()


def _full(shift: Shift) -> DomainError:
    if shift.waitlist_size:
        message = ngettext(
            "This shift is full: its %(n)d place is taken, and the wait list is full too.",
            "This shift is full: all %(n)d places are taken, and the wait list is full too.",
            shift.capacity,
        )
    else:
        message = ngettext(
            "This shift is full: its %(n)d place is taken.",
            "This shift is full: all %(n)d places are taken.",
            shift.capacity,
        )
    return DomainError(message % {"n": shift.capacity}, code="full")


@transaction.atomic
def sign_up(
    *,
    by: User | None,
    shift: Shift,
    person: Person | None = None,
    drive: Drive | None = None,
    note: str = "",
    now: dt.datetime | None = None,
) -> SignUp:
    """Sign ``person`` (default: the user's own person) up for ``shift`` (请战).

    Checks every criterion (see :mod:`hub.volunteering.eligibility`) and refuses with the first
    reason. A coordinator may sign up someone in their scope for a shift they manage; the
    drive's pool does not bind them. The place is taken by a conditional UPDATE in this
    transaction: a drive that needs approval makes the sign-up pending (holding a place),
    otherwise approved; when the shift is full but has wait-list places left, the sign-up is
    wait-listed. The person is told through the outbox.
    Raises DomainError: no_person, forbidden, closed, not_in_drive, not_in_pool,
    already_signed_up, age, residence, political_status, skills, training, insurance, health,
    sealed_home, sealed_post, overlap, rest, full.
    """
    now = now or timezone.now()
    person = _person_for(by, person)
    on_behalf = by is None or by.person_id != person.pk
    manager = may_change(by, shift.post)
    if on_behalf and by is not None and not (manager and may_change(by, person)):
        raise DomainError(
            _(
                "You may sign up someone else only for a shift you manage, and only people "
                "in your scope."
            ),
            code="forbidden",
        )
    # A person's sign-ups queue one behind the other, so the overlap and rest checks of two
    # concurrent sign-ups by one person always see each other.
    list(Person.objects.select_for_update().filter(pk=person.pk).values_list("pk", flat=True))
    shift = Shift.objects.select_related("post__organization").get(pk=shift.pk)
    if drive is None:
        drive = _drive_for(person, shift, direct_allowed=on_behalf or manager)
    else:
        drive = Drive.objects.get(pk=drive.pk)
    refusal = eligibility.first_refusal(
        person=person,
        shift=shift,
        drive=drive,
        now=now,
        check_pool_membership=not on_behalf,
        to_self=getattr(by, "person_id", None) == person.pk,
    )
    if refusal is not None:
        raise refusal.error()

    status = (
        SignUp.Status.PENDING
        if drive is not None and drive.requires_approval
        else SignUp.Status.APPROVED
    )
    if not _take_place(shift.pk):
        locked = lock_shift(shift.pk)
        if locked.status != Shift.Status.OPEN:
            raise eligibility.Refusal(
                "closed", _("This shift is no longer open for sign-up.")
            ).error()
        # A place may have been freed between our UPDATE and the lock: try once more.
        if not _take_place(shift.pk):
            waiting = SignUp.objects.filter(
                shift_id=shift.pk, status=SignUp.Status.WAITLISTED
            ).count()
            if waiting >= locked.waitlist_size:
                raise _full(locked)
            status = SignUp.Status.WAITLISTED
    try:
        with transaction.atomic():
            signup = SignUp.objects.create(
                shift=shift,
                person=person,
                drive=drive,
                status=status,
                note=note.strip()[:200],
                created_by=by,
                decided_at=now if status == SignUp.Status.APPROVED else None,
            )
    except IntegrityError:
        # Raising rolls the place we took back with the rest of this transaction.
        raise eligibility.already_signed_up().error() from None
    template = {
        SignUp.Status.PENDING: "volunteering.signup_received",
        SignUp.Status.APPROVED: "volunteering.signup_approved",
        SignUp.Status.WAITLISTED: "volunteering.signup_waitlisted",
    }[SignUp.Status(status)]
    tell(template, person_id=person.pk, shift=shift, post=shift.post)
    return signup


# Decisions -----------------------------------------------------------------------------------
def _locked_signup(
    by: User | None, signup: SignUp, *, owner_may: bool = False
) -> tuple[Shift, SignUp]:
    """Authorize, then lock the shift and the sign-up (in that order) and re-read both."""
    is_owner = by is not None and by.person_id == signup.person_id
    if not (owner_may and is_owner):
        require_changeable(by, signup, _("You may not decide on this sign-up."))
    shift = lock_shift(signup.shift_id)
    locked = SignUp.objects.select_for_update().get(pk=signup.pk)
    return shift, locked


def _refuse_transition(signup: SignUp, action: Any) -> DomainError:
    return DomainError(
        _("This sign-up is %(status)s, so it cannot be %(action)s.")
        % {"status": signup.get_status_display(), "action": action},
        code="invalid_transition",
    )


def _decide(
    signup: SignUp, *, status: str, by: User | None, now: dt.datetime, reason: str = ""
) -> None:
    signup.status = status
    signup.decided_by = by
    signup.decided_at = now
    signup.reason = reason[:200]
    signup.save(update_fields=["status", "decided_by", "decided_at", "reason", "updated_at"])


def _post_of(shift: Shift) -> Post:
    return Post.objects.select_related("organization").get(pk=shift.post_id)


@transaction.atomic
def approve_signup(*, by: User | None, signup: SignUp, now: dt.datetime | None = None) -> SignUp:
    """Approve a pending sign-up (its place was already held). Tells the person.

    Raises DomainError: forbidden, invalid_transition.
    """
    now = now or timezone.now()
    shift, signup = _locked_signup(by, signup)
    if not signup.can_be_approved:
        raise _refuse_transition(signup, _("approved"))
    _decide(signup, status=SignUp.Status.APPROVED, by=by, now=now)
    tell(
        "volunteering.signup_approved",
        person_id=signup.person_id,
        shift=shift,
        post=_post_of(shift),
    )
    return signup


@transaction.atomic
def decline_signup(
    *, by: User | None, signup: SignUp, reason: str, now: dt.datetime | None = None
) -> SignUp:
    """Decline a pending, approved or wait-listed sign-up with a reason told to the person.

    A held place is freed and goes to the wait list. Raises DomainError: forbidden,
    reason_required, invalid_transition.
    """
    now = now or timezone.now()
    reason = reason.strip()
    if not reason:
        raise DomainError(
            _("Say why the sign-up is declined: the person will read it."),
            code="reason_required",
            field="reason",
        )
    shift, signup = _locked_signup(by, signup)
    if not signup.can_be_declined:
        raise _refuse_transition(signup, _("declined"))
    held = signup.status in SignUp.HOLDS_PLACE
    _decide(signup, status=SignUp.Status.DECLINED, by=by, now=now, reason=reason)
    tell(
        "volunteering.signup_declined",
        person_id=signup.person_id,
        shift=shift,
        post=_post_of(shift),
        extra={"reason": reason},
    )
    if held:
        _free_place(shift.pk)
        promote_waitlist(shift_id=shift.pk, by=by, now=now)
    return signup


@transaction.atomic
def waitlist_signup(*, by: User | None, signup: SignUp, now: dt.datetime | None = None) -> SignUp:
    """Move a pending sign-up to the wait list, freeing its place for the next person waiting
    (not for this one). Tells the person.

    Raises DomainError: forbidden, invalid_transition.
    """
    now = now or timezone.now()
    shift, signup = _locked_signup(by, signup)
    if not signup.can_be_waitlisted:
        raise _refuse_transition(signup, _("wait-listed"))
    _decide(signup, status=SignUp.Status.WAITLISTED, by=by, now=now)
    _free_place(shift.pk)
    tell(
        "volunteering.signup_waitlisted",
        person_id=signup.person_id,
        shift=shift,
        post=_post_of(shift),
    )
    promote_waitlist(shift_id=shift.pk, by=by, now=now, exclude=[signup.pk])
    return signup


@transaction.atomic
def withdraw_signup(
    *, by: User | None, signup: SignUp, reason: str = "", now: dt.datetime | None = None
) -> SignUp:
    """Withdraw a sign-up, by its person (before the shift starts) or by a coordinator.

    A held place is freed and the first wait-listed person is promoted (and told). A
    coordinator's withdrawal is told to the person. Raises DomainError: forbidden, closed,
    invalid_transition.
    """
    now = now or timezone.now()
    shift, signup = _locked_signup(by, signup, owner_may=True)
    by_owner = by is not None and by.person_id == signup.person_id
    if signup.status not in SignUp.ACTIVE:
        raise _refuse_transition(signup, _("withdrawn"))
    if by_owner and shift.starts_at <= now and not may_change(by, signup):
        raise DomainError(
            _("This shift has already started: ask the coordinator to take you off it."),
            code="closed",
        )
    held = signup.status in SignUp.HOLDS_PLACE
    _decide(signup, status=SignUp.Status.WITHDRAWN, by=by, now=now, reason=reason.strip())
    if not by_owner:
        tell(
            "volunteering.signup_withdrawn",
            person_id=signup.person_id,
            shift=shift,
            post=_post_of(shift),
            extra={"reason": reason.strip()},
        )
    if held:
        _free_place(shift.pk)
        promote_waitlist(shift_id=shift.pk, by=by, now=now)
    return signup


# What sign-up checks rely on -----------------------------------------------------------------
@transaction.atomic
def record_training(
    *, by: User | None, person: Person, topic: str, completed_on: dt.date
) -> TrainingRecord:
    """Record that ``person`` completed a training ``topic`` (idempotent per person and topic).

    Admins of the person's organization and secretaries of their branch may record it.
    Raises DomainError: required, forbidden.
    """
    topic = topic.strip()
    if not topic:
        raise DomainError(_("Name the training topic."), code="required", field="topic")
    record, _created = TrainingRecord.objects.update_or_create(
        person=person, topic=topic[:80], defaults={"completed_on": completed_on, "recorded_by": by}
    )
    require_changeable(by, record, _("You may not record training for this person."))
    return record


@transaction.atomic
def declare_health(
    *, by: User | None, person: Person, declared_on: dt.date, fit_to_serve: bool
) -> HealthDeclaration:
    """A person declares whether they are fit to serve on ``declared_on`` (one per day; a new
    declaration for the same day replaces the old one). Only the person may declare.

    Raises DomainError: forbidden.
    """
    if by is not None and not by.is_superuser and by.person_id != person.pk:
        raise DomainError(
            _("Only the person themself may make a health declaration."), code="forbidden"
        )
    declaration, _created = HealthDeclaration.objects.update_or_create(
        person=person, declared_on=declared_on, defaults={"fit_to_serve": fit_to_serve}
    )
    return declaration


__all__ = [
    "add_drive_shifts",
    "approve_signup",
    "close_drive",
    "create_drive",
    "declare_health",
    "decline_signup",
    "edit_drive",
    "lock_shift",
    "promote_waitlist",
    "publish_drive",
    "record_training",
    "require_changeable",
    "set_drive_pool",
    "sign_up",
    "tell",
    "update_drive",
    "waitlist_signup",
    "withdraw_signup",
]
