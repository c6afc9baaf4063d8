"""Who may see and change roster runs.

Change: the same people as for the posts they roster. See: a published run is seen by everyone
who sees its posts; a run not yet published (draft, solving, solved, failed) is a working paper,
seen only by those who may change it, so volunteers do not read a roster that may still change.
"""

from __future__ import annotations

from django.db.models import Q

from hub.access.policy import register
from hub.access.scope import Scope
from hub.rosters.models import RosterCell, RosterRun, RosterWish
from hub.volunteering.access import post_change, post_visible


def _run_visible(s: Scope, prefix: str = "") -> Q:
    published = Q(**{f"{prefix}status": RosterRun.Status.PUBLISHED})
    return post_change(s, prefix) | (post_visible(s, prefix) & published)


register(RosterRun, visible=_run_visible, change=post_change)
register(
    RosterCell,
    visible=lambda s: _run_visible(s, "run__"),
    change=lambda s: post_change(s, "run__"),
)
register(
    RosterWish,
    visible=lambda s: _run_visible(s, "run__"),
    change=lambda s: post_change(s, "run__"),
)
