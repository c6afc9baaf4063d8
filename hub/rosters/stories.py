"""Demo story for rostering: the office's duty week and a compound's closure round, created
through the volunteering actions so a coordinator can roster both from the browser."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from hub.people.models import Skill
from hub.volunteering.actions.posts import create_post, create_shift_series


def _skill(code: str, name: str) -> Skill:
    skill, _ = Skill.objects.get_or_create(code=code, defaults={"name": name})
    return skill


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    naive = dt.datetime.combine(day, dt.time(hour, minute))
    return timezone.make_aware(naive, timezone.get_current_timezone())


def seed_rostering_demo(
    *,
    office_org: Any,
    branch: Any,
    compound_org: Any,
    compound: Any,
    by: Any,
    start: dt.date,
) -> dict[str, Any]:
    """Duty posts of the center's office for the week from ``start`` (值班 day 08:30–17:00
    and evening 17:00–21:00, one place each) and the compound's closure round (核酸检测秩序维护,
    three mornings, four places, a team lead asked). Returns the posts and shifts created."""
    phone = _skill("phone_duty", "电话值守")
    order = _skill("order_keeping", "秩序维护")
    day_post = create_post(
        by=by,
        organization=office_org,
        branch=branch,
        name="值班（白班）",
        site="中心办公室",
        kind="duty",
        content="接听热线、登记来访、上报信息",
        required_skills=[phone],
    )
    evening_post = create_post(
        by=by,
        organization=office_org,
        branch=branch,
        name="值班（晚班）",
        site="中心办公室",
        kind="duty",
        content="夜间热线与应急联络",
    )
    duty = create_shift_series(
        by=by,
        post=day_post,
        first_starts_at=_at(start, 8, 30),
        first_ends_at=_at(start, 17),
        days=7,
        capacity=1,
    )
    duty += create_shift_series(
        by=by,
        post=evening_post,
        first_starts_at=_at(start, 17),
        first_ends_at=_at(start, 21),
        days=7,
        capacity=1,
    )
    round_post = create_post(
        by=by,
        organization=compound_org,
        compound=compound,
        name="核酸检测秩序维护",
        site=f"{compound.name}广场",
        content="引导排队、核对信息、保持间距",
        required_skills=[order],
    )
    closure = create_shift_series(
        by=by,
        post=round_post,
        first_starts_at=_at(start, 7),
        first_ends_at=_at(start, 11),
        days=3,
        capacity=4,
        min_staff=2,
        needs_team_lead=True,
    )
    return {
        "duty_posts": [day_post, evening_post],
        "duty_shifts": duty,
        "round_post": round_post,
        "round_shifts": closure,
        "skills": [phone, order],
    }
