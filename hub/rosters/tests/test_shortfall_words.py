"""Capacity shortfalls, the engine's status and "already on it" read in the product's words:
shifts as post, day and time, skills as the product names them, no engine codes."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from hub.people.models import Skill
from hub.rosters.actions import create_run, solve_run
from hub.rosters.explanations import Names, explain, status_word, unfilled_line
from hub.rosters.tests.conftest import MONDAY, duty_week, staff

ENGINE_ID = re.compile(r"\b[PSC]\d+\b")


def skilled_run(cast):
    """Two days of duty whose day shift asks for a skill nobody on the roster has."""
    skill = Skill.objects.create(code="order_keeping", name="秩序维护")
    return create_run(
        by=None,
        title="中心值班表",
        kind="duty",
        period_start=MONDAY,
        period_end=MONDAY + dt.timedelta(days=1),
        shifts=duty_week(cast, days=2, skill=skill),
        people=staff(cast, 2),
    )


@pytest.mark.django_db
def test_shortfalls_are_stored_as_codes_with_shift_pks_and_skill_codes(cast):
    run = solve_run(skilled_run(cast).pk)

    coded = run.result["shortfall_reasons"]

    day_shifts = set(run.shifts.filter(post__name="值班（白班）").values_list("pk", flat=True))
    short = [s for s in coded if s["code"] == "shift_short"]
    assert {s["params"]["shift"] for s in short} == day_shifts
    assert all(s["params"]["skills"] == ["order_keeping"] for s in short)
    assert all((s["params"]["needed"], s["params"]["available"]) == (1, 0) for s in short)
    hours = [s for s in coded if s["code"] == "hours_short"]
    assert [h["params"]["skill"] for h in hours] == ["order_keeping"]
    assert len(run.result["shortfalls"]) == len(coded)


@pytest.mark.django_db
def test_shortfalls_read_with_the_shift_label_and_the_skill_name(cast):
    run = solve_run(skilled_run(cast).pk)

    with translation.override("en"):
        lines = explain(cast.users["secretary"], run.result, run.period_start).shortfalls

    assert len(lines) == 3
    assert all("秩序维护" in line and "order_keeping" not in line for line in lines)
    assert not [line for line in lines if ENGINE_ID.search(line)]
    assert "值班（白班） 04-04 Mon 08:30–17:00 needs 1 person with the skill 秩序维护" in lines[0]
    assert lines[2].startswith("Shifts needing the skill 秩序维护 ask for 17 hours in all")


def test_a_result_stored_before_shortfall_codes_shows_its_sentences():
    old = {"shortfalls": ["Shift 值班 04-04 08:30 on 2022-04-04 needs 1 person"]}
    found = explain(None, old, MONDAY)
    assert found.shortfalls == old["shortfalls"]


@pytest.mark.django_db
def test_the_run_page_says_the_engine_status_in_words_not_its_code(cast, client):
    run = solve_run(skilled_run(cast).pk)
    run.result = {**run.result, "status": "greedy_fallback"}
    run.save(update_fields=["result"])
    client.force_login(cast.users["admin"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    page = client.get(reverse("rosters:run-detail", kwargs={"run_id": run.pk})).content.decode()

    assert "Engine: simple roster (quick fallback)" in page
    assert "greedy_fallback" not in page


@pytest.mark.django_db
def test_a_branch_secretary_sees_no_solver_words(cast, client):
    run = solve_run(skilled_run(cast).pk)
    client.force_login(cast.users["secretary"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"

    page = client.get(reverse("rosters:run-detail", kwargs={"run_id": run.pk})).content.decode()
    form = client.get(reverse("rosters:run-create")).content.decode()

    assert "罚分" not in page and "下界" not in page
    assert "权重" not in form


def test_an_unknown_status_code_is_shown_as_it_is():
    with translation.override("en"):
        assert status_word("optimal") == "optimal"
        assert status_word("something_new") == "something_new"
        assert status_word(None) == ""


def test_a_short_shift_everybody_eligible_is_on_says_so():
    names = Names(start=MONDAY, shifts={3: "值班（白班） 04-04 Mon 08:30–17:00"})
    item = {"shift": 3, "missing": 1, "staffed": 2, "reasons": []}

    with translation.override("en"):
        line = unfilled_line(item, names)

    assert line.details == ("Everybody eligible is already on this shift.",)


def test_a_short_shift_nobody_may_work_says_nobody_eligible_and_why():
    names = Names(start=MONDAY)
    reasons = [{"code": "ineligible", "person": None, "params": {"skills": 2}}]
    item = {"shift": 3, "missing": 1, "staffed": 0, "reasons": reasons}

    with translation.override("en"):
        line = unfilled_line(item, names)

    assert line.details == ("Nobody eligible could be found.", "Not eligible: 2 people by skills.")


@pytest.mark.django_db
def test_the_lacking_skill_of_a_candidate_reads_as_the_skill_name(cast):
    Skill.objects.create(code="order_keeping", name="秩序维护")
    reason = {"code": "skills", "person": 999, "params": {"skills": "order_keeping"}}
    item = {"shift": 3, "missing": 1, "staffed": 0, "reasons": [reason]}

    with translation.override("en"):
        found = explain(None, {"unfilled": [item]}, MONDAY)

    assert found.unfilled[0].details == ("? lacks the skill 秩序维护.",)
