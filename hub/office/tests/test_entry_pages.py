"""The scan form, the desk, its live arrivals and its fast register, as pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hub.conftest import PASSWORD
from hub.notify.models import Message
from hub.office.actions.entries import record_entry
from hub.office.models import Entry, Site
from hub.office.queries import poster_code
from hub.office.tests.conftest import visitor


def _client(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def _form(**overrides: Any) -> dict[str, Any]:
    values = visitor(tested_on=timezone.localdate().isoformat(), **overrides)
    values.pop("method")
    return values


def test_visitor_scans_and_is_admitted_without_signing_in(site: Site) -> None:
    url = reverse("office:scan", kwargs={"code": poster_code(site)})
    page = Client().get(url)
    assert page.status_code == 200
    assert "中心办公楼" in page.content.decode()
    reply = Client().post(url, _form())
    assert reply.status_code == 200
    assert "可以入内" in reply.content.decode()
    assert Entry.objects.get().masked_name == "李**"


def test_refusal_page_says_why_in_chinese_and_english(site: Site) -> None:
    url = reverse("office:scan", kwargs={"code": poster_code(site)})
    reply = Client().post(url, _form(code_colour="red"))
    body = reply.content.decode()
    assert "暂不能入内" in body and "Entry refused" in body
    assert "The declared health code is Red, not green." in body
    assert Message.objects.count() == 1


def test_bad_scan_input_reshows_the_form_and_writes_nothing(site: Site) -> None:
    url = reverse("office:scan", kwargs={"code": poster_code(site)})
    reply = Client().post(url, _form(phone="123"))
    assert reply.status_code == 200
    assert "不是有效的电话号码" in reply.content.decode()
    assert Entry.objects.count() == 0


def test_a_forged_poster_code_is_404(site: Site) -> None:
    url = reverse("office:scan", kwargs={"code": "forged:abc"})
    assert Client().get(url).status_code == 404


def test_signed_in_staff_get_the_short_form(cast: Any, site: Site) -> None:
    url = reverse("office:scan", kwargs={"code": poster_code(site)})
    client = _client(cast.volunteer)
    assert 'name="host"' not in client.get(url).content.decode()
    client.post(url, {"code_colour": "green", "tested_on": timezone.localdate().isoformat()})
    assert Entry.objects.get().kind == Entry.Kind.STAFF


def test_desk_sees_arrivals_masked_in_a_constant_number_of_queries(
    cast: Any, site: Site, django_assert_num_queries: Any
) -> None:
    client = _client(cast.desk)
    url = reverse("office:desk-arrivals", kwargs={"site_id": site.pk})
    client.get(url)
    for _ in range(3):
        record_entry(by=None, site=site, **visitor(tested_on=timezone.localdate()))
    with django_assert_num_queries(6):
        first = client.get(url)
    for _ in range(5):
        record_entry(by=None, site=site, **visitor(tested_on=timezone.localdate()))
    with django_assert_num_queries(6):
        client.get(url)
    body = first.content.decode()
    assert "李**" in body and "13912345678" not in body and "李访客" not in body


def test_desk_registers_someone_without_a_phone(cast: Any, site: Site) -> None:
    client = _client(cast.desk)
    now = timezone.localtime()
    reply = client.post(
        reverse("office:desk-register", kwargs={"site_id": site.pk}),
        {
            "arrived_time": now.strftime("%H:%M"),
            "name": "赵大爷",
            "purpose": "取药",
            "code_colour": "green",
            "tested_on": now.date().isoformat(),
        },
    )
    assert reply.status_code == 302
    entry = Entry.objects.get()
    assert (entry.method, entry.masked_name, entry.purpose) == ("manual", "赵**", "取药")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "purpose": "取药"}, "该字段是必填项"),
        ({"name": "赵大爷", "purpose": "取药", "tested_on": "2999-01-01"}, "核酸检测日期在未来"),
    ],
)
def test_desk_register_refuses_bad_input_and_writes_nothing(
    cast: Any, site: Site, data: dict[str, str], message: str
) -> None:
    client = _client(cast.desk)
    values = {"arrived_time": timezone.localtime().strftime("%H:%M"), "code_colour": "green"}
    reply = client.post(
        reverse("office:desk-register", kwargs={"site_id": site.pk}), {**values, **data}
    )
    assert reply.status_code == 400
    assert message in reply.content.decode()
    assert Entry.objects.count() == 0


def test_desk_checks_a_contractor_in(cast: Any, site: Site, guard: Any) -> None:
    client = _client(cast.desk)
    reply = client.post(
        reverse("office:desk-contractor", kwargs={"site_id": site.pk}),
        {"worker": guard.pk, "code_colour": "green", "tested_on": timezone.localdate().isoformat()},
    )
    assert reply.status_code == 302
    assert Entry.objects.get().worker == guard
    desk = client.get(reverse("office:desk", kwargs={"site_id": site.pk})).content.decode()
    assert "1/2" in desk


def test_the_poster_is_an_a4_pdf(cast: Any, site: Site) -> None:
    reply = _client(cast.desk).get(reverse("office:site-poster", kwargs={"site_id": site.pk}))
    assert reply.status_code == 200
    assert reply.content.startswith(b"%PDF-")
    assert dt.timedelta(hours=site.test_valid_hours or 0) == dt.timedelta(hours=48)
