import datetime as dt
import itertools
import random

from hub.notify.actions import backoff_delay


def _delays(rng: random.Random, upto: int) -> list[float]:
    return [backoff_delay(n, rng=rng).total_seconds() for n in range(1, upto + 1)]


def test_backoff_starts_near_thirty_seconds_and_doubles() -> None:
    delays = _delays(random.Random(1), 6)
    assert 22.5 <= delays[0] <= 30
    assert all(later >= earlier for earlier, later in itertools.pairwise(delays))
    assert 0.75 * 960 <= delays[5] <= 960


def test_backoff_is_capped_at_thirty_minutes() -> None:
    delays = _delays(random.Random(2), 40)
    assert max(delays) <= 30 * 60
    assert min(delays[10:]) >= 0.75 * 30 * 60


def test_backoff_is_jittered_so_a_burst_spreads_out() -> None:
    rng = random.Random(3)
    assert len({backoff_delay(8, rng=rng) for _ in range(20)}) > 10


def test_the_default_attempts_span_several_hours() -> None:
    waits = sum(_delays(random.Random(4), 15), 0.0)  # 16 tries, 15 waits between them
    assert dt.timedelta(seconds=waits) > dt.timedelta(hours=3)


def test_backoff_follows_the_settings(settings) -> None:  # type: ignore[no-untyped-def]
    settings.NOTIFY_BACKOFF_BASE = 10
    settings.NOTIFY_BACKOFF_CAP = 60
    delays = _delays(random.Random(5), 10)
    assert 7.5 <= delays[0] <= 10
    assert max(delays) <= 60
