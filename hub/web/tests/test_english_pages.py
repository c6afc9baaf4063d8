"""English pages of drives, sign-ups, notices, rosters and the today page carry no Chinese of
their own: what Chinese remains on them is the data (names, titles, places) people typed."""

from __future__ import annotations

import datetime as dt
import re

from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hub.notices.actions import acknowledge_notice
from hub.rosters.actions import publish_run, solve_run
from hub.rosters.tests.conftest import NOW, duty_run
from hub.testing.builders import make_drive, make_notice, make_post, make_shift
from hub.volunteering.actions.signups import sign_up

CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]+")
# Chinese the English pages keep on purpose: the brand, the switch to Chinese (lang="zh-Hans"),
# and the glosses of words with no English equivalent.
KEPT = ("守望", "中文", "切换到中文", "接龙", "值班")
DATA_FIELDS = {
    "people.Organization": ["name"],
    "people.Branch": ["name"],
    "people.Person": ["name"],
    "people.Skill": ["name"],
    "places.Compound": ["name"],
    "places.Building": ["name"],
    "volunteering.Post": ["name", "site", "content"],
    "volunteering.Drive": ["title", "description"],
    "notices.Notice": ["title", "body", "reply_prompt"],
    "rosters.RosterRun": ["title"],
}


def typed_data() -> list[str]:
    """Every value people typed that a page may show, longest first (and masked names)."""
    values: set[str] = set()
    for label, fields in DATA_FIELDS.items():
        model = apps.get_model(label)
        for row in model.objects.all():
            values.update(str(getattr(row, f) or "") for f in fields)
            if hasattr(row, "masked_name"):
                values.add(row.masked_name)
    return sorted((v for v in values if v), key=len, reverse=True)


def chinese_of_its_own(html: str) -> list[str]:
    html = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", html)
    text = re.sub(r"<[^>]+>", " ", html)
    for value in typed_data():
        text = text.replace(value, " ")
    for kept in KEPT:
        text = text.replace(kept, " ")
    return CJK.findall(text)


def english(user) -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    client.force_login(user)
    return client


def test_the_english_pages_of_a_lead_say_nothing_in_chinese(cast, settings):
    settings.ROSTER_SOLVE_SECONDS = 1.0
    secretary = cast.users["secretary"]
    post = make_post(cast)
    shift = make_shift(post, starts_at=timezone.now() + dt.timedelta(days=2))
    drive = make_drive(cast, [shift], requires_approval=True, now=timezone.now())
    signup = sign_up(by=None, shift=shift, person=cast.person_member, drive=drive)
    old = make_drive(cast, [make_shift(post)])  # 2022: ended
    notice = make_notice(secretary, organization=cast.org_health, audience=[cast.branch_first])
    acknowledge_notice(by=cast.volunteer, notice=notice)
    run = publish_run(by=secretary, run=solve_run(duty_run(cast, days=1, people=2).pk), now=NOW)
    pages = [(english(cast.volunteer), reverse("notices:notice-detail", args=[notice.pk]))]
    client = english(secretary)
    urls = [
        reverse("web:today"),
        reverse("volunteering:drive-list"),
        reverse("volunteering:drive-detail", args=[drive.pk]),
        reverse("volunteering:drive-detail", args=[old.pk]),
        reverse("volunteering:shift-detail", args=[shift.pk]),
        reverse("volunteering:signup-detail", args=[signup.pk]),
        reverse("volunteering:drive-launch"),
        reverse("notices:notice-detail", args=[notice.pk]),
        reverse("notices:notice-manage", args=[notice.pk]),
        reverse("notices:sent-list"),
        reverse("rosters:run-list"),
        reverse("rosters:run-detail", args=[run.pk]),
        reverse("rosters:duty-stats"),
    ]
    found = {}
    for client, url in pages + [(client, url) for url in urls]:
        response = client.get(url)
        assert response.status_code == 200, url
        leaked = chinese_of_its_own(response.content.decode())
        if leaked:
            found[url] = leaked
    assert not found, found
