"""Who may take a place on a shift: each criterion as a check with a plain reason and a code.

The checks only read. :func:`first_refusal` runs them in a fixed order (the shift and the drive,
the pool, a duplicate, the post's criteria, sealed areas, then time clashes) and returns the
first reason to refuse, so a person always hears the most basic problem first. Capacity is not
checked here: it is decided by the conditional UPDATE in ``signups.sign_up``.

Codes: closed, not_in_drive, not_in_pool, already_signed_up, age, residence, political_status,
skills, training, insurance, health, sealed_home, sealed_post, overlap, rest.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hub.errors import DomainError
from hub.people.models import Membership, Person
from hub.places.models import AreaStatus
from hub.places.queries import status_at
from hub.volunteering.models import Drive, HealthDeclaration, Shift, SignUp, TrainingRecord

# Rest between any two of a person's shifts, volunteer service and duty (值班) alike.
MIN_REST_HOURS = 11


@dataclass(frozen=True)
class Refusal:
    code: str
    message: str

    def error(self) -> DomainError:
        return DomainError(self.message, code=self.code)


def shift_day(shift: Shift) -> dt.date:
    """The local calendar day a shift starts on (criteria are judged on that day)."""
    return timezone.localdate(shift.starts_at)


def describe_shift(shift: Shift) -> str:
    """“04-02 08:00–12:00” in local time, for messages."""
    start = timezone.localtime(shift.starts_at)
    end = timezone.localtime(shift.ends_at)
    end_text = f"{end:%H:%M}" if end.date() == start.date() else f"{end:%m-%d %H:%M}"
    return f"{start:%m-%d %H:%M}–{end_text}"


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


# The shift and the drive ---------------------------------------------------------------------
def check_open(shift: Shift, drive: Drive | None, now: dt.datetime) -> Refusal | None:
    """The shift takes sign-ups (open, not started) and so does the drive, if there is one."""
    if shift.status != Shift.Status.OPEN:
        return Refusal("closed", _("This shift is no longer open for sign-up."))
    if shift.starts_at <= now:
        return Refusal("closed", _("This shift has already started: sign-up is closed."))
    if drive is not None:
        if drive.status != Drive.Status.PUBLISHED:
            return Refusal("closed", _("This recruitment drive is not open for sign-up."))
        if not drive.shifts.filter(pk=shift.pk).exists():
            return Refusal("not_in_drive", _("This shift is not part of this recruitment drive."))
    return None


def in_pool(person: Person, drive: Drive) -> bool:
    """A member of one of the drive's branches or a resident of one of its compounds, or
    anyone when the drive is open to everyone with its link."""
    if drive.is_public:
        return True
    by_branch = Membership.objects.filter(
        person_id=person.pk, branch_id__in=drive.branches.values("id")
    ).exists()
    if by_branch:
        return True
    compound_id = _home_compound_id(person)
    return compound_id is not None and drive.compounds.filter(pk=compound_id).exists()


def check_pool(person: Person, drive: Drive) -> Refusal | None:
    if in_pool(person, drive):
        return None
    return Refusal(
        "not_in_pool",
        _(
            "This recruitment drive is open to its invited branches and compounds only, "
            "and this person is not among them."
        ),
    )


def check_duplicate(person: Person, shift: Shift) -> Refusal | None:
    existing = (
        SignUp.objects.filter(shift_id=shift.pk, person_id=person.pk, status__in=SignUp.ACTIVE)
        .only("status")
        .first()
    )
    if existing is None:
        return None
    return already_signed_up(existing.get_status_display())


def already_signed_up(status_label: str = "") -> Refusal:
    if status_label:
        return Refusal(
            "already_signed_up",
            _("Already signed up for this shift (%(status)s).") % {"status": status_label},
        )
    return Refusal("already_signed_up", _("Already signed up for this shift."))


# The post's criteria -------------------------------------------------------------------------
def check_age(person: Person, shift: Shift) -> Refusal | None:
    post = shift.post
    if post.min_age is None and post.max_age is None:
        return None
    if person.birth_date is None:
        return Refusal(
            "age",
            _("This post has an age limit, and no birth date is on record for this person."),
        )
    age = age_on(person.birth_date, shift_day(shift))
    if (post.min_age is None or age >= post.min_age) and (
        post.max_age is None or age <= post.max_age
    ):
        return None
    values = {"min": post.min_age, "max": post.max_age, "age": age}
    if post.min_age is not None and post.max_age is not None:
        text = _("This post is for people aged %(min)d to %(max)d; age on the day: %(age)d.")
    elif post.min_age is not None:
        text = _("This post is for people aged %(min)d or over; age on the day: %(age)d.")
    else:
        text = _("This post is for people aged %(max)d or under; age on the day: %(age)d.")
    return Refusal("age", text % values)


def check_residence(person: Person, shift: Shift) -> Refusal | None:
    post = shift.post
    if not post.residents_only or post.compound_id is None:
        return None
    if _home_compound_id(person) == post.compound_id:
        return None
    return Refusal(
        "residence",
        _("This post is only for residents of %(compound)s.") % {"compound": post.compound},
    )


def check_political_status(person: Person, shift: Shift) -> Refusal | None:
    allowed = list(shift.post.political_statuses or [])
    if not allowed or person.political_status in allowed:
        return None
    labels = dict(Person.PoliticalStatus.choices)
    names = ", ".join(str(labels.get(code, code)) for code in allowed)
    return Refusal(
        "political_status",
        _("This post is only for: %(statuses)s.") % {"statuses": names},
    )


def check_skills(person: Person, shift: Shift) -> Refusal | None:
    required = list(shift.post.required_skills.all())
    if not required:
        return None
    have = set(person.skills.values_list("id", flat=True))
    missing = [skill.name for skill in required if skill.pk not in have]
    if not missing:
        return None
    return Refusal(
        "skills",
        _("This post needs skills not on record for this person: %(skills)s.")
        % {"skills": ", ".join(missing)},
    )


def check_training(person: Person, shift: Shift) -> Refusal | None:
    topic = shift.post.training_topic
    if not topic:
        return None
    done = TrainingRecord.objects.filter(
        person_id=person.pk, topic=topic, completed_on__lte=shift_day(shift)
    ).exists()
    if done:
        return None
    return Refusal(
        "training",
        _("This post needs the training “%(topic)s” first, and none is on record.")
        % {"topic": topic},
    )


def check_insurance(shift: Shift) -> Refusal | None:
    post = shift.post
    if not post.requires_insurance:
        return None
    if not (post.insurance_policy and post.insured_from and post.insured_until):
        return Refusal(
            "insurance",
            _(
                "This post needs insurance, and no policy with an insured period is on record "
                "for it yet."
            ),
        )
    first = shift_day(shift)
    last = timezone.localdate(shift.ends_at)
    if post.insured_from <= first and last <= post.insured_until:
        return None
    return Refusal(
        "insurance",
        _(
            "The post's insurance covers %(start)s to %(end)s; this shift on %(day)s is outside "
            "that period."
        )
        % {"start": post.insured_from, "end": post.insured_until, "day": first},
    )


def check_health(person: Person, shift: Shift) -> Refusal | None:
    if not shift.post.requires_health_declaration:
        return None
    day = shift_day(shift)
    fit = HealthDeclaration.objects.filter(
        person_id=person.pk, declared_on=day, fit_to_serve=True
    ).exists()
    if fit:
        return None
    return Refusal(
        "health",
        _("This post needs a health declaration of fitness to serve on %(day)s; none is on record.")
        % {"day": day},
    )


# Sealed areas --------------------------------------------------------------------------------
def _home_compound_id(person: Person) -> int | None:
    household = person.household
    return household.building.compound_id if household is not None else None


def check_sealed(person: Person, shift: Shift, *, to_self: bool = False) -> Refusal | None:
    """Residents of a sealed area serve only inside it; nobody else is sent into a sealed one.

    The person's status is read at their own building (a building's status wins over its
    compound's); the post's at its compound. ``to_self``: the reader is the person themself
    (the message says "you"), else a coordinator acting for them.
    """
    post = shift.post
    household = person.household
    home = household.building.compound if household is not None else None
    if home is not None:
        status = status_at(home, shift.starts_at, building=household.building)  # type: ignore[union-attr]
        if (
            status is not None
            and status.status == AreaStatus.Status.SEALED
            and post.compound_id != home.pk
        ):
            if to_self:
                text = _(
                    "You live in %(compound)s, which is sealed on %(day)s: you may only sign up "
                    "for posts inside it."
                )
            else:
                text = _(
                    "%(compound)s, where this person lives, is sealed on %(day)s: its residents "
                    "may only serve on posts inside it."
                )
            return Refusal("sealed_home", text % {"compound": home.name, "day": shift_day(shift)})
    if post.compound is not None and (home is None or home.pk != post.compound_id):
        status = status_at(post.compound, shift.starts_at)
        if status is not None and status.status == AreaStatus.Status.SEALED:
            return Refusal(
                "sealed_post",
                _("%(compound)s is sealed on %(day)s: only its own residents may serve there.")
                % {"compound": post.compound.name, "day": shift_day(shift)},
            )
    return None


# Time clashes --------------------------------------------------------------------------------
def check_timing(person: Person, shift: Shift) -> Refusal | None:
    """No overlap with another active sign-up, and MIN_REST_HOURS between any two shifts."""
    rest = dt.timedelta(hours=MIN_REST_HOURS)
    near = (
        SignUp.objects.filter(
            person_id=person.pk,
            status__in=SignUp.ACTIVE,
            shift__starts_at__lt=shift.ends_at + rest,
            shift__ends_at__gt=shift.starts_at - rest,
        )
        .exclude(shift_id=shift.pk)
        .exclude(shift__status=Shift.Status.CANCELLED)
        .select_related("shift__post")
        .order_by("shift__starts_at", "pk")
    )
    clashes = list(near)
    for other in clashes:
        if other.shift.starts_at < shift.ends_at and other.shift.ends_at > shift.starts_at:
            return Refusal(
                "overlap",
                _("This shift overlaps another shift already signed up for: %(post)s, %(when)s.")
                % {"post": other.shift.post.name, "when": describe_shift(other.shift)},
            )
    if clashes:
        other = clashes[0]
        return Refusal(
            "rest",
            _(
                "At least %(hours)d hours of rest are needed between shifts; this one is too "
                "close to %(post)s, %(when)s."
            )
            % {
                "hours": MIN_REST_HOURS,
                "post": other.shift.post.name,
                "when": describe_shift(other.shift),
            },
        )
    return None


# All together --------------------------------------------------------------------------------
def criteria_refusal(person: Person, shift: Shift, *, to_self: bool = False) -> Refusal | None:
    """The first of the post's own criteria the person does not meet (no shift/drive checks)."""
    for check in (
        check_age,
        check_residence,
        check_political_status,
        check_skills,
        check_training,
    ):
        found = check(person, shift)
        if found is not None:
            return found
    return (
        check_insurance(shift)
        or check_health(person, shift)
        or check_sealed(person, shift, to_self=to_self)
    )


