"""The |moment and |hours filters: the page's language, the year only when it differs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

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
