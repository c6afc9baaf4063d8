"""The upsert: match each valid row to a person already known, then write everything at once.

``plan_import`` only reads: it matches rows to people by their natural key, finds conflicts the
file alone cannot show (an ID number registered under another name, two rows that are one
person) and decides what would change. ``execute_plan`` writes the plan with bulk statements;
the caller wraps both in one transaction, so an import writes all of its rows or none.

Natural keys: ID type + number when the row has one; otherwise name + phone among the
organization's members, or household + name for residents. A row with an ID number also finds
a person registered earlier under the same key without one.

Access invariant: rows are matched only to people the importer may change
(``hub.access.changeable``; a ``system`` import from a management command may match anyone).
A row whose ID number belongs to anybody else gets one neutral error (``id_unavailable``) that
reads the same whether the number is registered in another organization, registered nowhere
the importer manages, or held under another name there, so an import never moves, attaches,
edits or reveals such a person and never tells whether an ID number exists elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db.models import F
from django.utils import timezone

from hub.access import changeable
from hub.imports.models import ImportBatch
from hub.imports.reasons import reason as _
from hub.imports.rows import Record, building_key, room_key
from hub.people.models import Membership, Person
from hub.places.models import Building, Compound, Household
from hub.places.ordering import natural_key

BATCH_SIZE = 500
CHUNK = 500
PERSON_FIELDS = (
    "id_type",
    "id_number",
    "phone",
    "gender",
    "birth_date",
    "political_status",
    "employment_status",
    "party_joined_on",
    "volunteer_number",
)
_BLANK_VALUES = ("", None, Person.Gender.UNKNOWN)

T = TypeVar("T")
Progress = Callable[[int, int, str], None]


def _chunks(items: Iterable[T], size: int = CHUNK) -> Iterator[list[T]]:
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass
class Step:
    """What one row does to the database."""

    record: Record
    person: Person
    is_new: bool
    changed: set[str] = field(default_factory=set)
    add_membership: bool = False
    title_membership: Membership | None = None
    add_skills: tuple[int, ...] = ()
    household: tuple[str, str] | None = None  # (building key, room key) for residents

    @property
    def is_change(self) -> bool:
        return bool(self.changed or self.add_membership or self.title_membership or self.add_skills)


@dataclass
class Plan:
    steps: list[Step]
    conflicts: list[dict[str, Any]]
    kind: str
    compound: Compound | None = None
    buildings: dict[str, Building] = field(default_factory=dict)  # building key → existing
    households: dict[tuple[str, str], Household] = field(default_factory=dict)
    new_places: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        created = sum(1 for s in self.steps if s.is_new)
        updated = sum(1 for s in self.steps if not s.is_new and s.is_change)
        return {
            "created": created,
            "updated": updated,
            "unchanged": len(self.steps) - created - updated,
        }


def plan_import(
    batch: ImportBatch, records: list[Record], *, by: Any = None, system: bool = False
) -> Plan:
    """Match every record to a person (or a new one) and work out what would change; reads only.

    Only people ``by`` may change are matched (anyone when ``system``); see the module docstring.
    """
    plan = Plan(steps=[], conflicts=[], kind=batch.kind, compound=batch.compound)
    org_id = batch.organization_id
    by_id = _people_by_id(records)
    if batch.kind == ImportBatch.Kind.MEMBERS:
        by_key = _members_by_name_phone(org_id, records)
    else:
        _load_places(plan, records)
        by_key = _residents_by_household_name(plan, records)
    unavailable: set[tuple[str, str]] = set()
    if not system:
        allowed = _changeable_ids(
            by, {p.pk for p in by_id.values()} | {p.pk for p in by_key.values()}
        )
        unavailable = {key for key, person in by_id.items() if person.pk not in allowed}
        by_id = {key: person for key, person in by_id.items() if person.pk in allowed}
        by_key = {key: person for key, person in by_key.items() if person.pk in allowed}
    matched_ids = {p.pk for p in by_id.values()} | {p.pk for p in by_key.values()}
    insiders = _insiders(org_id, matched_ids)
    memberships = _memberships(org_id, matched_ids) if batch.kind == "members" else {}
    skills = _skills_of(matched_ids)
    taken: dict[int, int] = {}  # person pk → row that matched it first

    for record in records:
        if record.id_key in unavailable:
            plan.conflicts.append(
                _conflict(
                    record,
                    "id_number",
                    _(
                        "This ID number cannot be used in this import; check it, "
                        "or ask an administrator."
                    ),
                    "id_unavailable",
                )
            )
            continue
        person = _match(record, plan, by_id, by_key)
        if person is not None and person.name != record.name:
            plan.conflicts.append(
                _conflict(
                    record,
                    "id_number",
                    _("This ID number is already registered under a different name."),
                    "id_name_mismatch",
                )
            )
            continue
        if person is not None:
            first = taken.setdefault(person.pk, record.row)
            if first != record.row:
                plan.conflicts.append(
                    _conflict(
                        record,
                        "name",
                        _("This row and row %(row)s are the same registered person.")
                        % {"row": first},
                        "duplicate_person",
                    )
                )
                continue
        step = _step(record, person, fill_only=person is not None and person.pk not in insiders)
        if batch.kind == ImportBatch.Kind.MEMBERS:
            _plan_membership(step, memberships)
        else:
            _plan_household(step, plan)
        have = skills.get(step.person.pk, set()) if not step.is_new else set()
        step.add_skills = tuple(s for s in record.skill_ids if s not in have)
        plan.steps.append(step)
    return plan


def _conflict(record: Record, field_name: str, reason: str, code: str) -> dict[str, Any]:
    return {"row": record.row, "field": field_name, "reason": reason, "code": code}


def _match(
    record: Record,
    plan: Plan,
    by_id: dict[tuple[str, str], Person],
    by_key: dict[tuple[Any, ...], Person],
) -> Person | None:
    key = _natural_key(record, plan)
    if record.id_key is not None:
        found = by_id.get(record.id_key)
        if found is not None:
            return found
        # Registered before without an ID number: the same person, now identified.
        candidate = by_key.get(key) if key else None
        return candidate if candidate is not None and not candidate.id_number else None
    return by_key.get(key) if key else None


def _natural_key(record: Record, plan: Plan) -> tuple[Any, ...] | None:
    if plan.kind == ImportBatch.Kind.MEMBERS:
        phone = record.person.get("phone")
        return (record.name, phone) if phone else None
    household = plan.households.get((building_key(record.building), room_key(record.room)))
    return (household.pk, record.name) if household else None


def _step(record: Record, person: Person | None, *, fill_only: bool) -> Step:
    if person is None:
        values = {k: v for k, v in record.person.items() if k in PERSON_FIELDS}
        return Step(record=record, person=Person(name=record.name, **values), is_new=True)
    step = Step(record=record, person=person, is_new=False)
    for name, value in record.person.items():
        current = getattr(person, name)
        if current == value:
            continue
        # A person this organization does not manage: only fill what is blank.
        if fill_only and current not in _BLANK_VALUES:
            continue
        setattr(person, name, value)
        step.changed.add(name)
    return step


def _plan_membership(step: Step, memberships: dict[tuple[int, int], Membership]) -> None:
    record = step.record
    assert record.branch_id is not None
    existing = None if step.is_new else memberships.get((record.branch_id, step.person.pk))
    if existing is None:
        step.add_membership = True
    elif record.title and existing.title != record.title:
        existing.title = record.title
        step.title_membership = existing


def _plan_household(step: Step, plan: Plan) -> None:
    record = step.record
    key = (building_key(record.building), room_key(record.room))
    household = plan.households.get(key)
    if household is None:
        plan.new_places.setdefault(key, (record.building, record.room))
        step.household = key
        step.changed.add("household")
    elif step.is_new or step.person.household_id != household.pk:
        step.person.household_id = household.pk
        step.changed.add("household")


# Reads ------------------------------------------------------------------------------------------
def _people_by_id(records: list[Record]) -> dict[tuple[str, str], Person]:
    numbers = sorted({r.id_key[1] for r in records if r.id_key})
    found: dict[tuple[str, str], Person] = {}
    for chunk in _chunks(numbers):
        for person in Person.objects.filter(id_number__in=chunk):
            found[(person.id_type, person.id_number)] = person
    return found


def _members_by_name_phone(org_id: int, records: list[Record]) -> dict[tuple[Any, ...], Person]:
    phones = sorted({r.person["phone"] for r in records if r.person.get("phone")})
    found: dict[tuple[Any, ...], Person] = {}
    for chunk in _chunks(phones):
        people = (
            Person.objects.filter(phone__in=chunk, memberships__branch__organization_id=org_id)
            .distinct()
            .order_by("pk")
        )
        for person in people:
            found.setdefault((person.name, person.phone), person)
    return found


def _load_places(plan: Plan, records: list[Record]) -> None:
    assert plan.compound is not None
    for building in Building.objects.filter(compound=plan.compound).order_by("pk"):
        plan.buildings.setdefault(building_key(building.name), building)
    wanted = {building_key(r.building) for r in records}
    ids = [b.pk for k, b in plan.buildings.items() if k in wanted]
    by_pk = {b.pk: k for k, b in plan.buildings.items()}
    for chunk in _chunks(ids):
        for household in Household.objects.filter(building_id__in=chunk).order_by("pk"):
            plan.households.setdefault(
                (by_pk[household.building_id], room_key(household.room)), household
            )


def _residents_by_household_name(
    plan: Plan, records: list[Record]
) -> dict[tuple[Any, ...], Person]:
    household_ids = sorted({h.pk for h in plan.households.values()})
    names = {r.name for r in records}
    found: dict[tuple[Any, ...], Person] = {}
    for chunk in _chunks(household_ids):
        for person in Person.objects.filter(household_id__in=chunk).order_by("pk"):
            if person.name in names:
                found.setdefault((person.household_id, person.name), person)
    return found


def _changeable_ids(by: Any, person_ids: set[int]) -> set[int]:
    """The people among ``person_ids`` that ``by`` may change (hub.access rules)."""
    allowed: set[int] = set()
    for chunk in _chunks(sorted(person_ids)):
        allowed.update(
            changeable(by, Person.objects.filter(pk__in=chunk)).values_list("pk", flat=True)
        )
    return allowed


def _insiders(org_id: int, person_ids: set[int]) -> set[int]:
    """People the organization already manages: its members and its compounds' residents."""
    inside: set[int] = set()
    for chunk in _chunks(sorted(person_ids)):
        inside.update(
            Membership.objects.filter(
                person_id__in=chunk, branch__organization_id=org_id
            ).values_list("person_id", flat=True)
        )
        inside.update(
            Person.objects.filter(
                pk__in=chunk, household__building__compound__organization_id=org_id
            ).values_list("pk", flat=True)
        )
    return inside


