"""At phone size, in Chinese: the org admin imports a members file with errors, sees them by row
and column, uploads the corrected file, checks the preview (and their own values in full),
applies it and sees the people. Every page: no horizontal overflow, no untranslated text."""

from __future__ import annotations

import re
from typing import Any

import pytest

from hub.imports.tests.files import csv_bytes
from hub.people.models import Membership
from hub.privacy.models import AccessLog
from hub.testing.browser import (
    assert_no_horizontal_overflow,
    assert_no_untranslated_text,
    login,
    screenshot,
)

pytestmark = pytest.mark.browser

HEADER = ["姓名", "手机号", "性别", "政治面貌", "所在支部", "备注"]
GOOD = [
    ["陈立新", "13900000101", "男", "党员", "第一党支部", "组织委员"],
    ["陈晓红", "13900000101", "女", "群众", "第一党支部", ""],  # a family's one phone: a warning
    ["周海燕", "13900000102", "女", "预备党员", "第一党支部", ""],
]
BAD = [GOOD[0], GOOD[1], ["周海燕", "139-0000-010", "女", "预备党员", "第一党支部", ""]]


def checked(page: Any, name: str = "") -> None:
    page.wait_for_load_state("domcontentloaded")
    assert_no_horizontal_overflow(page)
    assert_no_untranslated_text(page)
    if name:
        screenshot(page, name)


def upload(page: Any, cast: Any, rows: list[list[str]]) -> None:
    page.select_option("select[name=kind]", "members")
    page.select_option("select[name=branch]", str(cast.branch_first.pk))
    page.set_input_files(
        "input[name=file]",
        files=[
            {
                "name": "党员名单.csv",
                "mimeType": "text/csv",
                "buffer": csv_bytes(rows, header=HEADER),
            }
        ],
    )
    with page.expect_navigation():
        page.get_by_role("button", name="检查文件").click()
    checked(page)


def cells(page: Any, selector: str) -> list[list[str]]:
    return [
        [cell.strip() for cell in row.locator("td").all_inner_texts()]
        for row in page.locator(f"{selector} tbody tr").all()
    ]


def test_org_admin_fixes_a_file_with_errors_previews_and_applies_it_on_a_phone(phone_page, cast):
    page = phone_page
    # base.html shows a user without a name by username ("admin_health", not marked
    # translate="no"): this admin has a name, as a real one does.
    type(cast.admin).objects.filter(pk=cast.admin.pk).update(first_name="林芳")
    login(page, cast.admin)
    checked(page)
    page.get_by_role("link", name="导入成员或居民").click()
    checked(page, "import-1-upload")

    upload(page, cast, BAD)
    errors = cells(page, "#import-errors")
    assert [row[:2] for row in errors] == [["4", "手机号"]]
    assert "不是有效的电话号码" in errors[0][2]
    assert page.locator("form[action$='/apply/']").count() == 0
    screenshot(page, "import-2-errors")

    page.get_by_role("link", name="上传改正后的文件").click()
    checked(page)
    upload(page, cast, GOOD)
    summary = page.locator("#import-summary").inner_text()
    assert re.search(r"3\s*新增", summary)
    assert cells(page, "#import-warnings") == [
        ["2、3", "手机号", "第 2、3 行的手机号相同，请逐一核对是否正确。"]
    ]
    preview = page.locator("#import-preview")
    assert preview.locator("thead th").all_inner_texts()[2:] == HEADER[:5]
    assert cells(page, "#import-preview")[0][2:] == [
        "陈**",
        "139****0101",
        "男",
        "党员",
        "第一党支部",
    ]
    screenshot(page, "import-3-preview")

    page.get_by_role("button", name=re.compile("查看我的文件完整内容")).click()
    page.locator("#import-preview >> text=已记入访问日志").wait_for()
    checked(page)
    assert cells(page, "#import-preview")[0][2:4] == ["陈立新", "13900000101"]
    assert AccessLog.objects.filter(actor=cast.admin, subject_type="import").count() == 1

    with page.expect_navigation():
        page.get_by_role("button", name="导入3行").click()
    checked(page, "import-4-applied")
    assert "导入完成" in page.inner_text("main")
    assert re.search(r"3\s*已新增", page.locator("#import-summary").inner_text())

    page.get_by_role("link", name="查看人员").click()
    checked(page, "import-5-people")
    names = set(
        Membership.objects.filter(branch=cast.branch_first).values_list("person__name", flat=True)
    )
    assert {"陈立新", "陈晓红", "周海燕"} <= names
    main = page.inner_text("main")
    assert "陈立新" in main or "陈**" in main
