"""Shift places is 名额, not the Places app (小区楼栋): pgettext tells them apart."""

from __future__ import annotations

from django.utils import translation

from hub.volunteering.forms import CapacityForm, ShiftForm


def test_the_capacity_field_says_places_as_in_seats_in_chinese():
    with translation.override("zh-hans"):
        assert str(CapacityForm.base_fields["capacity"].label) == "名额"
        assert str(ShiftForm.base_fields["capacity"].label) == "名额"
