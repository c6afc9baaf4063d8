"""The demo's screening story at 东苑新天地南区: a closure round with a PCR round.

Through the real actions: the closure round sets the area status; the round's slots are planned
by the engine; call-ups go to each building's group; a sampler scans residents into 10-in-1
tubes (bed-bound residents at home, one resident away); one tube comes back abnormal and its
group is re-tested one by one; three residents missed their slot, the door-knocking campaign
finds them and the home team samples them, so coverage reaches 100 % of the register.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from hub.accounts.models import User
from hub.people.models import Person
from hub.places.models import Compound

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2022, 4, day, hour, minute, tzinfo=SHANGHAI)


def seed_screening_demo(*, compound: Compound, sampler: User, log: Callable[[str], Any]) -> None:
    """Replay the story; ``sampler`` scans (a superuser or a sampler of the round)."""
    from hub.campaigns.actions import create_campaign, five_ones_checklist, record_visit
    from hub.screening.actions import (
        add_sampling_point,
        close_tube,
        create_closure_round,
        create_round,
        exempt_resident,
        list_for_home_sampling,
        plan_slots,
        record_tube_result,
        send_call_ups,
    )
    from hub.screening.actions.codes import issue_code, qr_text
    from hub.screening.actions.scanning import scan
    from hub.screening.models import Tube
    from hub.screening.queries import coverage, missing_residents

    closure = create_closure_round(
        by=None, compound=compound, starts_at=_at(8, 0), reason="第4轮48小时封闭管理（演示）"
    )
    round_ = create_round(
        by=None,
        compound=compound,
        name="第4轮核酸筛查（十混一）",
        starts_at=_at(8, 7),
        ends_at=_at(8, 11),
        slot_minutes=20,
        closure=closure,
    )
    people = list(
        Person.objects.filter(household__building__compound=compound)
        .select_related("household__building")
        .order_by("household__building__sort_key", "household__sort_key", "pk")
    )
    oldest = sorted((p for p in people if p.birth_date), key=lambda p: (p.birth_date, p.pk))
    home = oldest[:2]
    away = oldest[2:3]
    missed = [p for p in people if p not in home and p not in away][-3:]
    per_slot = max(30, math.ceil(len(people) * 1.3 / (12 * 2)))
    for name in ("1号楼前广场", "社区活动室"):
        add_sampling_point(by=None, round_=round_, name=name, capacity=per_slot)
    for person in home:
        list_for_home_sampling(by=None, round_=round_, person=person, note="卧床，上门采样")
    for person in away:
        exempt_resident(by=None, round_=round_, person=person, reason="hospitalized")
    plan = plan_slots(by=None, round_=round_)
    called = send_call_ups(by=None, round_=round_, now=_at(8, 6, 40))
    point = round_.points.order_by("pk").first()
    codes = {p.pk: qr_text(issue_code(by=None, person=p, now=_at(7, 20))) for p in people}
    tube_no, in_tube = 1, 0
    for n, person in enumerate(p for p in people if p not in home + away + missed):
        result = scan(
            by=sampler,
            round_=round_,
            point=point,
            tube_label=f"DY{tube_no:04d}",
            code_text=codes[person.pk],
            idempotency_key=f"demo-{round_.pk}-{person.pk}",
            now=_at(8, 7) + dt.timedelta(seconds=15 * n),
        )
        in_tube += 1
        if result.tube_closed:
            tube_no, in_tube = tube_no + 1, 0
    for k, person in enumerate(home):
        scan(
            by=sampler,
            round_=round_,
            point=None,
            tube_label=f"HOME{k + 1:02d}",
            code_text=codes[person.pk],
            idempotency_key=f"demo-{round_.pk}-home-{person.pk}",
            now=_at(8, 11, 10 + k),
            at_home=True,
        )
    for tube in Tube.objects.filter(round=round_, status=Tube.Status.OPEN).order_by("pk"):
        close_tube(by=sampler, tube=tube, now=_at(8, 11, 30))
    tubes = list(Tube.objects.filter(round=round_).order_by("pk"))
    abnormal = tubes[len(tubes) // 2]
    retests = []
    for tube in tubes:
        rows = record_tube_result(
            by=None,
            tube=tube,
            result="abnormal" if tube == abnormal else "negative",
            now=_at(8, 20),
        )
        retests.extend(rows)
    for k, row in enumerate(retests):
        retest = scan(
            by=sampler,
            round_=round_,
            point=point,
            tube_label=f"RT{k + 1:03d}",
            code_text=codes[row.person_id],
            idempotency_key=f"demo-{round_.pk}-retest-{row.person_id}",
            now=_at(9, 8) + dt.timedelta(minutes=k),
            retest=True,
        )
        record_tube_result(by=None, tube=retest.tube, result="negative", now=_at(9, 16))
    before = coverage(round_).total()
    # The missed residents are the door-knocking follow-up list.
    follow_up = list(missing_residents(round_))
    homes = {p.pk: p.household for p in follow_up if p.household is not None}
    checklist = five_ones_checklist(by=None, organization=compound.organization)
    campaign = create_campaign(
        by=None,
        compound=compound,
        name="核酸未采人员敲门排查（五个一）",
        checklist=checklist,
        buildings=sorted({h.building for h in homes.values()}, key=lambda b: b.sort_key),
        starts_on=dt.date(2022, 4, 8),
    )
    for k, person in enumerate(follow_up):
        record_visit(
            by=sampler,
            campaign=campaign,
            household=homes[person.pk],
            outcome="follow_up",
            idempotency_key=f"demo-visit-{campaign.pk}-{person.pk}",
            now=_at(8, 15, 10 + k),
            answers={item["key"]: True for item in checklist.items},
            note="错过采样时段，已约上门采样",
        )
        scan(
            by=sampler,
            round_=round_,
            point=None,
            tube_label=f"HOME{len(home) + 1 + k:02d}",
            code_text=codes[person.pk],
            idempotency_key=f"demo-{round_.pk}-followup-{person.pk}",
            now=_at(8, 16, k),
            at_home=True,
        )
    after = coverage(round_).total()
    log(
        f"· screening: {len(plan)} slot assignments, {called} call-ups, {len(tubes)} tubes, "
        f"1 abnormal → {len(retests)} re-tested; coverage {before.percent:.0f}% → "
        f"{after.percent:.0f}% after door-knocking {len(follow_up)} households"
    )
