"""Smoke test of the city generator at 200 residents (PostgreSQL only: it writes with COPY)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.utils import timezone

from bench.screening_city.generate import Shape, household_size, is_exempt, is_missing


def _index_names() -> set[str]:
    with connection.cursor() as c:
        c.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename IN "
            "('screening_sample', 'people_person', 'screening_screeningcode')"
        )
        return {row[0] for row in c.fetchall()}


def test_a_small_district_has_the_asked_shape() -> None:
    shape = Shape.for_residents(200)
    assert (shape.compounds, shape.buildings, shape.households) == (1, 4, 80)
    assert sum(household_size(h) for h in range(shape.households)) == 200
    big = Shape.for_residents(1_000_000)
    assert (big.compounds, big.buildings, big.households) == (1000, 20_000, 400_000)


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_generated_district_is_counted_by_the_products_own_coverage() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the generator writes with COPY: PostgreSQL only")
    from bench.screening_city.generate import load
    from hub.people.models import Person
    from hub.screening.models import Sample, ScreeningRound, Tube
    from hub.screening.queries import coverage

    indexes = _index_names()
    loaded = load(200, now=timezone.now(), name="冒烟测试街道")

    assert _index_names() == indexes  # every index dropped for the load is back
    round_ = ScreeningRound.objects.get(pk=loaded.round_ids[0])
    total = coverage(round_).total()
    exempt = sum(1 for n in range(200) if is_exempt(n))
    missing = sum(1 for n in range(200) if is_missing(n))
    assert (total.residents, total.exempt, total.missing) == (200, exempt, missing)
    assert total.sampled == Sample.objects.filter(round=round_).count() == 200 - exempt - missing
    assert total.households == 80
    assert Person.objects.filter(household__building__compound_id=round_.compound_id).count() == 200
    # Tubes of ten: every tube but the last is full and closed.
    counts = list(Tube.objects.filter(round=round_).order_by("pk").values_list("count", flat=True))
    assert sum(counts) == total.sampled and all(c == 10 for c in counts[:-1])
    # The sequences moved past the copied ids: the ORM can still insert.
    assert Person.objects.create(name="新居民").pk > max(
        Person.objects.exclude(name="新居民").values_list("pk", flat=True)
    )
