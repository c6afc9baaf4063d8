"""A seeded generator of volunteer rostering problems for a district under lockdown.

Ten posts (six inside four residential compounds, four outside), three eight-hour shifts a day
(07-15, 15-23, 23-07), skills (driver, medic, team lead), availability, weekly hour limits,
11 h rest, soft demand with a hard maximum, wishes, and residents of sealed compounds who can
only serve inside their own compound. The same (size, days, seed) always gives the same problem.
"""

from __future__ import annotations

import datetime as dt
import random

from engines.roster import Person, Preference, Problem, Rules, Shift, Weights

START = dt.date(2022, 4, 1)
COMPOUNDS = ("Ridge", "Lotus", "Harbour", "Maple")
SEALED = ("Ridge", "Lotus")
# (post, compound, required skills, team lead asked, physical, share of the day's places)
POSTS = (
    ("Ridge-gate", "Ridge", (), True, False, 0.10),
    ("Ridge-delivery", "Ridge", (), False, True, 0.10),
    ("Lotus-gate", "Lotus", (), True, False, 0.10),
    ("Lotus-delivery", "Lotus", (), False, True, 0.10),
    ("Harbour-gate", "Harbour", (), False, False, 0.08),
    ("Maple-gate", "Maple", (), False, False, 0.08),
    ("screening-site", None, ("medic",), False, False, 0.14),
    ("supply-run", None, ("driver",), False, True, 0.10),
    ("depot", None, (), False, True, 0.12),
    ("hotline", None, (), False, False, 0.08),
)
SLOTS = ((7 * 60, 1.0), (15 * 60, 0.8), (23 * 60, 0.4))  # start minute, share of demand


def generate(volunteers: int, days: int, seed: int = 0) -> Problem:
    """The problem for `volunteers` people over `days` days, reproducible from `seed`."""
    rng = random.Random(f"{volunteers}-{days}-{seed}")
    # About 0.3 shifts per volunteer per day are wanted: tight, with some short places.
    places_per_day = 0.3 * volunteers
    slot_share = sum(share for _, share in SLOTS)
    shifts = []
    for day in range(days):
        for post, compound, skills, lead, physical, share in POSTS:
            for slot, (start, weight) in enumerate(SLOTS):
                mean = places_per_day * share * weight / slot_share
                demand = max(1, round(mean * rng.uniform(0.85, 1.15)))
                shifts.append(
                    Shift(
                        id=f"{post}/d{day}/s{slot}",
                        day=day,
                        start_minute=start,
                        duration_minutes=480,
                        demand=demand,
                        kind=f"s{slot}",
                        post=post,
                        compound=compound,
                        max_staff=demand + 2,
                        required_skills=frozenset(skills),
                        lead_required=lead,
                        min_age=18 if physical else None,
                        max_age=65 if physical else None,
                        physical=physical,
                    )
                )
    by_slot: dict[tuple[int, int], list[str]] = {}
    for s in shifts:
        by_slot.setdefault((s.day, int(s.kind[1])), []).append(s.id)
    people, prefs = [], []
    for i in range(volunteers):
        pid = f"V{i:04d}"
        roll = rng.random()
        compound = COMPOUNDS[int(rng.random() * 4)] if roll < 0.6 else None
        held = {name for name, p in (("driver", 0.2), ("medic", 0.12)) if rng.random() < p}
        slots = rng.sample(range(3), k=rng.choice((1, 2, 2, 3)))
        days_on = [d for d in range(days) if rng.random() < 0.65]
        available = frozenset(sid for d in days_on for s in slots for sid in by_slot[d, s])
        people.append(
            Person(
                id=pid,
                skills=frozenset(held),
                is_lead=rng.random() < 0.15,
                compound=compound,
                age=rng.randint(18, 72),
                fit_for_physical=rng.random() < 0.9,
                available_shifts=available,
                max_shifts_per_day=1,
                max_minutes_per_day=480,
                max_minutes_per_week=rng.choice((16, 24, 32, 40)) * 60,
                max_consecutive_days=5,
                wants_continuity=rng.random() < 0.3,
            )
        )
        if days_on and rng.random() < 0.2:
            prefs.append(Preference(pid, rng.randint(1, 5), False, day=rng.choice(days_on)))
        if available and rng.random() < 0.2:
            prefs.append(
                Preference(pid, rng.randint(1, 5), True, shift=rng.choice(sorted(available)))
            )
    return Problem(
        start_date=START,
        num_days=days,
        people=tuple(people),
        shifts=tuple(shifts),
        preferences=tuple(prefs),
        rules=Rules(min_rest_minutes=11 * 60),
        weights=Weights(understaffed=100, overstaffed=5, fair_load=1, continuity=2, change=10),
        sealed_compounds=frozenset(SEALED),
    )
