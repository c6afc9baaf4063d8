"""The rostering demo story creates both the office's duty week and a closure round."""

from __future__ import annotations

import datetime as dt

import pytest

from hub.rosters.stories import seed_rostering_demo


@pytest.mark.django_db
def test_demo_story_creates_duty_week_and_closure_round(cast):
    made = seed_rostering_demo(
        office_org=cast.org_health,
        branch=cast.branch_first,
        compound_org=cast.org_rc,
        compound=cast.compound_other,
        by=None,
        start=dt.date(2022, 4, 4),
    )
    assert len(made["duty_shifts"]) == 14
    assert {p.kind for p in made["duty_posts"]} == {"duty"}
    assert len(made["round_shifts"]) == 3
    assert made["round_post"].compound == cast.compound_other
