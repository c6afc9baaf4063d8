from __future__ import annotations

import datetime as dt

import pytest

from hub.errors import DomainError
from hub.screening.actions import (
    add_sampler,
    close_tube,
    issue_code,
    record_scan,
    record_scan_batch,
    record_tube_result,
)
from hub.screening.actions.codes import PREFIX, ensure_code, qr_text
from hub.screening.models import Retest, Sample, Tube
from hub.testing.builders import at, make_screening_round, residents

NOW = at(4, 2, 8, 10)


def _scan(cast, round_, person, *, key, tube="T001", now=NOW, by=None, retest=False):
    code = ensure_code(person=person, now=at(4, 1))
    return record_scan(
        by=by or cast.users["coordinator"],
        round_=round_,
        point=round_.points.first(),
        tube_label=tube,
        code_text=qr_text(code),
        idempotency_key=key,
        now=now,
        retest=retest,
    )


def _refused(cast, round_, text, *, key="k-bad", now=NOW):
    before = (Sample.objects.count(), Tube.objects.count())
    with pytest.raises(DomainError) as refused:
        record_scan(
            by=cast.users["coordinator"],
            round_=round_,
            point=round_.points.first(),
            tube_label="T001",
            code_text=text,
            idempotency_key=key,
            now=now,
        )
    assert (Sample.objects.count(), Tube.objects.count()) == before
    return refused.value


def test_scan_puts_the_resident_in_the_tube(cast):
    round_ = make_screening_round(cast)
    result = _scan(cast, round_, cast.person_resident, key="k1")
    assert not result.replayed
    assert result.tube.count == 1 and result.tube.is_open
    assert "陈*" in result.message and "T001" in result.message
    assert "陈秀英" not in result.message


def test_the_same_scan_twice_writes_one_sample(cast):
    round_ = make_screening_round(cast)
    _scan(cast, round_, cast.person_resident, key="k1")
    again = record_scan(
        by=cast.users["coordinator"],
        round_=round_,
        point=round_.points.first(),
        tube_label="T001",
        code_text="anything: the key decides",
        idempotency_key="k1",
        now=NOW,
    )
    assert again.replayed
    assert Sample.objects.count() == 1
    assert Tube.objects.get().count == 1


def test_an_already_sampled_resident_is_refused_with_time_and_tube(cast):
    round_ = make_screening_round(cast)
    code = issue_code(by=None, person=cast.person_resident, now=at(4, 1))
    _scan(cast, round_, cast.person_resident, key="k1")
    error = _refused(cast, round_, qr_text(code), key="k2")
    assert error.code == "already_sampled"
    assert "08:10" in error.message and "T001" in error.message


def test_wrong_forged_expired_and_replaced_codes_change_nothing(cast):
    round_ = make_screening_round(cast)
    code = issue_code(by=None, person=cast.person_resident, now=at(4, 1))
    text = qr_text(code)
    assert _refused(cast, round_, "https://example.invalid/x").code == "code_wrong"
    forged = text[:-3] + ("AAA" if not text.endswith("AAA") else "BBB")
    assert _refused(cast, round_, forged).code == "code_forged"
    assert _refused(cast, round_, PREFIX + "garbage").code == "code_forged"
    late = NOW + dt.timedelta(days=40)
    assert _refused(cast, round_, text, now=late).code == "code_expired"
    issue_code(by=None, person=cast.person_resident, now=at(4, 2))
    error = _refused(cast, round_, text)
    assert error.code == "code_unknown"
    assert "replaced" in error.message


def test_a_resident_of_another_compound_is_refused(cast):
    round_ = make_screening_round(cast)
    code = issue_code(by=None, person=cast.person_other_compound, now=at(4, 1))
    error = _refused(cast, round_, qr_text(code))
    assert error.code == "code_foreign"


def test_a_tube_closes_at_its_pool_size_and_refuses_more(cast):
    people = residents(cast, 2)
    round_ = make_screening_round(cast, pool_size=2)
    _scan(cast, round_, people[0], key="a")
    full = _scan(cast, round_, people[1], key="b")
    assert full.tube_closed
    assert "full" in full.message
    code = issue_code(by=None, person=cast.person_resident, now=at(4, 1))
    error = _refused(cast, round_, qr_text(code), key="c")
    assert error.code == "tube_closed"
    assert _scan(cast, round_, cast.person_resident, key="c", tube="T002").tube.count == 1


