"""A resident of a sealed compound is told on the drive page, not after tapping 报名."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hub.errors import DomainError
from hub.testing.builders import make_drive, make_post, make_shift
from hub.volunteering.actions.signups import sign_up

pytestmark = pytest.mark.django_db


def test_the_drive_page_says_why_instead_of_offering_sign_up(cast):
    shift = make_shift(make_post(cast), starts_at=timezone.now() + dt.timedelta(days=1))
    drive = make_drive(cast, [shift], now=timezone.now())
    client = Client()
    client.force_login(cast.volunteer)
    page = client.get(reverse("volunteering:drive-detail", args=[drive.pk])).content.decode()
    assert "您住在青年公寓" in page
    assert reverse("volunteering:drive-signup", args=[drive.pk, shift.pk]) not in page


def test_the_refusal_speaks_to_the_volunteer_and_of_them_to_a_coordinator(cast):
    shift = make_shift(make_post(cast), starts_at=timezone.now() + dt.timedelta(days=1))
    make_drive(cast, [shift], now=timezone.now())
    with pytest.raises(DomainError) as own:
        sign_up(by=cast.volunteer, shift=shift, person=cast.volunteer.person)
    assert own.value.code == "sealed_home"
    assert own.value.message.startswith("You live in 青年公寓")
    with pytest.raises(DomainError) as other:
        sign_up(by=cast.admin, shift=shift, person=cast.volunteer.person)
    assert "where this person lives" in other.value.message
