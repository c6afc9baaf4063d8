"""Excel exports of a drive's sign-ups and of a notice's acknowledgements by branch."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from hub.notices.actions import acknowledge_notice, reply_to_notice
from hub.privacy.models import AccessLog
from hub.spreadsheets import cell
from hub.testing.builders import approve, make_drive, make_notice, make_post, make_shift

pytestmark = pytest.mark.django_db


def rows_of(response) -> list[tuple]:
    assert response.status_code == 200, response.status_code
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [tuple(r) for r in sheet.iter_rows(values_only=True)]


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_notices_acknowledgements_by_branch_are_masked_and_logged(cast):
    notice = make_notice(cast.secretary, organization=cast.org_health, audience=[cast.branch_first])
    acknowledge_notice(by=cast.volunteer, notice=notice)
    reply_to_notice(by=cast.volunteer, notice=notice, reply="=HYPERLINK(1)")
    url = reverse("notices:notice-acknowledgements-xlsx", args=[notice.pk])
    rows = rows_of(client_for(cast.secretary).get(url))
    assert rows[0] == ("支部", "姓名", "状态", "确认时间", "回复")
    mine = [r for r in rows if r[1] == "张*"]
    assert mine and mine[0][0] == "第一党支部" and mine[0][4] == "'=HYPERLINK(1)"
    assert all("王建国" not in str(r) for r in rows)
    assert AccessLog.objects.filter(subject_type="notices.acknowledgements").count() == 1
    assert client_for(cast.volunteer).get(url).status_code == 403


def test_a_drives_sign_ups_export_masks_names_and_phones(cast):
    shift = make_shift(make_post(cast))
    drive = make_drive(cast, [shift])
    approve(shift, cast.person_member)
    rows = rows_of(
        client_for(cast.admin).get(reverse("volunteering:drive-signups-xlsx", args=[drive.pk]))
    )
    assert len(rows) >= 1 and rows[0][3] == "姓名"
    assert all("13800001111" not in str(r) for r in rows)


def test_formula_like_cells_are_kept_as_text():
    assert cell("=1+1") == "'=1+1" and cell("报名") == "报名" and cell(None) == ""
