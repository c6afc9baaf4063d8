"""The one write path of supplies (see each module's docstring for invariants and lock order)."""

from hub.supplies.actions.assisted import (
    cancel_assisted_order,
    link_assisted_parcel,
    record_assisted_order,
)
from hub.supplies.actions.compound import (
    save_building_spots,
    save_cart,
    set_walking_distance,
)
from hub.supplies.actions.custody import (
    deliver_parcel,
    fail_parcel,
    load_parcel,
    requeue_parcel,
    sort_parcel,
    start_trip,
    tell_household,
)
from hub.supplies.actions.group_buy import import_group_buy, preview_group_buy
from hub.supplies.actions.intake import (
    issue_government_packs,
    open_night,
    receive_parcel,
    resolve_room,
)
from hub.supplies.actions.planning import plan_night

__all__ = [
    "cancel_assisted_order",
    "deliver_parcel",
    "fail_parcel",
    "import_group_buy",
    "issue_government_packs",
    "link_assisted_parcel",
    "load_parcel",
    "open_night",
    "plan_night",
    "preview_group_buy",
    "receive_parcel",
    "record_assisted_order",
    "requeue_parcel",
    "resolve_room",
    "save_building_spots",
    "save_cart",
    "set_walking_distance",
    "sort_parcel",
    "start_trip",
    "tell_household",
]
