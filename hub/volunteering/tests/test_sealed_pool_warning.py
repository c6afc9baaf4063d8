"""The drive form warns when residents of a sealed compound in the pool would all be refused."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hub.testing.builders import make_drive, make_post, make_shift
from hub.volunteering.models import Drive


def english(user) -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    client.force_login(user)
    return client


def test_a_pool_with_a_sealed_compound_and_a_post_with_no_compound_warns_before_saving(cast):
    post = make_post(
        cast, organization=cast.org_rc, by=cast.rc_admin, compound=None, name="社区服务站"
    )
    shift = make_shift(post, starts_at=timezone.now() + dt.timedelta(days=2))
    data = {
        "organization": cast.org_rc.pk,
        "title": "检测点招募",
        "requires_approval": "on",
        "shifts": [shift.pk],
        "compounds": [cast.compound_own.pk],
    }
    client = english(cast.rc_admin)

    warned = client.post(reverse("volunteering:drive-create"), data)

    body = warned.content.decode()
    assert warned.status_code == 200 and not Drive.objects.filter(title="检测点招募").exists()
    assert "青年公寓 is sealed" in body and "社区服务站 has no compound" in body
    assert 'name="accept_warnings"' in body
    saved = client.post(reverse("volunteering:drive-create"), {**data, "accept_warnings": "1"})
    assert saved.status_code == 302 and Drive.objects.filter(title="检测点招募").exists()


def test_a_post_inside_the_sealed_compound_gives_no_warning(cast):
    post = make_post(cast, organization=cast.org_rc)  # inside 青年公寓
    shift = make_shift(post, starts_at=timezone.now() + dt.timedelta(days=2))
    drive = make_drive(cast, [shift], organization=cast.org_rc, branches=[], publish=False)
    page = english(cast.rc_admin).post(
        reverse("volunteering:drive-edit", args=[drive.pk]),
        {"title": drive.title, "compounds": [cast.compound_own.pk]},
    )
    assert page.status_code == 302
    assert list(drive.compounds.all()) == [cast.compound_own]
