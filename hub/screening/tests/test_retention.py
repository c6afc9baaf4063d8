from __future__ import annotations

import datetime as dt

from hub.privacy.retention import registered_purgers
from hub.screening.actions import close_tube, record_scan, record_tube_result
from hub.screening.actions.codes import ensure_code, qr_text
from hub.screening.models import Retest, Sample, TubeResult
from hub.testing.builders import at, make_screening_round


def test_results_are_purged_after_retention_once(cast):
    round_ = make_screening_round(cast, pool_size=1)
    coordinator = cast.users["coordinator"]
    result = record_scan(
        by=coordinator,
        round_=round_,
        point=round_.points.first(),
        tube_label="T001",
        code_text=qr_text(ensure_code(person=cast.person_resident, now=at(4, 1))),
        idempotency_key="k",
        now=at(4, 2, 8, 5),
    )
    close_tube(by=coordinator, tube=result.tube, now=at(4, 2, 8, 6))
    record_tube_result(by=coordinator, tube=result.tube, result="abnormal", now=at(4, 2, 12))
    purge = registered_purgers()["screening.results"]
    assert purge(round_.ends_at + dt.timedelta(days=29)) == 0
    assert purge(round_.ends_at + dt.timedelta(days=31)) == 2
    assert not TubeResult.objects.exists() and not Retest.objects.exists()
    assert Sample.objects.count() == 1  # that a resident was sampled stays
    assert purge(round_.ends_at + dt.timedelta(days=31)) == 0
