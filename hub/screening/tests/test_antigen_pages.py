"""Antigen pages and API: handouts per household, reports with photos, who has not reported."""

from __future__ import annotations

import base64

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hub.privacy.models import AccessLog
from hub.screening.actions.antigen import report_antigen
from hub.screening.models import AntigenReport, KitHandout

PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 64


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_resident_reports_with_a_photo_and_each_view_of_it_is_logged(cast):
    resident = cast.users["volunteer"]  # 张贝 lives in 青年公寓 2号楼
    client = _client(resident)
    today = timezone.localdate().isoformat()
    photo = SimpleUploadedFile("t.png", PNG, content_type="image/png")
    sent = client.post(
        reverse("screening:antigen-report"), {"day": today, "result": "negative", "photo": photo}
    )
    assert sent.status_code == 302, sent.context["form"].errors
    report = AntigenReport.objects.get(person_id=resident.person_id)
    before = AccessLog.objects.count()
    shown = _client(cast.users["coordinator"]).get(
        reverse("screening:antigen-photo", args=[report.pk])
    )
    assert shown.content == PNG and shown["Content-Type"] == "image/png"
    assert (
        AccessLog.objects.filter(field="photo").count() == 1 == AccessLog.objects.count() - before
    )
    # A building leader never sees results or photos.
    hidden = _client(cast.users["leader"]).get(reverse("screening:antigen-photo", args=[report.pk]))
    assert hidden.status_code == 404


def test_a_photo_that_is_not_a_picture_gets_a_message_and_writes_nothing(cast):
    client = _client(cast.users["coordinator"])
    url = reverse("screening:antigen-report-for", args=[cast.person_resident.pk])
    fake = SimpleUploadedFile("t.png", b"not a picture", content_type="image/png")
    page = client.post(
        url, {"day": timezone.localdate().isoformat(), "result": "negative", "photo": fake}
    )
    assert page.status_code == 200 and "errorlist" in page.content.decode()
    assert not AntigenReport.objects.exists()


def test_the_leader_sees_who_has_not_reported_in_their_building_without_results(cast):
    leader = _client(cast.users["leader"])
    page = leader.get(reverse("screening:antigen-missing")).content.decode()
    assert "陈*" in page  # 陈秀英 of 1号楼 has not reported today
    assert "张*" not in page  # 2号楼 is not the leader's building
    report_antigen(
        by=cast.users["leader"],
        person=cast.person_resident,
        day=timezone.localdate(),
        result="positive",
        now=timezone.now(),
    )
    page = leader.get(reverse("screening:antigen-missing")).content.decode()
    assert "陈*" not in page
    helper = leader.get(reverse("screening:antigen-report-for", args=[cast.person_resident.pk]))
    text = helper.content.decode()
    assert 'data-antigen-today="reported"' in text and "data-antigen-results" not in text


def test_kits_are_handed_out_from_the_page_and_counted_per_household(cast):
    client = _client(cast.users["leader"])
    url = reverse("screening:antigen-handout", args=[cast.household_own.pk])
    client.post(url, {"kits": 3})
    client.post(url, {"kits": 2})
    client.post(url, {"kits": 0})  # refused with a message
    assert sorted(KitHandout.objects.values_list("kits", flat=True)) == [2, 3]
    page = client.get(reverse("screening:antigen-handouts")).content.decode()
    assert "5" in page.split(f'data-household="{cast.household_own.pk}"')[1].split("</li>")[0]


def test_the_api_takes_a_report_with_a_photo_and_lists_who_has_not_reported(cast):
    client = _client(cast.users["coordinator"])
    day = timezone.localdate().isoformat()
    body = {
        "person": cast.person_resident.pk,
        "day": day,
        "result": "negative",
        "photo": base64.b64encode(PNG).decode(),
    }
    made = client.post(reverse("api:antigen-report"), body, content_type="application/json")
    assert made.status_code == 201 and made.json()["has_photo"] is True
    missing = client.get(reverse("api:antigen-not-reported"), {"day": day}).json()
    assert cast.person_resident.pk not in {row["id"] for row in missing}
    bad = client.post(
        reverse("api:antigen-report"),
        {**body, "photo": base64.b64encode(b"nope").decode()},
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert AntigenReport.objects.get().photo_type == "image/png"
