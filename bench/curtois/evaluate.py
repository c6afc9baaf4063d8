"""Independent evaluator for Curtois & Qu rosters: its own parser, no engine code.

Scores a roster file against an instance file: the objective (on/off requests and cover) and a
count of hard-rule violations. Usage: `python -m bench.curtois.evaluate INSTANCE.txt ROSTER.txt`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def parse(path: Path) -> dict:
    """Instance file → plain dict of its sections' rows (lists of string fields)."""
    sections: dict[str, list[list[str]]] = {}
    current = None
    for raw in path.read_text().splitlines():
        text = raw.strip()
        if not text or text.startswith("#"):
            continue
        if text.startswith("SECTION_"):
            current = text[len("SECTION_") :]
            sections[current] = []
        elif current is not None:
            sections[current].append([x.strip() for x in text.split(",")])
    return sections


def read_roster(path: Path, horizon: int) -> dict[str, list[str]]:
    """Roster file → {employee: [shift or '' per day]}; short lines are padded with days off."""
    roster = {}
    for raw in path.read_text().splitlines():
        if not raw.strip():
            continue
        fields = raw.rstrip("\n").split("\t")
        days = [x.strip() for x in fields[1:]]
        roster[fields[0].strip()] = (days + [""] * horizon)[:horizon]
    return roster


def evaluate(instance_path: Path, roster_path: Path) -> dict:
    """Objective, its parts, and hard violations by rule for one roster."""
    sec = parse(instance_path)
    horizon = int(sec["HORIZON"][0][0])
    length = {row[0]: int(row[1]) for row in sec["SHIFTS"]}
    cannot_follow = {
        row[0]: set(filter(None, row[2].split("|"))) if len(row) > 2 else set()
        for row in sec["SHIFTS"]
    }
    roster = read_roster(roster_path, horizon)
    hard: dict[str, int] = {}

    def breach(rule: str, n: int = 1) -> None:
        hard[rule] = hard.get(rule, 0) + n

    staff_ids = [row[0] for row in sec["STAFF"]]
    if set(roster) - set(staff_ids):
        breach("unknown employee", len(set(roster) - set(staff_ids)))
    for row in sec["STAFF"]:
        who = row[0]
        line = roster.get(who, [""] * horizon)
        limits = {}
        for part in row[1].split("|"):
            if part:
                k, v = part.split("=")
                limits[k] = int(v)
        for s in line:
            if s and s not in length:
                breach("unknown shift")
        counts: dict[str, int] = {}
        for s in line:
            if s:
                counts[s] = counts.get(s, 0) + 1
        for s, n in counts.items():
            if n > limits.get(s, 0):
                breach("max shifts of type")
        minutes = sum(length.get(s, 0) for s in line if s)
        if minutes > int(row[2]):
            breach("max total minutes")
        if minutes < int(row[3]):
            breach("min total minutes")
        on = [1 if s else 0 for s in line]
        runs = []  # (value, start, length)
        i = 0
        while i < horizon:
            j = i
            while j < horizon and on[j] == on[i]:
                j += 1
            runs.append((on[i], i, j - i))
            i = j
        for value, start, size in runs:
            inside = start > 0 and start + size < horizon
            if value == 1 and size > int(row[4]):
                breach("max consecutive shifts")
            if value == 1 and inside and size < int(row[5]):
                breach("min consecutive shifts")
            if value == 0 and inside and size < int(row[6]):
                breach("min consecutive days off")
        weekends = sum(1 for w in range(horizon // 7) if on[7 * w + 5] or on[7 * w + 6])
        if weekends > int(row[7]):
            breach("max weekends")
        for day in range(horizon - 1):
            a, b = line[day], line[day + 1]
            if a and b and b in cannot_follow.get(a, set()):
                breach("forbidden succession")
    for row in sec.get("DAYS_OFF", []):
        for d in row[1:]:
            if d and roster.get(row[0], [""] * horizon)[int(d)]:
                breach("day off worked")
    on_cost = off_cost = 0
    for who, day, s, w in sec.get("SHIFT_ON_REQUESTS", []):
        if roster.get(who, [""] * horizon)[int(day)] != s:
            on_cost += int(w)
    for who, day, s, w in sec.get("SHIFT_OFF_REQUESTS", []):
        if roster.get(who, [""] * horizon)[int(day)] == s:
            off_cost += int(w)
    cover_cost = 0
    for day, s, need, under_w, over_w in sec.get("COVER", []):
        have = sum(1 for line in roster.values() if line[int(day)] == s)
        short, extra = max(0, int(need) - have), max(0, have - int(need))
        cover_cost += short * int(under_w) + extra * int(over_w)
    return {
        "objective": on_cost + off_cost + cover_cost,
        "on_requests": on_cost,
        "off_requests": off_cost,
        "cover": cover_cost,
        "hard_violations": sum(hard.values()),
        "violations_by_rule": hard,
    }


def main(argv: list[str] | None = None) -> int:
    """Print the evaluation as JSON; exit 1 when the roster breaks a hard rule."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("instance", type=Path)
    parser.add_argument("roster", type=Path)
    args = parser.parse_args(argv)
    report = evaluate(args.instance, args.roster)
    print(json.dumps(report, indent=2))
    return 1 if report["hard_violations"] else 0


if __name__ == "__main__":
    sys.exit(main())
