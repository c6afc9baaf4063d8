"""The drive wizard: post, shift and drive in three steps, one all-or-nothing action at the end."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hub.errors import DomainError
from hub.testing.builders import make_post
from hub.volunteering.actions.launch import launch_drive
from hub.volunteering.models import Drive, Post, Shift

URL = reverse("volunteering:drive-launch")


def soon(days: int = 3) -> dt.datetime:
    return timezone.localtime().replace(second=0, microsecond=0) + dt.timedelta(days=days)


def english(user) -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    client.force_login(user)
    return client


def shift_answers(starts: dt.datetime, **more) -> dict:
    return {
        "step": "shift",
        "starts_at": f"{starts:%Y-%m-%dT%H:%M}",
        "ends_at": f"{starts + dt.timedelta(hours=4):%Y-%m-%dT%H:%M}",
        "capacity": "6",
        "min_staff": "1",
        "waitlist_size": "0",
        "days": "1",
        **more,
    }


def test_a_lead_creates_post_shift_and_a_published_drive_in_three_steps(cast):
    client = english(cast.admin)
    assert client.get(URL).status_code == 200
    step1 = {"step": "post", "organization": cast.org_health.pk, "name": "社区测温", "site": "南门"}
    step1.update(kind="volunteer", branch=cast.branch_first.pk)

    assert client.post(URL, step1)["Location"].endswith("?step=shift")
    assert client.post(URL, shift_answers(soon(), days="2"))["Location"].endswith("?step=drive")
    page = client.get(f"{URL}?step=drive").content.decode()
    assert "社区测温" in page and 'value="社区测温"' in page  # the title defaults to the post
    pool = {"branches": [cast.branch_first.pk], "publish": "on"}
    done = client.post(URL, {"step": "drive", "title": "测温志愿者", **pool})

    drive = Drive.objects.get(title="测温志愿者")
    assert done["Location"] == reverse("volunteering:drive-detail", args=[drive.pk])
    assert drive.status == "published" and drive.organization == cast.org_health
    assert [s.post.name for s in drive.shifts.all()] == ["社区测温", "社区测温"]
    assert client.get(f"{URL}?step=drive")["Location"].endswith("?step=post")  # answers cleared


def test_the_wizard_reuses_an_existing_post(cast):
    post = make_post(cast)
    client = english(cast.admin)
    client.post(URL, {"step": "post", "post": post.pk})
    client.post(URL, shift_answers(soon()))
    client.post(URL, {"step": "drive", "title": "再招一次", "branches": [cast.branch_first.pk]})

    drive = Drive.objects.get(title="再招一次")
    assert drive.status == "draft" and list(drive.shifts.values_list("post", flat=True)) == [
        post.pk
    ]
    assert Post.objects.filter(name=post.name).count() == 1


def test_a_new_post_without_name_or_place_is_refused_on_the_first_step(cast):
    page = english(cast.admin).post(URL, {"step": "post", "organization": cast.org_health.pk})
    assert page.status_code == 200
    assert page.content.decode().count("Needed for a new post") == 2


def test_a_refusal_at_the_end_leaves_nothing_behind_and_shows_on_its_step(cast):
    client = english(cast.coordinator)  # a coordinator's drive must be open to their compound
    client.post(
        URL,
        {
            "step": "post",
            "organization": cast.org_rc.pk,
            "name": "送药",
            "site": "青年公寓",
            "kind": "volunteer",
            "compound": cast.compound_own.pk,
        },
    )
    client.post(URL, shift_answers(soon()))
    page = client.post(URL, {"step": "drive", "title": "送药志愿者", "is_public": "on"})

    assert page.status_code == 200
    assert "You may only create drives" in page.content.decode()
    assert not Post.objects.filter(name="送药").exists()
    assert not Shift.objects.filter(post__name="送药").exists()
    assert not Drive.objects.filter(title="送药志愿者").exists()


def test_the_action_is_all_or_nothing_when_the_shift_is_refused(cast):
    starts = soon()
    with pytest.raises(DomainError) as refused:
        launch_drive(
            by=cast.admin,
            new_post={"organization": cast.org_health, "name": "半截岗位", "site": "北门"},
            starts_at=starts,
            ends_at=starts - dt.timedelta(hours=1),
            capacity=3,
            title="不会留下",
        )
    assert refused.value.field == "ends_at"
    assert not Post.objects.filter(name="半截岗位").exists()


def test_a_later_step_without_the_earlier_answers_starts_again(cast):
    response = english(cast.admin).get(f"{URL}?step=drive")
    assert response.status_code == 302 and response["Location"].endswith("?step=post")
