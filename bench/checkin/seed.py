"""Seed (or count) a throw-away benchmark database: one post, S shifts in progress now,
V volunteers with API tokens and an approved sign-up on every shift.

    python -m bench.checkin.seed --volunteers 500 --shifts 40 --out seed.json
    python -m bench.checkin.seed --count

Runs inside Django with the environment the benchmark gives it (DATABASE_URL, SHOUWANG_VAR_DIR).
Rows are bulk-written: this is fixture data for a load test, not a path under test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def seed(volunteers: int, shifts: int, out: Path) -> None:
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from hub.accounts.models import Role, RoleGrant, User
    from hub.people.models import Organization, Person
    from hub.volunteering.models import Post, Shift, SignUp

    org = Organization.objects.create(name="压测单位", kind="public_institution")
    post = Post.objects.create(organization=org, name="压测采样点", site="压测小区东门")
    start = timezone.now() - dt.timedelta(minutes=30)
    end = start + dt.timedelta(hours=8)
    shift_rows = Shift.objects.bulk_create(
        Shift(post=post, starts_at=start, ends_at=end, capacity=volunteers, taken=volunteers)
        for _ in range(shifts)
    )
    people = Person.objects.bulk_create(
        Person(name=f"志愿者{n:05d}", phone=f"170{n:08d}") for n in range(volunteers)
    )
    unusable = make_password(None)
    users = User.objects.bulk_create(
        User(username=f"bench{n:05d}", password=unusable, person=p) for n, p in enumerate(people)
    )
    RoleGrant.objects.bulk_create(
        RoleGrant(user=u, role=Role.VOLUNTEER, organization=org) for u in users
    )
    tokens = Token.objects.bulk_create(Token(key=Token.generate_key(), user=u) for u in users)
    SignUp.objects.bulk_create(
        (
            SignUp(shift=s, person=p, status=SignUp.Status.APPROVED)
            for s in shift_rows
            for p in people
        ),
        batch_size=2000,
    )
    out.write_text(
        json.dumps({"tokens": [t.key for t in tokens], "shifts": [s.pk for s in shift_rows]})
    )


def count() -> None:
    from auditlog.models import LogEntry

    from hub.volunteering.models import CheckIn

    print(
        json.dumps(
            {
                "checkins": CheckIn.objects.count(),
                "audit_rows": LogEntry.objects.filter(content_type__model="checkin").count(),
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--volunteers", type=int, default=500)
    parser.add_argument("--shifts", type=int, default=40)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--count", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    if args.count:
        count()
    else:
        seed(args.volunteers, args.shifts, args.out)


if __name__ == "__main__":
    main()
