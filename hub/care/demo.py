"""The seed's care stories for the demo world (seed_demo), replayed through the real actions.

关爱不打烊: the isolated elderly resident of 东苑 3号楼 302 (the seed's 李阿婆; her name here is
the synthetic one the demo gave her) is put on the health center's care register and paired with
the three members of 助老小分队 who bought her groceries on 28 March (the seed's 党办主任 and two
team members; the demo never reuses the real names). Her contact log has the visit with its
purchase and a next contact; that next contact is missed and escalates. Her niece asks for a
medicine refill through the public form: triaged, given to a neighbour, fetched, handed over,
done. 当好后勤兵: the four members seconded to the city command center get scheduled welfare calls.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from zoneinfo import ZoneInfo

from hub.accounts.models import User
from hub.care.actions import (
    assign_request,
    escalate_overdue,
    pair_volunteer,
    record_contact,
    record_medicine_step,
    record_welfare_call,
    register_recipient,
    resolve_request,
    schedule_seconded_staff,
    submit_help_request,
    triage_request,
)
from hub.people.models import Branch, Organization, Person
from hub.places.models import Compound, Household

SHANGHAI = ZoneInfo("Asia/Shanghai")
WELLBEING = (
    "身体还好，工作强度大，睡眠不足",
    "身体还好，家里老人需要配药",
    "一切正常",
    "有点感冒，已服药",
)


def _at(month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2022, month, day, hour, minute, tzinfo=SHANGHAI)


def seed_care(
    center: Organization,
    compound: Compound,
    cast: dict[str, Person],
    relative_phone: str,
    log: Callable[[str], None],
    *,
    elderly_home: tuple[str, str],
) -> None:
    """Replay the care stories; ``relative_phone`` is a synthetic number for the niece and
    ``elderly_home`` the (building, room) where the world put her."""
    admin = User.objects.get(username="demo_center_admin")
    office = User.objects.get(username="demo_office_staff")  # the 党办主任's own account
    rc_admin = User.objects.get(username="demo_dongyuan_rc_admin")
    home = Household.objects.get(
        building__compound=compound, building__name=elderly_home[0], room=elderly_home[1]
    )
    elderly = home.residents.order_by("pk").first()
    assert elderly is not None  # the world always makes her
    team = Branch.objects.get(organization=center, name="助老小分队")
    entry = register_recipient(
        by=admin,
        organization=center,
        person=elderly,
        category="temporarily_alone",
        needs=["food", "medicine"],
        needs_note="亲属被隔离在外，出门买菜不便",
        language="shanghainese",
        contact_name="外甥女",
        contact_phone=elderly.phone or "",
    )
    members = [cast["office_director"], cast["care_team_a"], cast["care_team_b"]]
    for person in members:
        pair_volunteer(
            by=admin,
            recipient=entry,
            volunteer=person,
            mode="visit",
            per_week=2,
            starts_on=dt.date(2022, 3, 28),
            team=team,
            now=_at(3, 28, 9),
        )
    visit = _at(3, 28, 12, 30)
    record_contact(
        by=office,
        recipient=entry,
        mode="visit",
        outcome="well",
        at=visit,
        now=visit,
        note="上门看望，询问身体和衣食住行，互留电话",
        needs_found="封控期间需要定期代购，下周配降压药",
        next_due_at=_at(3, 31, 10),
        purchases=[
            {
                "items": "山药、高山竹笋、挂面、麦片、小面包",
                "cost": Decimal("126.80"),
                "paid_by": cast["care_team_b"].name,
            }
        ],
    )
    alerted = escalate_overdue(now=_at(3, 31, 12))
    escalated = escalate_overdue(now=_at(3, 31, 19))

    requested = _at(4, 2, 8, 40)
    req = submit_help_request(
        compound=compound,
        building=home.building,
        room=home.room,
        for_name=elderly.name,
        requester_name="外甥女",
        requester_phone=relative_phone,
        relation="relative",
        need="medicine",
        urgency="today",
        details="阿婆的降压药快吃完了，处方在社区卫生服务中心",
        source="form",
        now=requested,
    )
    triage_request(
        by=rc_admin, request=req, urgency="today", now=requested + dt.timedelta(minutes=20)
    )
    helper = cast["retiree_organizer"]  # the 大白 who lives in 东苑
    assign_request(
        by=rc_admin, request=req, person=helper, now=requested + dt.timedelta(minutes=25)
    )
    record_medicine_step(
        by=rc_admin,
        request=req,
        step="picked_up",
        prescription_holder=elderly.name,
        pharmacy="莘庄社区卫生服务中心药房",
        now=_at(4, 2, 11),
    )
    record_medicine_step(by=rc_admin, request=req, step="handed_over", now=_at(4, 2, 12))
    resolve_request(
        by=rc_admin, request=req, resolution="降压药已送到门口，当面交接", now=_at(4, 2, 12)
    )

    schedules = schedule_seconded_staff(by=admin, organization=center, now=_at(3, 28, 9))
    for n, schedule in enumerate(schedules):
        record_welfare_call(
            by=admin,
            schedule=schedule,
            wellbeing=WELLBEING[n % len(WELLBEING)],
            needs="家中老人配药" if n == 1 else "",
            follow_up="请支部帮忙联系社区配药" if n == 1 else "",
            at=_at(3, 28, 10 + n),
            now=_at(3, 28, 10 + n),
        )
    log(
        f"· care: {elderly.name[0]}* paired with {len(members)} members of 助老小分队, "
        f"{alerted['alerted']} overdue alert and {escalated['escalated']} escalation; request "
        f"#{req.pk} done; {len(schedules)} seconded staff on welfare calls"
    )
