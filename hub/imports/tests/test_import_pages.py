"""The import pages as the uploader reads them: the file's own columns and values, a summary,
warnings before applying, errors by row and column, a logged reveal, dates with their year."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from hub.imports.actions import upload_import
from hub.imports.models import ImportBatch
from hub.imports.tests.files import csv_bytes
from hub.privacy.models import AccessLog

HEADER = ["姓名", "手机号", "出生日期", "政治面貌", "所在支部", "备注"]
ROWS = [
    ["张三", "13912345678", "1980-05-01", "党员", "第一党支部", "老党员"],
    ["李四", "13912345678", "1982-03-04", "群众", "第一党支部", ""],  # the same phone as 张三
    ["王五", "13800000001", "1975-01-02", "团员", "第一党支部", ""],
    ["王五", "13800000002", "1975-01-02", "团员", "第一党支部", ""],  # same name and birth date
]


def _page(user, batch, language="zh-hans"):
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse("imports:batch-detail", args=[batch.pk]))
    assert response.status_code == 200
    return client, response.content.decode()


def _upload(by, org, rows, header=HEADER):
    content = csv_bytes(rows, header=header)
    return upload_import(
        by=by, organization=org, kind="members", filename="名单.csv", content=content
    )


@pytest.mark.django_db
def test_the_preview_shows_the_files_headers_and_values_a_summary_and_warnings(org, branch, admin):
    batch = _upload(admin, org, ROWS)

    _, html = _page(admin, batch)

    assert batch.status == ImportBatch.Status.VALID
    for title in ("姓名", "手机号", "出生日期", "政治面貌", "所在支部"):
        assert f">{title}</th>" in html
    assert "老党员" not in html and "备注" in html  # a column not imported: its title only
    assert ">党员</td>" in html and ">1980-05-01</td>" in html  # the file's own words
    assert ">张*</td>" in html and "139****5678" in html and "13912345678" not in html
    assert "political_status" not in html and "party_member" not in html and "True" not in html
    assert re.search(r"<b>4</b>\s*新增", html)
    assert "第 2、3 行的手机号相同" in html
    assert "第 4、5 行姓名和出生日期相同" in html
    assert "导入4行" in html


@pytest.mark.django_db
def test_errors_show_row_column_and_reason_in_the_language_of_the_page(org, branch, admin):
    rows = [["张三", "139123", "1980-05-01", "党员", "第一党支部", ""]]
    batch = _upload(admin, org, rows)  # checked in English (the tests' conftest)

    _, chinese = _page(admin, batch)
    _, english = _page(admin, batch, "en")

    assert batch.status == ImportBatch.Status.INVALID
    error = '<td>2</td><td translate="no">手机号</td>'
    assert error in chinese and error in english
    assert "is not a valid phone number" in english and "is not a valid phone number" not in chinese
    assert re.search(r"<b class=\"bad\">1</b>\s*有错误的行", chinese)


@pytest.mark.django_db
def test_the_uploader_sees_their_file_in_full_only_through_a_logged_post(org, branch, admin):
    batch = _upload(admin, org, ROWS)
    client, html = _page(admin, batch)
    assert reverse("imports:batch-reveal", args=[batch.pk]) in html

    response = client.post(reverse("imports:batch-reveal", args=[batch.pk]), HTTP_HX_REQUEST="true")

    shown = response.content.decode()
    assert response.status_code == 200
    assert ">张三</td>" in shown and ">13912345678</td>" in shown
    log = AccessLog.objects.get()
    assert (log.actor, log.action, log.subject_type, log.subject_id, log.field) == (
        admin,
        "reveal",
        "import",
        str(batch.pk),
        "file",
    )
    assert "13912345678" not in _page(admin, batch)[1]  # the next visit is masked again


@pytest.mark.django_db
def test_another_admin_sees_the_batch_masked_and_may_not_reveal_it(org, branch, admin, secretary):
    batch = _upload(secretary, org, ROWS[:1])
    client, html = _page(admin, batch)

    response = client.post(reverse("imports:batch-reveal", args=[batch.pk]))

    assert reverse("imports:batch-reveal", args=[batch.pk]) not in html
    assert response.status_code == 403
    assert not AccessLog.objects.exists()


@pytest.mark.django_db
def test_an_applied_file_is_gone_and_its_reveal_says_so(org, branch, admin):
    batch = _upload(admin, org, ROWS[:1])
    client, _ = _page(admin, batch)
    client.post(reverse("imports:batch-apply", args=[batch.pk]))

    response = client.post(reverse("imports:batch-reveal", args=[batch.pk]), follow=True)

    assert "不再保存" in response.content.decode()
    assert not AccessLog.objects.exists()


@pytest.mark.django_db
def test_the_list_gives_the_year_of_an_import_from_another_year_only(org, branch, admin):
    old = _upload(admin, org, ROWS[:1])
    last_year = dt.datetime(2022, 3, 4, 1, 0, tzinfo=dt.UTC)
    ImportBatch.objects.filter(pk=old.pk).update(created_at=last_year)
    _upload(admin, org, ROWS[1:2])
    client = Client()
    client.force_login(admin)

    html = client.get(reverse("imports:batch-list")).content.decode()

    dates = re.findall(r"· ((?:\d{4}-)?\d{2}-\d{2} \d{2}:\d{2})</span>", html)
    assert len(dates) == 2
    assert dates[1] == "2022-03-04 09:00"  # Asia/Shanghai
    assert len(dates[0]) == len("03-04 09:00")  # this year's: no year


@pytest.mark.django_db
def test_a_file_without_a_header_shows_its_error_and_no_summary(org, branch, admin):
    batch = _upload(admin, org, [["a", "b"]], header=["甲", "乙"])

    _, html = _page(admin, batch)

    assert batch.status == ImportBatch.Status.INVALID
    assert 'id="import-errors"' in html and "中未找到表头" in html
    assert 'id="import-summary"' not in html and 'id="import-preview"' not in html


@pytest.mark.django_db
def test_a_bad_id_number_found_in_english_reads_in_chinese_on_a_chinese_page(org, branch, admin):
    from django.utils import translation

    from hub.imports.reasons import render

    rows = [["张三", "13912345678", "1980-05-01", "党员", "第一党支部", "310101198005010000"]]
    batch = _upload(admin, org, rows, header=[*HEADER[:5], "身份证号"])

    (error,) = batch.errors
    assert error["reason"].startswith("ID number check digit is wrong")
    with translation.override("zh-hans"):
        assert "校验" in render(error)


@pytest.mark.django_db
def test_the_api_words_errors_and_warnings_in_the_requests_language(org, branch, admin):
    rows = [*ROWS[:2], ["王五", "139123", "1975-01-02", "团员", "第一党支部", ""]]
    batch = _upload(admin, org, rows)
    client = Client()
    client.force_login(admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"

    data = client.get(reverse("api:import-detail", args=[batch.pk])).json()

    assert [(e["row"], e["column"], e["code"]) for e in data["errors"]] == [(4, "手机号", "phone")]
    assert "不是有效的电话号码" in data["errors"][0]["reason"]
    assert data["warnings"][0]["rows"] == [2, 3] and "手机号相同" in data["warnings"][0]["reason"]
