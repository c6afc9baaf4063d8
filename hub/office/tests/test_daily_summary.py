"""The daily office summary: duty from the published roster, contractors, entries, disinfection."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import translation

from hub.office.actions.cleaning import record_cleaning
from hub.office.actions.entries import record_entry
from hub.office.models import CleaningArea, ContractorWorker, Site
from hub.office.queries import daily_summary, summary_text
from hub.office.tests.conftest import at, visitor
from hub.testing.builders import approve, make_post, make_shift


def _day(cast: Any, site: Site, lift: CleaningArea) -> None:
    post = make_post(cast, name="值班（白班）", site="中心办公室", kind="duty")
    shift = make_shift(post, starts_at=at(10, 8, 30), hours=8.5, capacity=1)
    approve(shift, cast.person_member)
    record_entry(
        by=None, site=site, now=at(10, 8), **visitor(kind="contractor", phone="13300001111")
    )
    record_entry(by=None, site=site, now=at(10, 9), **visitor())
    record_entry(by=None, site=site, now=at(10, 9, 30), **visitor(code_colour="yellow"))
    record_cleaning(
        by=cast.desk,
        area=lift,
        done_by="保洁张阿姨",
        agent="含氯消毒剂",
        concentration_mg_l=500,
        done_at=at(10, 8),
        now=at(10, 8),
    )


def test_summary_counts_the_day(
    cast: Any, site: Site, guard: ContractorWorker, lift: CleaningArea
) -> None:
    _day(cast, site, lift)
    report = daily_summary(cast.org_health, at(10, 8).date(), now=at(10, 11))
    assert [(d.name, d.post) for d in report.on_duty] == [("王**", "值班（白班）")]
    assert [(c.role, c.present, c.expected) for c in report.contractors] == [("security", 1, 2)]
    assert (report.admitted, report.visitors, report.refused) == (2, 1, 1)
    assert report.cleaning_done == 1
    assert [s.area.name for s in report.overdue] == ["1号电梯"]  # due at 10:00, not done


def test_summary_text_is_short_and_in_the_readers_language(
    cast: Any, site: Site, guard: ContractorWorker, lift: CleaningArea
) -> None:
    _day(cast, site, lift)
    report = daily_summary(cast.org_health, at(10, 8).date(), now=at(10, 11))
    with translation.override("zh-hans"):
        text = summary_text(report)
    assert text.splitlines() == [
        "卫健中心办公室 2022-04-10",
        "值班：王**（值班（白班））",
        "外包到岗：保安 1/2",
        "出入：准入2人次（访客1），拒绝1人次",
        "消毒：已完成1轮；超时：1号电梯",
    ]


def test_the_branch_secretary_reads_the_summary_page(
    cast: Any, site: Site, guard: ContractorWorker, lift: CleaningArea
) -> None:
    _day(cast, site, lift)
    client = Client()
    client.force_login(cast.secretary)
    reply = client.get(reverse("office:summary"), {"date": "2022-04-10"})
    body = reply.content.decode()
    assert reply.status_code == 200
    assert "王**" in body and "外包到岗：保安 1/2" in body
    assert "李访客" not in body
