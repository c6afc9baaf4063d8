"""Reads for screening pages and endpoints, scoped through ``hub.access``.

Coverage is always counted against the household register (every resident whose home household
is in the compound), never against the residents who happened to be scanned.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from hub.access import get_visible, visible
from hub.people.models import Person
from hub.places.models import Building
from hub.screening.models import (
    ClosureRound,
    Exemption,
    HomeSampling,
    Sample,
    ScreeningCode,
    ScreeningRound,
    SlotAssignment,
    Tube,
)


def get_round_for(user: Any, pk: int) -> ScreeningRound:
    """The round the user may see (404 otherwise)."""
    return get_visible(user, ScreeningRound.objects.select_related("compound__organization"), pk=pk)


def list_rounds(user: Any) -> QuerySet[ScreeningRound]:
    return visible(user, ScreeningRound.objects.select_related("compound")).order_by(
        "-starts_at", "-pk"
    )


@dataclass
class BuildingCoverage:
    building_id: int
    name: str
    residents: int = 0
    sampled: int = 0
    home_sampled: int = 0
    exempt: int = 0
    missing: int = 0
    households: int = 0
    households_done: int = 0

    @property
    def percent(self) -> float:
        """Share of the register accounted for (sampled, home-sampled or exempt)."""
        if not self.residents:
            return 100.0
        return 100.0 * (self.residents - self.missing) / self.residents


@dataclass
class Coverage:
    buildings: list[BuildingCoverage] = field(default_factory=list)

    def total(self) -> BuildingCoverage:
        t = BuildingCoverage(building_id=0, name="")
        for b in self.buildings:
            for attr in (
                "residents",
                "sampled",
                "home_sampled",
                "exempt",
                "missing",
                "households",
                "households_done",
            ):
                setattr(t, attr, getattr(t, attr) + getattr(b, attr))
        return t


def _register(round_: ScreeningRound, building_ids: list[int] | None) -> QuerySet[Person]:
    people = Person.objects.filter(household__building__compound_id=round_.compound_id)
    if building_ids is not None:
        people = people.filter(household__building_id__in=building_ids)
    first = Sample.objects.filter(round=round_, person=OuterRef("pk"), is_retest=False)
    return people.annotate(
        s_any=Exists(first),
        s_home=Exists(first.filter(at_home=True)),
        s_exempt=Exists(Exemption.objects.filter(round=round_, person=OuterRef("pk"))),
    )


def coverage(round_: ScreeningRound, *, building_ids: list[int] | None = None) -> Coverage:
    """Coverage per building of the round's compound: two queries whatever the size."""
    buildings = Building.objects.filter(compound_id=round_.compound_id).order_by("sort_key")
    if building_ids is not None:
        buildings = buildings.filter(pk__in=building_ids)
    out = {b.pk: BuildingCoverage(building_id=b.pk, name=b.name) for b in buildings}
    rows = (
        _register(round_, building_ids)
        .values("household__building_id", "household_id")
        .annotate(
            n=Count("id"),
            sampled=Count("id", filter=Q(s_any=True, s_home=False)),
            home=Count("id", filter=Q(s_home=True)),
            exempt=Count("id", filter=Q(s_any=False, s_exempt=True)),
        )
        .order_by()
    )
    for row in rows:
        b = out.get(row["household__building_id"])
        if b is None:
            continue
        missing = row["n"] - row["sampled"] - row["home"] - row["exempt"]
        b.residents += row["n"]
        b.sampled += row["sampled"]
        b.home_sampled += row["home"]
        b.exempt += row["exempt"]
        b.missing += missing
        b.households += 1
        b.households_done += int(missing == 0)
    return Coverage(buildings=list(out.values()))


def missing_residents(
    round_: ScreeningRound, *, building_ids: list[int] | None = None
) -> QuerySet[Person]:
    """Registered residents neither sampled nor exempt: the door-knocking follow-up list."""
    return (
        _register(round_, building_ids)
        .filter(Q(s_any=False) & Q(s_exempt=False))
        .annotate(
            on_home_list=Exists(HomeSampling.objects.filter(round=round_, person=OuterRef("pk")))
        )
        .select_related("household__building")
        .order_by("household__building__sort_key", "household__sort_key", "pk")
    )


def visible_building_ids(user: Any, round_: ScreeningRound) -> list[int] | None:
    """None when the user sees the whole compound; else the buildings they lead."""
    from hub.access import changeable

    if changeable(user, ScreeningRound.objects.filter(pk=round_.pk)).exists():
        return None
    return list(
        visible(user, Building.objects.filter(compound_id=round_.compound_id)).values_list(
            "pk", flat=True
        )
    )


def plan_rows(round_: ScreeningRound) -> QuerySet[SlotAssignment]:
    return SlotAssignment.objects.filter(round=round_).select_related("slot", "point", "building")


