"""The engine's explanations are stored as rule codes with parameters and said at read time in
the reader's language, with people's names and shifts as post, day and time — never ids."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from hub.rosters.actions import solve_run
from hub.rosters.explanations import FOLD_AT, Line, Names, explain, penalty_lines
from hub.rosters.tests.conftest import MONDAY, duty_run

ENGINE_ID = re.compile(r"\b[PSC]\d+\b")


def texts(lines: list[Line]) -> list[str]:
    return [t for line in lines for t in (line.text, *line.details)]


@pytest.mark.django_db
def test_unfilled_places_are_stored_as_codes_with_pks(cast):
    run = solve_run(duty_run(cast, days=2, people=1).pk)

    person = run.people.get()
    reasons = [r for u in run.result["unfilled"] for r in u["reasons"]]

    assert reasons and all(r["person"] == person.pk for r in reasons)
    assert {r["code"] for r in reasons} <= {"rest", "max_shifts_per_day"}
    shift_pks = set(run.shifts.values_list("pk", flat=True))
    assert all(r["params"].get("held", r["params"].get("day")) is not None for r in reasons)
    assert all(r["params"]["held"] in shift_pks for r in reasons if r["code"] == "rest")


@pytest.mark.django_db
def test_unfilled_places_read_in_names_and_shift_labels(cast):
    run = solve_run(duty_run(cast, days=2, people=1).pk)
    person = run.people.get()

    found = explain(cast.users["secretary"], run.result, run.period_start)

    assert len(found.unfilled) == 2
    for line in found.unfilled:
        assert "值班" in line.text and "short of 1 person" in line.text
        assert line.details and all(person.name in d for d in line.details)
    assert not [t for t in texts(found.unfilled) if ENGINE_ID.search(t)]


@pytest.mark.django_db
def test_the_chinese_page_renders_the_same_structure_with_names(cast):
    run = solve_run(duty_run(cast, days=2, people=1).pk)
    person = run.people.get()

    with translation.override("zh-hans"):
        found = explain(cast.users["secretary"], run.result, run.period_start)

    assert len(found.unfilled) == 2
    assert all("值班" in line.text and "还缺1人" in line.text for line in found.unfilled)
    assert all(person.name in d for line in found.unfilled for d in line.details)
    assert not [t for t in texts(found.unfilled) if "short of" in t or " works " in t]
    assert not [t for t in texts(found.unfilled) if ENGINE_ID.search(t)]


@pytest.mark.django_db
def test_names_are_masked_for_a_reader_who_may_not_change_the_person(cast):
    run = solve_run(duty_run(cast, days=2, people=1).pk)
    person = run.people.get()

    found = explain(cast.users["volunteer"], run.result, run.period_start)

    details = [d for line in found.unfilled for d in line.details]
    assert details and not [d for d in details if person.name in d]
    assert all(person.masked_name in d for d in details)


@pytest.mark.django_db
def test_the_run_page_shows_the_explanations(cast, client):
    run = solve_run(duty_run(cast, days=2, people=1).pk)
    person = run.people.get()
    client.force_login(cast.users["secretary"])

    page = client.get(reverse("rosters:run-detail", kwargs={"run_id": run.pk})).content.decode()

    start = page.index('<div class="card"><ul>', page.index("<h2>", page.index("rgrid-wrap")))
    block = page[start:]
    assert person.name in block and "值班" in block


def fair_load(n: int, hours: int) -> dict[str, object]:
    return {"rule": "fair_load", "person": n, "amount": hours, "cost": 5 * hours, "text": "x"}


def test_many_fair_load_lines_fold_into_one_with_the_range_of_hours():
    names = Names(start=MONDAY, people={n: f"人{n}" for n in range(12)})
    items = [fair_load(n, 2 + n % 5) for n in range(12)]

    lines = penalty_lines(items, names)

    assert len(lines) == 1
    assert lines[0].text == "12 people work 2–6 hours away from a fair share."
    assert len(lines[0].details) == 12
    assert "人0 works 2 hours away from a fair share." in lines[0].details


def test_folded_fair_load_reads_chinese_on_the_chinese_page():
    names = Names(start=MONDAY, people={n: f"人{n}" for n in range(12)})
    with translation.override("zh-hans"):
        lines = penalty_lines([fair_load(n, 2 + n % 5) for n in range(12)], names)
    assert lines[0].text == "12人的工时与均衡份额相差2–6小时。"
    assert "人0的工时与均衡份额相差2小时。" in lines[0].details


def test_a_few_lines_of_one_rule_stay_one_line_each():
    names = Names(start=MONDAY, people={n: f"人{n}" for n in range(FOLD_AT)})
    lines = penalty_lines([fair_load(n, 1) for n in range(FOLD_AT)], names)
    assert [line.details for line in lines] == [()] * FOLD_AT
    assert lines[0].text == "人0 works 1 hour away from a fair share."


def test_wishes_not_granted_name_the_person_and_the_date():
    names = Names(
        start=MONDAY, people={7: "王芳"}, shifts={3: "值班（白班） 04-04 Mon 08:30–17:00"}
    )
    items = [
        {"rule": "unwanted_day", "person": 7, "day": 1, "amount": 1, "cost": 10},
        {"rule": "wanted_shift", "person": 7, "shift": 3, "amount": 1, "cost": 10},
    ]

    lines = [line.text for line in penalty_lines(items, names)]

    assert "王芳 wished to be off on 04-05 Tue but works." in lines
    assert "王芳 wished to work 值班（白班） 04-04 Mon 08:30–17:00 but is not on it." in lines


def test_a_result_stored_before_codes_shows_its_text():
    names = Names(start=MONDAY)
    old = {"rule": "continuity", "cost": 3, "name": "continuity:person=P1,day=0", "text": "旧文字"}
    assert [line.text for line in penalty_lines([old], names)] == ["旧文字"]
