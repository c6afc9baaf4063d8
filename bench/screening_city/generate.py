"""A synthetic city district written straight into PostgreSQL with COPY.

The shape (``Shape.for_residents``): compounds of 20 buildings, buildings of 20 households,
households of 2 or 3 residents (2.5 on average), so 1,000,000 residents make 1,000 compounds,
20,000 buildings and 400,000 households. Every resident has a screening code. The district's
screening round is one ``ScreeningRound`` per compound over the same window (a round belongs to
one compound in the product); 96 % of residents are scanned into tubes of 10, 1 % are exempt and
3 % are missing, so coverage and the door-knocking list have something to find.

Rows go into the product's own tables (``Model._meta.db_table`` and its concrete columns; any
column not given gets the field's default), so the product's queries run on them unchanged.
Ids are assigned here (the tables' sequences are moved past them at the end). Fixture data for
a benchmark, not a path under test: no actions, no audit rows.
"""

from __future__ import annotations

import datetime as dt
import json
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

BUILDINGS_PER_COMPOUND = 20
HOUSEHOLDS_PER_BUILDING = 20
POOL_SIZE = 10
EXEMPT_EVERY = 100  # resident n with n % 100 == 1 is exempt (away)
MISSING_EVERY = 100  # residents n % 100 in MISSING are neither scanned nor exempt
MISSING = (2, 3, 4)


@dataclass(frozen=True)
class Shape:
    compounds: int
    buildings_per_compound: int = BUILDINGS_PER_COMPOUND
    households_per_building: int = HOUSEHOLDS_PER_BUILDING

    @classmethod
    def for_residents(cls, residents: int) -> Shape:
        per_compound = BUILDINGS_PER_COMPOUND * HOUSEHOLDS_PER_BUILDING * 5 // 2
        if residents < per_compound:
            # A small district: one compound, fewer buildings (the smoke test's 200 residents).
            buildings = max(1, residents * 2 // (5 * HOUSEHOLDS_PER_BUILDING))
            return cls(compounds=1, buildings_per_compound=buildings)
        return cls(compounds=max(1, round(residents / per_compound)))

    @property
    def buildings(self) -> int:
        return self.compounds * self.buildings_per_compound

    @property
    def households(self) -> int:
        return self.buildings * self.households_per_building


def household_size(h: int) -> int:
    """Residents of household ``h``: 2 and 3 alternate (2.5 on average)."""
    return 2 + h % 2


def is_exempt(n: int) -> bool:
    return n % EXEMPT_EVERY == 1


def is_missing(n: int) -> bool:
    return n % MISSING_EVERY in MISSING


@dataclass
class Loaded:
    """What was written, with the ids a benchmark needs, and seconds per table."""

    organization_id: int
    round_ids: list[int]  # per compound, in compound order
    compound_ids: list[int]
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())


def _columns(model: Any, given: Sequence[str], now: dt.datetime) -> tuple[list[str], tuple]:
    """The model's concrete columns: ``given`` first, then every other column with its
    default (the time for auto_now fields), as one constant tail."""
    fields = {f.attname: f for f in model._meta.concrete_fields}
    unknown = [c for c in given if c not in fields]
    if unknown:
        raise ValueError(f"{model.__name__} has no columns {unknown}")
    tail_names, tail = [], []
    for name, f in fields.items():
        if name in given or f.primary_key:
            continue  # an id not given comes from the table's sequence
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            value: Any = now
        elif f.has_default():
            value = f.get_default()
        elif f.null:
            value = None
        elif f.get_internal_type() in ("CharField", "TextField", "SlugField"):
            value = ""
        else:
            raise ValueError(f"{model.__name__}.{name} needs a value")
        if isinstance(value, dict | list):
            value = json.dumps(value)
        tail_names.append(name)
        tail.append(value)
    cols = [fields[c].column for c in given] + [fields[c].column for c in tail_names]
    return cols, tuple(tail)


def copy_rows(
    cursor: Any, model: Any, given: Sequence[str], rows: Iterable[tuple], now: dt.datetime
) -> int:
    """COPY ``rows`` (values for ``given``, in order) into ``model``'s table; returns the count."""
    cols, tail = _columns(model, given, now)
    table = model._meta.db_table
    sql = f'COPY "{table}" ({", ".join(f"{chr(34)}{c}{chr(34)}" for c in cols)}) FROM STDIN'
    n = 0
    with cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row + tail)
            n += 1
    return n


def _timed(loaded: Loaded, key: str, fn: Callable[[], int]) -> None:
    began = time.perf_counter()
    loaded.counts[key] = fn()
    loaded.seconds[key] = time.perf_counter() - began


def _residents(shape: Shape, first_person: int, first_household: int) -> Iterator[tuple]:
    """(person id, household id, building index, compound index, resident number)."""
    pid = first_person
    for h in range(shape.households):
        building = h // shape.households_per_building
        compound = building // shape.buildings_per_compound
        for _ in range(household_size(h)):
            yield pid, first_household + h, building, compound, pid - first_person
            pid += 1


