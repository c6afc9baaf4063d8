"""A roster run not yet published is seen only by those who manage it."""

from __future__ import annotations

import pytest

from hub.access import visible
from hub.conftest import Cast
from hub.rosters.models import RosterCell, RosterRun
from hub.rosters.tests.matrix_rosters import _run
from hub.testing.builders import member

pytestmark = pytest.mark.django_db


def test_volunteers_and_office_staff_do_not_see_an_unpublished_run(cast: Cast) -> None:
    run = _run(cast, cast.org_health, cast.branch_first, [member(cast, 901)], "草稿")
    assert run.status != RosterRun.Status.PUBLISHED

    for role in ("volunteer", "office", "desk"):
        user = cast.users[role]
        assert not visible(user, RosterRun.objects.filter(pk=run.pk)).exists(), role
        assert not visible(user, RosterCell.objects.filter(run=run)).exists(), role
    for role in ("admin", "secretary"):
        assert visible(cast.users[role], RosterRun.objects.filter(pk=run.pk)).exists(), role


def test_a_published_run_is_seen_by_everyone_who_sees_its_posts(cast: Cast) -> None:
    run = _run(cast, cast.org_health, cast.branch_first, [member(cast, 901)], "已发布")
    RosterRun.objects.filter(pk=run.pk).update(status=RosterRun.Status.PUBLISHED)

    assert visible(cast.volunteer, RosterRun.objects.filter(pk=run.pk)).exists()
