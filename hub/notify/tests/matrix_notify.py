"""Access-matrix rows for the notification settings pages (read by hub/access/tests).

Targets: "own" is a robot route of the health center (its org admin configures it), "foreign"
one of the other organization. Only an organization's admins see or change its routes; the
residents' committee's admin is an admin too, but of another organization, so 404.
"""

from __future__ import annotations

from typing import Any

from hub.access.tests.matrix_kit import Route, pk
from hub.notify.actions import add_robot
from hub.notify.models import ChannelRoute, Message

ADMINS = frozenset({"admin", "rc_admin", "outsider"})
VISIBLE = {
    kind: {"own": frozenset({"admin"}), "foreign": frozenset({"outsider"})}
    for kind in ("route", "route_remove")
}


def _robot(by: Any, organization: Any) -> ChannelRoute:
    return add_robot(
        by=by, organization=organization, kind="wecom", url="https://qyapi.weixin.qq.com/x"
    )


def targets(cast: Any) -> dict[str, dict[str, Any]]:
    return {
        kind: {
            "own": _robot(cast.admin, cast.org_health),
            "foreign": _robot(cast.outsider, cast.org_other),
        }
        for kind in ("route", "route_remove")
    }


def _state() -> Any:
    return (
        sorted(ChannelRoute.objects.values_list("id", "enabled", "channel_id")),
        Message.objects.count(),
    )


ROUTES = {
    "notify:settings": Route(allowed=ADMINS),
    "notify:robot-add": Route(
        method="POST",
        allowed=ADMINS,
        data={"kind": "wecom", "url": "https://qyapi.weixin.qq.com/y", "audience": "group"},
        ok=(302,),
        snapshot=_state,
    ),
    "notify:person-route-add": Route(
        method="POST", allowed=ADMINS, data={"medium": "sms"}, ok=(302,), snapshot=_state
    ),
    "notify:route-test": Route(
        method="POST",
        target="route",
        kwargs=pk("route_id"),
        allowed=VISIBLE["route"],
        ok=(302,),
        snapshot=_state,
    ),
    "notify:route-remove": Route(
        method="POST",
        target="route_remove",
        kwargs=pk("route_id"),
        allowed=VISIBLE["route_remove"],
        ok=(302,),
        snapshot=_state,
    ),
}