def _next_id(cursor: Any, model: Any) -> int:
    table = model._meta.db_table  # a model's table name, not input
    cursor.execute(f'SELECT COALESCE(MAX(id), 0) + 1 FROM "{table}"')  # noqa: S608
    return int(cursor.fetchone()[0])


def load(residents: int, *, now: dt.datetime, name: str = "筛查压测街道") -> Loaded:
    """Write a district of about ``residents`` residents and its screening round, in one
    transaction on the default (PostgreSQL) connection."""
    from django.db import connection, transaction

    from hub.people.models import Organization, Person
    from hub.places.models import Building, Compound, Household
    from hub.screening.models import (
        Exemption,
        Sample,
        SamplingPoint,
        ScreeningCode,
        ScreeningRound,
        Tube,
    )

    if connection.vendor != "postgresql":
        raise RuntimeError("the city generator writes with COPY: PostgreSQL only")
    shape = Shape.for_residents(residents)
    starts = now - dt.timedelta(hours=6)
    ends = now + dt.timedelta(hours=6)
    with transaction.atomic():
        org = Organization.objects.create(name=name, kind=Organization.Kind.choices[0][0])
        loaded = Loaded(organization_id=org.pk, round_ids=[], compound_ids=[])
        with connection.cursor() as django_cursor:
            cur = django_cursor.cursor  # the psycopg 3 cursor underneath
            cur.execute("SET LOCAL maintenance_work_mem = '256MB'")
            began = time.perf_counter()
            tables = [
                m._meta.db_table
                for m in (
                    *(Compound, Building, Household, Person, ScreeningCode),
                    *(ScreeningRound, SamplingPoint, Tube, Sample, Exemption),
                )
            ]
            saved = _drop_indexes_and_foreign_keys(cur, tables)
            loaded.seconds["drop_indexes"] = time.perf_counter() - began
            ids = {m: _next_id(cur, m) for m in (Compound, Building, Household, Person)}
            ids.update({m: _next_id(cur, m) for m in (ScreeningRound, SamplingPoint, Tube)})
            ids.update({m: _next_id(cur, m) for m in (Sample, ScreeningCode, Exemption)})
            c0, b0, h0, p0 = ids[Compound], ids[Building], ids[Household], ids[Person]
            r0, pt0, t0 = ids[ScreeningRound], ids[SamplingPoint], ids[Tube]
            loaded.compound_ids = [c0 + c for c in range(shape.compounds)]
            loaded.round_ids = [r0 + c for c in range(shape.compounds)]

            _timed(
                loaded,
                "compounds",
                lambda: copy_rows(
                    cur,
                    Compound,
                    ["id", "organization_id", "name", "district"],
                    ((c0 + c, org.pk, f"压测小区{c:04d}", name) for c in range(shape.compounds)),
                    now,
                ),
            )

            def buildings() -> Iterator[tuple]:
                for b in range(shape.buildings):
                    n = b % shape.buildings_per_compound + 1
                    yield (b0 + b, c0 + b // shape.buildings_per_compound, f"{n}号楼", f"{n:06d}")

            _timed(
                loaded,
                "buildings",
                lambda: copy_rows(
                    cur, Building, ["id", "compound_id", "name", "sort_key"], buildings(), now
                ),
            )

            def households() -> Iterator[tuple]:
                for h in range(shape.households):
                    floor, door = divmod(h % shape.households_per_building, 2)
                    room = f"{floor + 1}0{door + 1}"
                    yield h0 + h, b0 + h // shape.households_per_building, room, f"{room:>06}"

            _timed(
                loaded,
                "households",
                lambda: copy_rows(
                    cur, Household, ["id", "building_id", "room", "sort_key"], households(), now
                ),
            )
            _timed(
                loaded,
                "people",
                lambda: copy_rows(
                    cur,
                    Person,
                    ["id", "name", "household_id"],
                    ((p, f"居民{n:07d}", h) for p, h, _b, _c, n in _residents(shape, p0, h0)),
                    now,
                ),
            )
            _timed(
                loaded,
                "screening_codes",
                lambda: copy_rows(
                    cur,
                    ScreeningCode,
                    ["person_id", "token", "issued_at"],
                    (
                        (p, uuid.UUID(int=(org.pk << 64) | n), now)
                        for p, _h, _b, _c, n in _residents(shape, p0, h0)
                    ),
                    now,
                ),
            )
            _timed(
                loaded,
                "rounds",
                lambda: copy_rows(
                    cur,
                    ScreeningRound,
                    ["id", "compound_id", "name", "starts_at", "ends_at", "status", "pool_size"],
                    (
                        (r0 + c, c0 + c, "全员核酸第1轮", starts, ends, "open", POOL_SIZE)
                        for c in range(shape.compounds)
                    ),
                    now,
                ),
            )
            _timed(
                loaded,
                "sampling_points",
                lambda: copy_rows(
                    cur,
                    SamplingPoint,
                    ["id", "round_id", "name", "capacity"],
                    ((pt0 + c, r0 + c, "东门采样点", 60) for c in range(shape.compounds)),
                    now,
                ),
            )

            # Scans: each compound's scanned residents fill its tubes ten at a time.
            scans: list[tuple[int, int, int, int, int]] = []  # person, building, compound, tube
            tubes: list[tuple] = []
            per_tube: dict[int, int] = {}
            open_tube: dict[int, int] = {}
            for p, _h, b, c, n in _residents(shape, p0, h0):
                if is_exempt(n) or is_missing(n):
                    continue
                t = open_tube.get(c)
                if t is None or per_tube[t] == POOL_SIZE:
                    t = t0 + len(tubes)
                    tubes.append((t, r0 + c, pt0 + c, f"C{c:04d}-{len(tubes):07d}"))
                    per_tube[t] = 0
                    open_tube[c] = t
                per_tube[t] += 1
                scans.append((p, b, c, t, n))

            def tube_rows() -> Iterator[tuple]:
                for t, r, pt, label in tubes:
                    count = per_tube[t]
                    full = count == POOL_SIZE
                    yield (
                        t,
                        r,
                        pt,
                        label,
                        POOL_SIZE,
                        count,
                        "closed" if full else "open",
                        starts,
                        now if full else None,
                    )

            _timed(
                loaded,
                "tubes",
                lambda: copy_rows(
                    cur,
                    Tube,
                    [
                        "id",
                        "round_id",
                        "point_id",
                        "label",
                        "capacity",
                        "count",
                        "status",
                        "opened_at",
                        "closed_at",
                    ],
                    tube_rows(),
                    now,
                ),
            )
            _timed(
                loaded,
                "samples",
                lambda: copy_rows(
                    cur,
                    Sample,
                    [
                        "round_id",
                        "tube_id",
                        "person_id",
                        "building_id",
                        "idempotency_key",
                        "scanned_at",
                    ],
                    ((r0 + c, t, p, b0 + b, f"city-{org.pk}-{n}", now) for p, b, c, t, n in scans),
                    now,
                ),
            )
            _timed(
                loaded,
                "exemptions",
                lambda: copy_rows(
                    cur,
                    Exemption,
                    ["round_id", "person_id", "reason"],
                    (
                        (r0 + c, p, "away")
                        for p, _h, _b, c, n in _residents(shape, p0, h0)
                        if is_exempt(n)
                    ),
                    now,
                ),
            )
            began = time.perf_counter()
            for model in (Compound, Building, Household, Person, ScreeningRound, SamplingPoint):
                _reset_sequence(cur, model)
            for model in (Tube, Sample, ScreeningCode, Exemption):
                _reset_sequence(cur, model)
            loaded.seconds["sequences"] = time.perf_counter() - began
            began = time.perf_counter()
            for statement in saved:
                cur.execute(statement)
            loaded.seconds["indexes_and_foreign_keys"] = time.perf_counter() - began
        began = time.perf_counter()
    loaded.seconds["commit"] = time.perf_counter() - began
    began = time.perf_counter()
    with connection.cursor() as c:
        c.execute("ANALYZE")
    loaded.seconds["analyze"] = time.perf_counter() - began
    return loaded


def _drop_indexes_and_foreign_keys(cursor: Any, tables: list[str]) -> list[str]:
    """Drop the secondary indexes, unique constraints and foreign keys of ``tables`` (primary
    keys and check constraints stay) and return the statements that put them back: indexes
    first, then the foreign keys, each validated once over the whole table (as pg_restore
    does) instead of row by row at commit."""
    cursor.execute(
        """
        SELECT conrelid::regclass::text, conname, contype, pg_get_constraintdef(oid)
        FROM pg_constraint
        WHERE conrelid = ANY(%s::regclass[]) AND contype IN ('f', 'u')
        ORDER BY contype DESC, conname
        """,
        [tables],
    )
    constraints = cursor.fetchall()
    cursor.execute(
        """
        SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
        FROM pg_index i
        WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid
                          AND c.contype IN ('p', 'u', 'x'))
        ORDER BY 1
        """,
        [tables],
    )
    indexes = cursor.fetchall()
    restore: list[str] = []
    fks: list[str] = []
    for table, name, kind, definition in constraints:
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        statement = f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'
        (fks if kind == "f" else restore).append(statement)
    for name, definition in indexes:
        cursor.execute(f"DROP INDEX {name}")
        restore.append(definition)
    return restore + fks


def _reset_sequence(cursor: Any, model: Any) -> None:
    table = model._meta.db_table  # a model's table name, not input
    sql = (
        f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "  # noqa: S608
        f'COALESCE((SELECT MAX(id) FROM "{table}"), 0) + 1, false)'
    )
    cursor.execute(sql)
