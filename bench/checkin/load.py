"""A bounded HTTP load generator for 127.0.0.1 only: threads, http.client, no dependencies.

Each client thread takes the next request from a shared, finite list and stops at the
deadline or when the list runs out, so a run always ends by itself.
"""

from __future__ import annotations

import http.client
import itertools
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

Request = tuple[str, str, bytes | None, dict[str, str]]  # method, path, body, headers


@dataclass
class Outcome:
    elapsed: float
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def completed(self) -> int:
        return len(self.latencies)

    @property
    def per_second(self) -> float:
        return self.completed / self.elapsed if self.elapsed else 0.0

    @property
    def non_2xx(self) -> int:
        return sum(n for status, n in self.statuses.items() if not 200 <= status < 300)

    def percentile(self, p: float) -> float:
        """The p-th percentile latency in milliseconds (nearest rank)."""
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        rank = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
        return ordered[rank] * 1000


def run(
    port: int,
    requests: Sequence[Request] | Callable[[int], Request],
    *,
    clients: int,
    seconds: float,
    limit: int | None = None,
) -> Outcome:
    """Send ``requests`` (a list, or a function of the request number) from ``clients``
    threads to 127.0.0.1:``port`` for at most ``seconds``."""
    total = len(requests) if not callable(requests) else (limit or 10**9)
    counter = itertools.count()
    lock = threading.Lock()
    outcome = Outcome(elapsed=0.0)
    deadline = time.perf_counter() + seconds

    def next_request() -> Request | None:
        with lock:
            n = next(counter)
        if n >= total or time.perf_counter() >= deadline:
            return None
        return requests(n) if callable(requests) else requests[n]

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        latencies: list[float] = []
        statuses: dict[int, int] = {}
        errors: list[str] = []
        while (request := next_request()) is not None:
            method, path, body, headers = request
            began = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
            except (OSError, http.client.HTTPException) as exc:
                errors.append(f"{type(exc).__name__}: {exc}")
                conn.close()
                continue
            latencies.append(time.perf_counter() - began)
            statuses[response.status] = statuses.get(response.status, 0) + 1
        conn.close()
        with lock:
            outcome.latencies.extend(latencies)
            for status, n in statuses.items():
                outcome.statuses[status] = outcome.statuses.get(status, 0) + n
            outcome.errors.extend(errors)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    outcome.elapsed = time.perf_counter() - started
    return outcome
