"""In-process profile of one check-in and one lookup against the ratio bench's seeded database.

    DJANGO_SETTINGS_MODULE=bench.web.settings DATABASE_URL=… python -m bench.web.profile_checkin

Run by ``bench/web/ratio.py --profile`` with the server's environment. Prints one JSON line:
SQL statements and mean milliseconds per request (Django test client, no HTTP) for the check-in,
the bare insert, the lookup and the bare read, the middleware stack (``/healthz``), and the
functions of ``hub``/``rest_framework``/``django`` with the most own time over the check-ins.
"""

from __future__ import annotations

import cProfile
import json
import pstats
import time
import uuid
from typing import Any

REPEAT = 50


def _hub_rows(stats: pstats.Stats) -> list[str]:
    """The project's own functions with the most cumulative time, per request."""
    rows = []
    for (filename, line, func), (_cc, _nc, tottime, cumtime, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        if "/hub/" in filename and func != "__call__":  # middleware wraps everything
            where = "hub/" + filename.split("/hub/", 1)[1]
            rows.append((cumtime, tottime, f"{where}:{line}({func})"))
    rows.sort(reverse=True)
    return [
        f"{cum / REPEAT * 1000:.2f} ms cum, {tot / REPEAT * 1000:.2f} ms own: {where}"
        for cum, tot, where in rows[:12]
    ]


def main() -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from rest_framework.authtoken.models import Token

    from hub.volunteering.models import CheckIn, Shift

    taken = set(CheckIn.objects.values_list("shift_id", "person_id"))
    tokens = list(Token.objects.select_related("user").order_by("pk")[: REPEAT * 2])
    shifts = list(Shift.objects.order_by("-pk").values_list("pk", flat=True))
    free = iter((t, s) for s in shifts for t in tokens if (s, t.user.person_id) not in taken)
    client = Client(HTTP_HOST="localhost")

    def post(path: str) -> Any:
        token, shift = next(free)
        return client.post(
            path,
            data=json.dumps({"shift": shift}),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Token {token.key}",
            HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()),
        )

    def get(path: str) -> Any:
        return client.get(path, HTTP_AUTHORIZATION=f"Token {tokens[0].key}")

    out: dict[str, Any] = {"repeat": REPEAT}
    cases = {
        "checkin": lambda: post("/api/v1/checkins/"),
        "bare_write": lambda: post("/bench/bare/insert/"),
        "lookup": lambda: get("/api/v1/checkins/?limit=20"),
        "bare_read": lambda: get("/bench/bare/read/"),
        "middleware": lambda: client.get("/healthz"),
    }
    for name, call in cases.items():
        call()  # warm
        with CaptureQueriesContext(connection) as queries:
            response = call()
        assert response.status_code < 300, (name, response.status_code, response.content[:300])
        out[f"{name}_queries"] = len(queries)
        out[f"{name}_sql"] = [q["sql"][:160] for q in queries.captured_queries]
        began = time.perf_counter()
        for _ in range(REPEAT):
            call()
        out[f"{name}_ms"] = (time.perf_counter() - began) / REPEAT * 1000
    for name in ("checkin", "lookup"):
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(REPEAT):
            cases[name]()
        profiler.disable()
        out[f"{name}_cumulative_hub"] = _hub_rows(pstats.Stats(profiler))
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