def _memberships(org_id: int, person_ids: set[int]) -> dict[tuple[int, int], Membership]:
    found: dict[tuple[int, int], Membership] = {}
    for chunk in _chunks(sorted(person_ids)):
        for membership in Membership.objects.filter(
            person_id__in=chunk, branch__organization_id=org_id
        ):
            found[(membership.branch_id, membership.person_id)] = membership
    return found


def _skills_of(person_ids: set[int]) -> dict[int, set[int]]:
    through = Person.skills.through
    found: dict[int, set[int]] = {}
    for chunk in _chunks(sorted(person_ids)):
        for person_id, skill_id in through.objects.filter(person_id__in=chunk).values_list(
            "person_id", "skill_id"
        ):
            found.setdefault(person_id, set()).add(skill_id)
    return found


# Writes -----------------------------------------------------------------------------------------
def execute_plan(plan: Plan, progress: Progress | None = None) -> dict[str, int]:
    """Write the plan: places, new people, changed people, memberships, skills.

    Must run inside the caller's transaction; returns the created/updated/unchanged counts.
    """
    total = len(plan.steps)
    report = progress or (lambda done, total, message: None)
    if plan.kind == ImportBatch.Kind.RESIDENTS:
        _create_places(plan)
        for step in plan.steps:
            if step.household is not None:
                step.person.household_id = plan.households[step.household].pk
    report(0, total, _("Writing people"))

    now = timezone.now()
    new_people = [s.person for s in plan.steps if s.is_new]
    Person.objects.bulk_create(new_people, batch_size=BATCH_SIZE)
    report(len(new_people), total, _("Writing people"))

    changed = [s for s in plan.steps if not s.is_new and s.changed]
    if changed:
        fields = {name for s in changed for name in s.changed}
        for step in changed:
            step.person.updated_at = now
            step.person.version = F("version") + 1  # type: ignore[assignment]
        Person.objects.bulk_update(
            [s.person for s in changed],
            sorted(fields | {"updated_at", "version"}),
            batch_size=BATCH_SIZE,
        )
    report(total, total, _("Writing memberships and skills"))

    if plan.kind == ImportBatch.Kind.MEMBERS:
        Membership.objects.bulk_create(
            [
                Membership(
                    branch_id=s.record.branch_id, person_id=s.person.pk, title=s.record.title or ""
                )
                for s in plan.steps
                if s.add_membership and s.record.branch_id is not None
            ],
            batch_size=BATCH_SIZE,
        )
        titled = [s.title_membership for s in plan.steps if s.title_membership is not None]
        if titled:
            Membership.objects.bulk_update(titled, ["title"], batch_size=BATCH_SIZE)
    through = Person.skills.through
    through.objects.bulk_create(
        [
            through(person_id=s.person.pk, skill_id=skill_id)
            for s in plan.steps
            for skill_id in s.add_skills
        ],
        batch_size=BATCH_SIZE,
        ignore_conflicts=True,
    )
    return plan.counts()


def _create_places(plan: Plan) -> None:
    assert plan.compound is not None
    missing: dict[str, Building] = {}
    for (bkey, _rkey), (building_name, _room) in plan.new_places.items():
        if bkey not in plan.buildings and bkey not in missing:
            missing[bkey] = Building(
                compound=plan.compound, name=building_name, sort_key=natural_key(building_name)
            )
    Building.objects.bulk_create(list(missing.values()), batch_size=BATCH_SIZE)
    plan.buildings.update(missing)
    households = {
        key: Household(building=plan.buildings[key[0]], room=room, sort_key=natural_key(room))
        for key, (_building, room) in plan.new_places.items()
    }
    Household.objects.bulk_create(list(households.values()), batch_size=BATCH_SIZE)
    plan.households.update(households)