def tubes_awaiting_result(round_: ScreeningRound) -> QuerySet[Tube]:
    """Sealed tubes of ``round_`` with no laboratory result yet (for the coordinators)."""
    return Tube.objects.filter(
        round=round_, status=Tube.Status.CLOSED, result__isnull=True
    ).order_by("label")


def open_tubes(round_: ScreeningRound) -> QuerySet[Tube]:
    return Tube.objects.filter(round=round_, status=Tube.Status.OPEN).select_related("point")


def compound_summary(user: Any, *, limit: int | None = 100) -> list[dict[str, Any]]:
    """The organization's view: each visible round with register, sampled, exempt and missing.

    Two queries whatever the number of rounds (counts by SQL, the register per compound). The
    counts are correlated subqueries, each an index range of one round (``sample_once_per_round``,
    ``exemption_unique``): joining samples and exemptions to the rounds and counting distinct
    rows multiplied them first (samples × exemptions per round) and took over a second at a
    hundred rounds of 1,000 residents (docs/benchmarks-screening-city.md). ``limit`` caps the
    rounds shown (the page shows the newest 100; None: all, the district dashboard).
    """
    from django.db.models import IntegerField, Subquery
    from django.db.models.functions import Coalesce

    def count_of(qs: QuerySet[Any]) -> Any:
        counted = qs.order_by().values("round_id").annotate(n=Count("pk")).values("n")[:1]
        return Coalesce(Subquery(counted, output_field=IntegerField()), 0)

    rounds_qs = list_rounds(user).annotate(
        n_sampled=count_of(Sample.objects.filter(round_id=OuterRef("pk"), is_retest=False)),
        n_exempt=count_of(Exemption.objects.filter(round_id=OuterRef("pk"))),
    )
    rounds = list(rounds_qs if limit is None else rounds_qs[:limit])
    register = dict(
        Person.objects.filter(household__building__compound_id__in={r.compound_id for r in rounds})
        .values("household__building__compound_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("household__building__compound_id", "n")
    )
    out = []
    for r in rounds:
        n = register.get(r.compound_id, 0)
        done = min(n, r.n_sampled + r.n_exempt)
        out.append(
            {
                "round": r,
                "register": n,
                "sampled": r.n_sampled,
                "exempt": r.n_exempt,
                "missing": n - done,
                "percent": 100.0 * done / n if n else 100.0,
            }
        )
    return out


def not_reported(user: Any, *, day: Any) -> QuerySet[Person]:
    """Residents the user may see (a building leader: their buildings) with no antigen report
    for ``day``; the result itself is never part of this list."""
    from hub.screening.models import AntigenReport

    reported = AntigenReport.objects.filter(person=OuterRef("pk"), day=day)
    return (
        visible(user, Person.objects.filter(household__isnull=False))
        .exclude(Exists(reported))
        .select_related("household__building")
        .order_by("household__building__sort_key", "household__sort_key", "pk")
    )


def code_of(person: Person) -> ScreeningCode | None:
    """``person``'s issued screening code, or None when none has been issued (never issues)."""
    return ScreeningCode.objects.filter(person=person).first()


def resident_of(user: Any) -> Person | None:
    """The signed-in user's own resident record (a person with a home household), if any."""
    from hub.access import scope_for

    scope = scope_for(user)
    if scope.person_id is None:
        return None
    return (
        Person.objects.filter(pk=scope.person_id, household__isnull=False)
        .select_related("household__building")
        .first()
    )


def may_scan(user: Any, round_: ScreeningRound) -> bool:
    """Whether ``user`` may scan at this round: its coordinators and admins, and named samplers."""
    from hub.access import changeable, scope_for

    scope = scope_for(user)
    if scope.is_superuser:
        return True
    if changeable(user, ScreeningRound.objects.filter(pk=round_.pk)).exists():
        return True
    return scope.person_id is not None and round_.samplers.filter(pk=scope.person_id).exists()


def closure_rounds(user: Any) -> QuerySet[ClosureRound]:
    """The closure rounds the user may see, newest compound round first, each with its counters:
    posts needed, shifts and places in its window, places taken, its screening rounds.

    One query whatever the number of rounds (the counters are correlated subqueries).
    """
    from django.db.models import F, Func, IntegerField, Subquery
    from django.db.models.functions import Coalesce

    from hub.volunteering.models import Shift

    through = ClosureRound.posts.through
    post_ids = through.objects.filter(closureround_id=OuterRef(OuterRef("pk"))).values("post_id")
    shifts = (
        Shift.objects.filter(
            post_id__in=Subquery(post_ids),
            starts_at__gte=OuterRef("starts_at"),
            starts_at__lt=OuterRef("ends_at"),
        )
        .exclude(status=Shift.Status.CANCELLED)
        .order_by()
    )

    def total(qs: QuerySet[Any], expr: Any) -> Any:
        return Coalesce(Subquery(qs.values(v=expr)[:1], output_field=IntegerField()), 0)

    count = Func(F("pk"), function="COUNT")
    return (
        visible(user, ClosureRound.objects.select_related("compound", "building"))
        .annotate(
            n_posts=total(
                through.objects.filter(closureround_id=OuterRef("pk")).order_by(),
                Func(F("pk"), function="COUNT"),
            ),
            n_shifts=total(shifts, count),
            n_places=total(shifts, Func(F("capacity"), function="SUM")),
            n_taken=total(shifts, Func(F("taken"), function="SUM")),
            n_screening=total(
                ScreeningRound.objects.filter(closure_id=OuterRef("pk")).order_by(), count
            ),
        )
        .order_by("compound__name", "-number")
    )


def closure_round_for(user: Any, pk: int) -> ClosureRound:
    """One closure round the user may see (404 otherwise)."""
    return get_visible(user, ClosureRound.objects.select_related("compound", "building"), pk=pk)


def closure_compounds(user: Any) -> QuerySet[Any]:
    """Compounds where the user may start a closure round (their admins and coordinators)."""
    from hub.access import changeable
    from hub.places.models import Compound

    return changeable(user, Compound.objects.all()).order_by("name")


# Antigen self-tests ----------------------------------------------------------------------------


def kit_households(user: Any) -> QuerySet[Any]:
    """Households the user may see, each with the kits it has received (who got how many)
    and when last; one query."""
    from django.db.models import F, Func, IntegerField, Max, Subquery
    from django.db.models.functions import Coalesce

    from hub.places.models import Household
    from hub.screening.models import KitHandout

    handed = KitHandout.objects.filter(household_id=OuterRef("pk")).order_by()
    return (
        visible(user, Household.objects.select_related("building"))
        .annotate(
            kits=Coalesce(
                Subquery(
                    handed.values(v=Func(F("kits"), function="SUM"))[:1],
                    output_field=IntegerField(),
                ),
                0,
            ),
            last_handed=Subquery(
                handed.values("household_id").annotate(m=Max("handed_at")).values("m")[:1]
            ),
        )
        .order_by("building__sort_key", "sort_key")
    )


def visible_household(user: Any, pk: int) -> Any:
    from hub.places.models import Household

    return get_visible(user, Household.objects.select_related("building"), pk=pk)


def visible_resident(user: Any, pk: int) -> Person:
    """A resident (a person with a home household) the user may see (404 otherwise)."""
    return get_visible(
        user,
        Person.objects.filter(household__isnull=False).select_related("household__building"),
        pk=pk,
    )


def antigen_report_for(user: Any, pk: int) -> Any:
    from hub.screening.models import AntigenReport

    return get_visible(user, AntigenReport.objects.all(), pk=pk)


def has_reported(person: Person, *, day: Any) -> bool:
    """Whether ``person`` has an antigen report for ``day`` (the fact, not the result)."""
    from hub.screening.models import AntigenReport

    return AntigenReport.objects.filter(person=person, day=day).exists()


def recent_reports(user: Any, person: Person, *, limit: int = 7) -> list[Any]:
    """``person``'s latest antigen reports, only if the user may see results (the resident,
    coordinators and admins; never a building leader). Photos are not loaded."""
    from hub.screening.models import AntigenReport

    rows = AntigenReport.objects.filter(person=person).defer("photo").order_by("-day")
    return list(visible(user, rows)[:limit])


# Point duties ------------------------------------------------------------------------------------


def duties(round_: ScreeningRound) -> QuerySet[Any]:
    """Who is on duty at which point and slot of ``round_``: one query."""
    from hub.screening.models import PointDuty

    return (
        PointDuty.objects.filter(round=round_)
        .select_related("point", "slot", "person__household__building")
        .order_by("point__name", "slot__index", "duty", "pk")
    )


def duty_candidates(user: Any, round_: ScreeningRound) -> QuerySet[Person]:
    """People the user may put on duty: those they see living in the round's compound, and the
    round's samplers (volunteers from elsewhere named on it)."""
    people = visible(user, Person.objects.all())
    return (
        people.filter(
            Q(household__building__compound_id=round_.compound_id)
            | Q(pk__in=round_.samplers.values("pk"))
        )
        .select_related("household__building")
        .order_by("household__building__sort_key", "household__sort_key", "pk")
        .distinct()
    )


def duty_for(user: Any, pk: int) -> Any:
    from hub.screening.models import PointDuty

    return get_visible(user, PointDuty.objects.select_related("round"), pk=pk)