def test_one_tube_per_household_refuses_a_neighbour(cast):
    round_ = make_screening_round(cast, pooling="household")
    _scan(cast, round_, cast.person_resident, key="a")  # 301 has one resident: tube closes
    assert Tube.objects.get(label="T001").status == "closed"
    volunteer = cast.users["volunteer"].person
    residents(cast, 1)
    _scan(cast, round_, volunteer, key="b", tube="T002")
    tube = Tube.objects.get(label="T002")
    assert tube.status == "closed"  # 1201 has only the volunteer


def test_someone_who_is_not_a_sampler_may_not_scan(cast):
    round_ = make_screening_round(cast)
    with pytest.raises(DomainError) as refused:
        _scan(cast, round_, cast.person_resident, key="a", by=cast.users["volunteer"])
    assert refused.value.code == "forbidden"
    add_sampler(by=cast.users["coordinator"], round_=round_, person=cast.users["volunteer"].person)
    assert _scan(cast, round_, cast.person_resident, key="a", by=cast.users["volunteer"])


def test_an_offline_queue_replayed_twice_writes_each_scan_once(cast):
    people = residents(cast, 12)
    round_ = make_screening_round(cast, pool_size=10)
    items = []
    for n, person in enumerate(people):
        code = issue_code(by=None, person=person, now=at(4, 1))
        items.append(
            {
                "idempotency_key": f"off-{n}",
                "code": qr_text(code),
                "tube": "T001" if n < 10 else "T002",
                "scanned_at": NOW + dt.timedelta(minutes=n),
            }
        )
    items.append({"idempotency_key": "off-bad", "code": "nonsense", "tube": "T002"})
    kwargs = {"by": cast.users["coordinator"], "round_": round_, "point": round_.points.first()}
    first = record_scan_batch(items=items, now=NOW + dt.timedelta(hours=1), **kwargs)
    second = record_scan_batch(items=items, now=NOW + dt.timedelta(hours=1), **kwargs)
    assert [r["ok"] for r in first] == [True] * 12 + [False]
    assert first[-1]["code"] == "code_wrong"
    assert all(r["replayed"] for r in second[:12])
    assert Sample.objects.count() == 12
    assert Tube.objects.get(label="T001").status == "closed"
    assert Tube.objects.get(label="T002").count == 2


def test_an_abnormal_tube_puts_its_whole_group_on_the_retest_list(cast):
    people = residents(cast, 3)
    round_ = make_screening_round(cast, pool_size=3)
    for n, person in enumerate(people):
        _scan(cast, round_, person, key=f"k{n}")
    tube = Tube.objects.get(label="T001")
    rows = record_tube_result(by=cast.users["coordinator"], tube=tube, result="abnormal", now=NOW)
    assert sorted(r.person_id for r in rows) == sorted(p.pk for p in people)
    retest = _scan(cast, round_, people[0], key="r0", tube="R001", retest=True)
    assert retest.tube_closed  # a re-test tube holds one resident
    with pytest.raises(DomainError) as refused:
        _scan(cast, round_, cast.person_resident, key="r1", tube="R002", retest=True)
    assert refused.value.code == "not_on_retest_list"
    assert Retest.objects.count() == 3


def test_a_result_needs_a_sealed_tube_and_is_recorded_once(cast):
    round_ = make_screening_round(cast)
    _scan(cast, round_, cast.person_resident, key="k")
    tube = Tube.objects.get()
    with pytest.raises(DomainError) as refused:
        record_tube_result(by=cast.users["coordinator"], tube=tube, result="negative", now=NOW)
    assert refused.value.code == "tube_open"
    close_tube(by=cast.users["coordinator"], tube=tube, now=NOW)
    assert (
        record_tube_result(by=cast.users["coordinator"], tube=tube, result="negative", now=NOW)
        == []
    )
    with pytest.raises(DomainError) as again:
        record_tube_result(by=cast.users["coordinator"], tube=tube, result="abnormal", now=NOW)
    assert again.value.code == "result_recorded"