def first_refusal(
    *,
    person: Person,
    shift: Shift,
    drive: Drive | None,
    now: dt.datetime,
    check_pool_membership: bool = True,
    to_self: bool = False,
) -> Refusal | None:
    """The first reason ``person`` may not take a place on ``shift`` (via ``drive``), or None.

    ``check_pool_membership`` is off when a coordinator signs someone up by hand: the pool is
    who was invited, not who may serve. Reads only; capacity is the caller's business.
    """
    person = Person.objects.select_related("household__building__compound").get(pk=person.pk)
    shift = Shift.objects.select_related("post__compound").get(pk=shift.pk)
    found = check_open(shift, drive, now)
    if found is None and drive is not None and check_pool_membership:
        found = check_pool(person, drive)
    return (
        found
        or check_duplicate(person, shift)
        or criteria_refusal(person, shift, to_self=to_self)
        or check_timing(person, shift)
    )


def pool_filter(drive: Drive) -> Q:
    """People in a drive's pool as a filter on Person (members of its branches, residents of
    its compounds)."""
    return Q(memberships__branch__in=drive.branches.all()) | Q(
        household__building__compound__in=drive.compounds.all()
    )


def sealed_refusals(person: Person | None, shifts: list[Shift]) -> dict[int, str]:
    """``{shift id: reason}`` for the shifts ``person`` would be refused for a sealed area,
    said to the person: the drive page shows the reason instead of a 报名 button."""
    if person is None:
        return {}
    person = Person.objects.select_related("household__building__compound").get(pk=person.pk)
    found = {}
    for shift in shifts:
        refusal = check_sealed(person, shift, to_self=True)
        if refusal is not None:
            found[shift.pk] = refusal.message
    return found


