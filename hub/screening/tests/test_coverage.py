from __future__ import annotations

from hub.screening.actions import exempt_resident, list_for_home_sampling, record_scan
from hub.screening.actions.codes import ensure_code, qr_text
from hub.screening.queries import coverage, missing_residents
from hub.testing.builders import at, make_screening_round, residents


def _scan(cast, round_, person, key, *, at_home=False):
    return record_scan(
        by=cast.users["coordinator"],
        round_=round_,
        point=round_.points.first(),
        tube_label="T001",
        code_text=qr_text(ensure_code(person=person, now=at(4, 1))),
        idempotency_key=key,
        now=at(4, 2, 8, 5),
        at_home=at_home,
    )


def _by_name(cover):
    return {b.name: b for b in cover.buildings}


def test_coverage_counts_the_register_not_the_residents_found(cast):
    people = residents(cast, 3)  # 1号楼 301: 陈秀英 + 3; 2号楼 1201: the volunteer
    round_ = make_screening_round(cast)
    _scan(cast, round_, people[0], "a")
    cover = _by_name(coverage(round_))
    first = cover["1号楼"]
    assert (first.residents, first.sampled, first.missing) == (4, 1, 3)
    assert first.households == 1 and first.households_done == 0
    assert cover["2号楼"].missing == 1
    assert round(coverage(round_).total().percent) == 20


def test_home_sampled_and_exempt_residents_are_accounted_for(cast):
    people = residents(cast, 2)
    round_ = make_screening_round(cast)
    coordinator = cast.users["coordinator"]
    list_for_home_sampling(by=coordinator, round_=round_, person=people[0])
    _scan(cast, round_, people[0], "home", at_home=True)
    exempt_resident(by=coordinator, round_=round_, person=people[1], reason="hospitalized")
    _scan(cast, round_, cast.person_resident, "b")
    first = _by_name(coverage(round_))["1号楼"]
    assert (first.sampled, first.home_sampled, first.exempt, first.missing) == (1, 1, 1, 0)
    assert first.households_done == 1
    assert first.percent == 100.0


def test_missing_residents_are_the_door_knocking_list(cast):
    residents(cast, 2)
    round_ = make_screening_round(cast)
    _scan(cast, round_, cast.person_resident, "a")
    missing = list(missing_residents(round_))
    assert cast.person_resident not in missing
    assert len(missing) == 3  # two new residents and the volunteer in 2号楼


def test_coverage_takes_the_same_queries_whatever_the_size(cast, django_assert_num_queries):
    round_ = make_screening_round(cast)
    with django_assert_num_queries(2):
        coverage(round_)
    people = residents(cast, 15)
    for n, person in enumerate(people[:8]):
        _scan(cast, round_, person, f"k{n}")
    with django_assert_num_queries(2):
        coverage(round_)


def test_the_district_summary_counts_each_sample_and_exemption_once(
    cast, django_assert_num_queries
):
    from hub.screening.queries import compound_summary

    people = residents(cast, 3)
    round_ = make_screening_round(cast)
    for n, person in enumerate(people[:2]):
        _scan(cast, round_, person, f"s{n}")
    exempt_resident(by=cast.users["coordinator"], round_=round_, person=people[2], reason="away")
    exempt_resident(
        by=cast.users["coordinator"], round_=round_, person=cast.person_resident, reason="away"
    )
    with django_assert_num_queries(2):
        (row,) = [r for r in compound_summary(cast.users["coordinator"]) if r["round"] == round_]
    # Two samples and two exemptions, each counted once (not once per row of the other).
    assert (row["register"], row["sampled"], row["exempt"], row["missing"]) == (5, 2, 2, 1)
    everything = compound_summary(cast.users["coordinator"], limit=None)
    assert [r["sampled"] for r in everything if r["round"] == round_] == [2]
