"""Who may see and change supplies rows.

Managers of the compound (its organization's admins and its community coordinators) see and
change everything of their compound. A building leader sees the parcels of their building. The
night's crew — people with an approved sign-up on the night's sorting or delivery shift — sees the
night and its parcels (rooms and phones masked on the page) and works them; a volunteer sees only
their own trips. An assisted order (代下单) is seen by the night's crew and the building's
leader, and changed by the managers and the volunteer who recorded it.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from hub.access.policy import NOTHING, register
from hub.access.scope import Scope
from hub.supplies.models import (
    AssistedOrder,
    BuildingSpot,
    Cart,
    CustodyEvent,
    Night,
    Parcel,
    Plan,
    SupplySite,
    Trip,
    WalkingDistance,
)
from hub.volunteering.models import SignUp


def manages(s: Scope, compound: str = "compound__") -> Q:
    """Rows of a compound the user manages; ``compound`` is the path to it, ending in "__"."""
    return Q(**{f"{compound}organization_id__in": s.admin_org_ids}) | Q(
        **{f"{compound.removesuffix('__')}_id__in": s.compound_ids}
    )


def manages_compound(s: Scope) -> Q:
    return Q(organization_id__in=s.admin_org_ids) | Q(id__in=s.compound_ids)


def crew(s: Scope, night: str = "") -> Q:
    """The night's crew: approved on its sorting or delivery shift."""
    if not s.person_id:
        return NOTHING
    q = NOTHING
    for shift in ("sorting_shift", "delivery_shift"):
        q |= Q(
            Exists(
                SignUp.objects.filter(
                    shift_id=OuterRef(f"{night}{shift}_id"),
                    person_id=s.person_id,
                    status=SignUp.Status.APPROVED,
                )
            )
        )
    return q


def _leads(s: Scope, compound: str = "compound_id") -> Q:
    return Q(**{f"{compound}__in": s.leader_compound_ids})


register(
    Night,
    visible=lambda s: manages(s) | _leads(s) | crew(s),
    change=lambda s: manages(s),
)
register(
    Parcel,
    visible=lambda s: (
        manages(s) | Q(household__building_id__in=s.building_ids) | crew(s, "night__")
    ),
    change=lambda s: manages(s) | crew(s, "night__"),
)
register(
    CustodyEvent,
    visible=lambda s: manages(s, "parcel__compound__") | crew(s, "parcel__night__"),
    change=lambda s: NOTHING,
)
register(
    Trip,
    visible=lambda s: (
        manages(s, "night__compound__") | (Q(volunteer_id=s.person_id) if s.person_id else NOTHING)
    ),
    change=lambda s: (
        manages(s, "night__compound__") | (Q(volunteer_id=s.person_id) if s.person_id else NOTHING)
    ),
)
register(
    AssistedOrder,
    visible=lambda s: (
        manages(s, "night__compound__")
        | crew(s, "night__")
        | Q(household__building_id__in=s.building_ids)
        | (Q(volunteer_id=s.person_id) if s.person_id else NOTHING)
    ),
    change=lambda s: (
        manages(s, "night__compound__") | (Q(volunteer_id=s.person_id) if s.person_id else NOTHING)
    ),
)
register(
    Plan,
    visible=lambda s: manages(s, "night__compound__"),
    change=lambda s: manages(s, "night__compound__"),
)
for _model in (Cart, SupplySite, WalkingDistance):
    register(_model, visible=lambda s: manages(s) | _leads(s), change=lambda s: manages(s))
register(
    BuildingSpot,
    visible=lambda s: manages(s, "building__compound__") | _leads(s, "building__compound_id"),
    change=lambda s: manages(s, "building__compound__"),
)
