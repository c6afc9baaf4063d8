"""Point duties: who samples, scans or keeps order at which point and slot."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from hub.errors import DomainError
from hub.screening.actions import assign_duty, remove_duty
from hub.screening.models import PointDuty
from hub.screening.queries import may_scan
from hub.testing.builders import make_screening_round


def test_a_sampler_on_duty_may_scan_until_their_last_sampling_duty_is_removed(cast):
    round_ = make_screening_round(cast, points=2)
    coordinator = cast.users["coordinator"]
    volunteer = cast.users["volunteer"]
    point = round_.points.first()
    first, second = round_.slots.all()[:2]
    a = assign_duty(
        by=coordinator,
        round_=round_,
        point=point,
        slot=first,
        person=volunteer.person,
        duty="sample",
    )
    b = assign_duty(
        by=coordinator,
        round_=round_,
        point=point,
        slot=second,
        person=volunteer.person,
        duty="scan",
    )
    assert may_scan(volunteer, round_)
    remove_duty(by=coordinator, duty=a)
    assert may_scan(volunteer, round_)
    remove_duty(by=coordinator, duty=b)
    assert not may_scan(volunteer, round_)


def test_a_person_is_not_on_two_duties_at_once(cast):
    round_ = make_screening_round(cast, points=2)
    coordinator = cast.users["coordinator"]
    first_point, second_point = round_.points.all()
    slot = round_.slots.first()
    person = cast.person_resident
    assign_duty(by=coordinator, round_=round_, point=first_point, person=person, duty="order")
    with pytest.raises(DomainError) as refused:
        assign_duty(
            by=coordinator,
            round_=round_,
            point=second_point,
            slot=slot,
            person=person,
            duty="sample",
        )
    assert refused.value.code == "double_booked"
    assert first_point.name in refused.value.message
    assert PointDuty.objects.count() == 1


def test_the_duty_page_assigns_and_is_linked_from_the_round(cast):
    round_ = make_screening_round(cast)
    client = Client()
    client.force_login(cast.users["coordinator"])
    detail = client.get(reverse("screening:round-detail", args=[round_.pk])).content.decode()
    assert reverse("screening:round-duties", args=[round_.pk]) in detail
    client.post(
        reverse("screening:round-duty-assign", args=[round_.pk]),
        {
            "point": round_.points.first().pk,
            "slot": round_.slots.first().pk,
            "person": cast.person_resident.pk,
            "duty": "order",
        },
    )
    page = client.get(reverse("screening:round-duties", args=[round_.pk])).content.decode()
    assert "陈*" in page and "data-duties" in page