def sealed_pool_warnings(shifts: list[Shift], compounds: list[Any]) -> list[str]:
    """What a drive form warns about before saving: residents of a compound in the pool that is
    sealed when a shift starts may serve only on posts inside it, so a shift whose post has no
    compound (or another one) will refuse every one of them. One line per compound and post.

    ``shifts`` may be unsaved (the drive wizard's plan); each needs ``post`` and ``starts_at``.
    """
    lines: list[str] = []
    seen: set[tuple[int, str]] = set()
    for compound in compounds:
        for shift in sorted(shifts, key=lambda s: s.starts_at):
            post = shift.post
            key = (compound.pk, post.name)
            if post.compound_id == compound.pk or key in seen:
                continue
            status = status_at(compound, shift.starts_at)
            if status is None or status.status != AreaStatus.Status.SEALED:
                continue
            seen.add(key)
            params = {"compound": compound.name, "day": shift_day(shift), "post": post.name}
            if post.compound_id is None:
                text = _(
                    "%(compound)s is sealed on %(day)s: its residents in this drive's pool may "
                    "only serve inside it, and the post %(post)s has no compound, so every one "
                    "of them will be refused. Set the post's compound, or leave %(compound)s out "
                    "of the pool."
                )
            else:
                text = _(
                    "%(compound)s is sealed on %(day)s: its residents in this drive's pool may "
                    "only serve inside it, and the post %(post)s is elsewhere, so every one of "
                    "them will be refused."
                )
            lines.append(text % params)
    return lines
