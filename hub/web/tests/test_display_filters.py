"""The |moment and |hours filters: the page's language, the year only when it differs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from hub.testing.builders import SHANGHAI
from hub.web.templatetags.display import hours_text, moment_text

TODAY = dt.date(2026, 12, 4)


def test_a_moment_this_year_has_no_year_and_reads_in_the_pages_language():
    moment = dt.datetime(2026, 12, 3, 14, 5, tzinfo=SHANGHAI)
    with translation.override("zh-hans"):
        assert moment_text(moment, today=TODAY) == "12月3日 14:05"
    with translation.override("en"):
        assert moment_text(moment, today=TODAY) == "Dec 3, 14:05"


def test_a_moment_of_another_year_carries_the_year():
    with translation.override("zh-hans"):
        assert moment_text(dt.date(2022, 4, 2), today=TODAY) == "2022年4月2日"
    with translation.override("en"):
        moment = dt.datetime(2022, 4, 2, 8, 0, tzinfo=SHANGHAI)
        assert moment_text(moment, "date", today=TODAY) == "Apr 2, 2022"


def test_hours_drop_trailing_zeros_and_say_their_unit_in_chinese():
    with translation.override("zh-hans"):
        assert hours_text(Decimal("0.00")) == "0 小时"
        assert hours_text(Decimal("2.50")) == "2.5 小时"
        assert hours_text(Decimal("100.00")) == "100 小时"
    with translation.override("en"):
        assert hours_text(Decimal("3.25")) == "3.25 h"
    assert hours_text(None) == ""


def test_a_typed_name_is_escaped_and_marked_not_to_be_translated():
    from hub.web.templatetags.display import as_typed

    assert as_typed("admin_<b>") == '<span translate="no">admin_&lt;b&gt;</span>'


@pytest.mark.django_db
def test_the_home_greeting_marks_a_username_as_typed(cast):
    from django.test import Client

    client = Client()
    client.force_login(cast.admin)
    html = client.get("/").content.decode()

    assert '<span translate="no">admin_health</span>' in html


@pytest.mark.django_db
def test_pages_call_an_organization_by_one_name(cast):
    """Its short name wherever it has one (the full name is for certificates and PDFs)."""
    from django.test import Client

    org = cast.org_health
    org.name, org.short_name = "上海市某区卫生健康事务中心", "区卫健"
    org.save(update_fields=["name", "short_name"])
    client = Client()
    client.force_login(cast.admin)
    for url in ("/", "/notifications/"):
        html = client.get(url).content.decode()
        assert "区卫健" in html, url
        assert "上海市某区卫生健康事务中心" not in html, url
