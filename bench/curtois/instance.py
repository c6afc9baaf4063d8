"""Read a Curtois & Qu instance (`SECTION_*` text format) and map it onto the roster engine."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from engines.roster import Person, Preference, Problem, Rules, Shift, Weights

# Every instance starts on a Monday; any Monday gives the same weekends.
START = dt.date(2024, 1, 1)
DEFAULT_DIR = Path(__file__).resolve().parents[1] / "data"
INSTANCES = DEFAULT_DIR / "shift-scheduling" / "instances"


@dataclass
class Instance:
    """The instance as written: horizon, shift types, staff, requests and cover."""

    name: str
    horizon: int
    lengths: dict[str, int] = field(default_factory=dict)
    forbidden: dict[str, list[str]] = field(default_factory=dict)
    staff: list[dict] = field(default_factory=list)
    days_off: dict[str, set[int]] = field(default_factory=dict)
    on_requests: list[tuple[str, int, str, int]] = field(default_factory=list)
    off_requests: list[tuple[str, int, str, int]] = field(default_factory=list)
    cover: dict[tuple[int, str], tuple[int, int, int]] = field(default_factory=dict)


def read_instance(path: Path) -> Instance:
    """Parse one instance file; raises ValueError naming the line that does not parse."""
    inst = Instance(name=path.stem, horizon=0)
    section = ""
    for number, raw in enumerate(path.read_text().splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("SECTION_"):
            section = line
            continue
        f = line.split(",")
        try:
            _read_line(inst, section, f)
        except (ValueError, IndexError) as exc:
            raise ValueError(f"{path.name}:{number}: cannot read {line!r}: {exc}") from exc
    return inst


def _read_line(inst: Instance, section: str, f: list[str]) -> None:
    if section == "SECTION_HORIZON":
        inst.horizon = int(f[0])
    elif section == "SECTION_SHIFTS":
        inst.lengths[f[0]] = int(f[1])
        inst.forbidden[f[0]] = [s for s in f[2].split("|") if s] if len(f) > 2 else []
    elif section == "SECTION_STAFF":
        maxima = dict(item.split("=") for item in f[1].split("|") if item)
        inst.staff.append(
            {
                "id": f[0],
                "max_shifts": {k: int(v) for k, v in maxima.items()},
                "max_total": int(f[2]),
                "min_total": int(f[3]),
                "max_consecutive": int(f[4]),
                "min_consecutive": int(f[5]),
                "min_off": int(f[6]),
                "max_weekends": int(f[7]),
            }
        )
    elif section == "SECTION_DAYS_OFF":
        inst.days_off[f[0]] = {int(d) for d in f[1:] if d}
    elif section == "SECTION_SHIFT_ON_REQUESTS":
        inst.on_requests.append((f[0], int(f[1]), f[2], int(f[3])))
    elif section == "SECTION_SHIFT_OFF_REQUESTS":
        inst.off_requests.append((f[0], int(f[1]), f[2], int(f[3])))
    elif section == "SECTION_COVER":
        inst.cover[int(f[0]), f[1]] = (int(f[2]), int(f[3]), int(f[4]))
    else:
        raise ValueError(f"line outside a known section ({section or 'none'})")


def shift_id(day: int, kind: str) -> str:
    """The engine's shift id for shift type `kind` on `day`."""
    return f"{day}:{kind}"


def to_problem(inst: Instance) -> Problem:
    """The engine problem equal to the instance: same hard rules, same objective."""
    shifts = []
    for day in range(inst.horizon):
        for kind, length in inst.lengths.items():
            need, under, over = inst.cover.get((day, kind), (0, 0, 0))
            shifts.append(
                Shift(
                    id=shift_id(day, kind),
                    day=day,
                    start_minute=0,
                    duration_minutes=length,
                    demand=need,
                    kind=kind,
                    under_weight=under,
                    over_weight=over,
                )
            )
    people = [
        Person(
            id=s["id"],
            days_off=frozenset(inst.days_off.get(s["id"], ())),
            max_shifts_per_day=1,
            min_total_minutes=s["min_total"],
            max_total_minutes=s["max_total"],
            max_shifts_by_kind=s["max_shifts"],
            min_consecutive_days=s["min_consecutive"],
            max_consecutive_days=s["max_consecutive"],
            min_consecutive_days_off=s["min_off"],
            max_weekends=s["max_weekends"],
        )
        for s in inst.staff
    ]
    prefs = [Preference(e, w, True, shift=shift_id(d, k)) for e, d, k, w in inst.on_requests]
    prefs += [Preference(e, w, False, shift=shift_id(d, k)) for e, d, k, w in inst.off_requests]
    succession = frozenset((a, b) for a, bs in inst.forbidden.items() for b in bs)
    return Problem(
        start_date=START,
        num_days=inst.horizon,
        people=tuple(people),
        shifts=tuple(shifts),
        preferences=tuple(prefs),
        rules=Rules(min_rest_minutes=0, forbidden_successions=succession),
        weights=Weights(fair_load=0, continuity=0, change=0),
    )


def roster_lines(inst: Instance, assignments) -> list[str]:
    """The roster file: one line per employee in staff order, ID then one field per day."""
    table = {(p, int(s.split(":")[0])): s.split(":")[1] for p, s in assignments}
    return [
        "\t".join([e["id"], *(table.get((e["id"], d), "") for d in range(inst.horizon))])
        for e in inst.staff
    ]
