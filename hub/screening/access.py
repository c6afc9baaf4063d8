"""Who may see and change screening rows.

* a round, its points, slots and plan: the compound's organization admins and coordinators see
  and change them; building leaders of the compound see them; samplers named on a round see it;
* samples, home lists, exemptions, re-tests: as the round, building leaders only for their own
  buildings;
* tube results (health data): the organization admins and coordinators only — never building
  leaders or samplers;
* codes: the resident themself, and whoever may change the resident;
* point duties (who samples where): as the round, and the person on duty sees their own.
"""

from __future__ import annotations

from django.db.models import Q

from hub.access.policy import NOTHING, register
from hub.access.scope import Scope
from hub.screening.models import (
    AntigenReport,
    ClosureRound,
    Exemption,
    HomeSampling,
    KitHandout,
    PointDuty,
    Retest,
    Sample,
    SamplingPoint,
    ScreeningCode,
    ScreeningRound,
    Slot,
    SlotAssignment,
    Tube,
    TubeResult,
)


def round_change(s: Scope, prefix: str = "") -> Q:
    return Q(**{f"{prefix}compound__organization_id__in": s.admin_org_ids}) | Q(
        **{f"{prefix}compound_id__in": s.compound_ids}
    )


def round_visible(s: Scope, prefix: str = "") -> Q:
    q = round_change(s, prefix) | Q(**{f"{prefix}compound_id__in": s.leader_compound_ids})
    if s.person_id:
        q |= Q(**{f"{prefix}samplers": s.person_id})
    return q


def _sampler_or_change(s: Scope, prefix: str) -> Q:
    q = round_change(s, prefix)
    if s.person_id:
        q |= Q(**{f"{prefix}samplers": s.person_id})
    return q


def _per_building(s: Scope, building_field: str) -> Q:
    return round_change(s, "round__") | Q(**{f"{building_field}__in": s.building_ids})


register(ScreeningRound, visible=round_visible, change=round_change)
for model in (SamplingPoint, Slot, SlotAssignment):
    register(
        model,
        visible=lambda s: round_visible(s, "round__"),
        change=lambda s: round_change(s, "round__"),
    )
register(
    Tube,
    visible=lambda s: _sampler_or_change(s, "round__"),
    change=lambda s: _sampler_or_change(s, "round__"),
)
register(
    Sample,
    visible=lambda s: _per_building(s, "building_id") | _sampler_or_change(s, "round__"),
    change=lambda s: round_change(s, "round__"),
)
for listed in (HomeSampling, Exemption, Retest):
    register(
        listed,
        visible=lambda s: _per_building(s, "person__household__building_id"),
        change=lambda s: round_change(s, "round__"),
    )
register(
    TubeResult,
    visible=lambda s: round_change(s, "tube__round__"),
    change=lambda s: round_change(s, "tube__round__"),
)
register(
    ScreeningCode,
    visible=lambda s: (
        (Q(person_id=s.person_id) if s.person_id else NOTHING)
        | Q(person__household__building__compound__organization_id__in=s.admin_org_ids)
        | Q(person__household__building__compound_id__in=s.compound_ids)
        | Q(person__household__building_id__in=s.building_ids)
    ),
    change=lambda s: (
        Q(person__household__building__compound__organization_id__in=s.admin_org_ids)
        | Q(person__household__building__compound_id__in=s.compound_ids)
    ),
)
register(
    AntigenReport,
    visible=lambda s: (
        (Q(person_id=s.person_id) if s.person_id else NOTHING)
        | Q(person__household__building__compound__organization_id__in=s.admin_org_ids)
        | Q(person__household__building__compound_id__in=s.compound_ids)
    ),
    change=lambda s: (
        (Q(person_id=s.person_id) if s.person_id else NOTHING)
        | Q(person__household__building__compound_id__in=s.compound_ids)
    ),
)
register(
    KitHandout,
    visible=lambda s: (
        Q(household__building__compound__organization_id__in=s.admin_org_ids)
        | Q(household__building__compound_id__in=s.compound_ids)
        | Q(household__building_id__in=s.building_ids)
    ),
    change=lambda s: Q(household__building__compound_id__in=s.compound_ids),
)
register(
    ClosureRound,
    visible=lambda s: round_change(s) | Q(compound_id__in=s.leader_compound_ids),
    change=round_change,
)
register(
    PointDuty,
    visible=lambda s: (
        round_visible(s, "round__") | (Q(person_id=s.person_id) if s.person_id else NOTHING)
    ),
    change=lambda s: round_change(s, "round__"),
)
