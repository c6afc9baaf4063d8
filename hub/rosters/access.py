"""Who may see and change roster runs: the same people as for the posts they roster."""

from __future__ import annotations

from hub.access.policy import register
from hub.rosters.models import RosterCell, RosterRun, RosterWish
from hub.volunteering.access import post_change, post_visible

register(RosterRun, visible=post_visible, change=post_change)
register(
    RosterCell,
    visible=lambda s: post_visible(s, "run__"),
    change=lambda s: post_change(s, "run__"),
)
register(
    RosterWish,
    visible=lambda s: post_visible(s, "run__"),
    change=lambda s: post_change(s, "run__"),
)
