"""docs/quality.md, reliability 6: every bad file writes nothing and says where and why.

Each case builds its file in code, uploads it as the org admin, and expects the batch to be
refused with one error at a given row and column, with a reason and a code; applying it is
then refused and no person, membership, building or household is written.
"""

from __future__ import annotations

import pytest

from hub.errors import DomainError
from hub.imports.actions import apply_import, upload_import
from hub.imports.models import ImportBatch
from hub.imports.tests import files
from hub.imports.tests.files import MEMBER_HEADER, NOW, RESIDENT_HEADER, csv_bytes, id_number, xlsx

GOOD = ["张三", "13912345678", "男", id_number(1), "党员", "在职", "第一党支部", ""]


def row(**changes: str) -> list[str]:
    values = dict(zip(MEMBER_HEADER, GOOD, strict=True))
    values.update({MEMBER_HEADER[i]: v for i, v in ((int(k[1:]), v) for k, v in changes.items())})
    return list(values.values())


def good(n: int) -> list[str]:
    return [f"李四{n}", files.phone(n), "", id_number(100 + n), "群众", "退休", "第一党支部", ""]


# (id, kind, filename, content builder, code, row, column, words in the reason)
CASES = [
    (
        "wrong headers",
        "members",
        "list.csv",
        lambda: csv_bytes([["1", "x", "y"]], header=["编号", "地址", "备注"]),
        "header_not_found",
        1,
        "Name (姓名)",
        "No header row",
    ),
    (
        "duplicate ID numbers within the file",
        "members",
        "list.xlsx",
        lambda: xlsx([good(1), good(2), [*good(3)[:3], id_number(101), *good(3)[4:]]]),
        "duplicate_id",
        4,
        "身份证号",
        "already in row 2",
    ),
    (
        "merged title rows above a row with a bad phone",
        "members",
        "list.xlsx",
        lambda: xlsx([good(1), row(c1="1391234567")], titles=["2022年党员名册", "制表：党委办"]),
        "phone",
        5,
        "手机号",
        "not a valid phone number",
    ),
    (
        "an xlsx formula",
        "members",
        "list.xlsx",
        lambda: xlsx([good(1), row(c1="=13912345678+0")]),
        "formula",
        3,
        "手机号",
        "Formulas are not accepted",
    ),
    (
        "a CSV cell that starts like a formula",
        "members",
        "list.csv",
        lambda: csv_bytes([good(1), row(c0='=HYPERLINK("http://x.example","点我")')]),
        "formula",
        3,
        "姓名",
        "Formulas are not accepted",
    ),
    (
        "a CSV cell starting with @",
        "members",
        "list.csv",
        lambda: csv_bytes([row(c7="@SUM(A1:A9)")]),
        "formula",
        2,
        "职务",
        "Formulas are not accepted",
    ),
    (
        "a GBK CSV with a bad check digit (read correctly, error in Chinese column)",
        "members",
        "list.csv",
        lambda: csv_bytes([good(1), row(c3=id_number(1)[:17] + "0")], encoding="gbk"),
        "id_number",
        3,
        "身份证号",
        "check digit",
    ),
    (
        "a UTF-8-BOM CSV with a row without a name",
        "members",
        "list.csv",
        lambda: csv_bytes([good(1), row(c0="")], encoding="utf-8-sig"),
        "required",
        3,
        "姓名",
        "name is missing",
    ),
    (
        "only empty rows under the header",
        "members",
        "list.xlsx",
        lambda: xlsx([["", ""], [], ["  "]]),
        "no_rows",
        1,
        "姓名",
        "no rows",
    ),
    (
        "an xlsx zip bomb",
        "members",
        "bomb.xlsx",
        files.zip_bomb,
        "zip_bomb",
        0,
        "",
        "zip bomb",
    ),
    (
        "XML entity expansion inside an xlsx part",
        "members",
        "laughs.xlsx",
        lambda: files.with_part(xlsx([good(1)]), "xl/sharedStrings.xml", files.BILLION_LAUGHS),
        "xml_entities",
        0,
        "",
        "DOCTYPE/ENTITY",
    ),
    (
        "a CSV renamed .xlsx",
        "members",
        "list.xlsx",
        lambda: csv_bytes([good(1)]),
        "format_mismatch",
        0,
        "",
        "plain text (CSV)",
    ),
    (
        "an ID number stored as a number by Excel",
        "members",
        "list.xlsx",
        lambda: xlsx([[*good(1)[:3], 3.10101199001011e17, *good(1)[4:]]]),
        "id_float",
        2,
        "身份证号",
        "stored this ID number as a number",
    ),
    (
        "an ID number that a CSV kept in scientific notation",
        "members",
        "list.csv",
        lambda: csv_bytes([row(c3="3.10101199001011E+17")]),
        "id_float",
        2,
        "身份证号",
        "lost its last digits",
    ),
    (
        "an ID number encoding an impossible birth date",
        "members",
        "list.xlsx",
        lambda: xlsx([row(c3=id_number(1, birth="19900230"))]),
        "id_number",
        2,
        "身份证号",
        "impossible birth date",
    ),
    (
        "an impossible birth date",
        "members",
        "list.csv",
        lambda: csv_bytes(
            [["王五", "13900000001", "1990-02-30"]], header=["姓名", "手机", "出生日期"]
        ),
        "date",
        2,
        "出生日期",
        "not a possible date",
    ),
    (
        "an unknown branch",
        "members",
        "list.xlsx",
        lambda: xlsx([good(1), row(c6="第九支部")]),
        "unknown_branch",
        3,
        "所在支部",
        "no branch named “第九支部”",
    ),
    (
        "no 姓名 column",
        "members",
        "list.csv",
        lambda: csv_bytes([["13900000001", "党员"]], header=["手机号", "政治面貌"]),
        "missing_column",
        1,
        "Name (姓名)",
        "is missing from the header row",
    ),
    (
        "a resident with a name but no room",
        "residents",
        "residents.xlsx",
        lambda: xlsx([["赵六", "13900000002", "3号楼", "", ""]], header=RESIDENT_HEADER),
        "required",
        2,
        "室号",
        "room is missing",
    ),
    (
        "a binary file that is not a zip",
        "members",
        "photo.xlsx",
        lambda: b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
        "unsupported_format",
        0,
        "",
        "neither an Excel workbook",
    ),
    (
        "an old .xls workbook",
        "members",
        "old.xls",
        lambda: files.OLE2 + bytes(512),
        "unsupported_format",
        0,
        "",
        "Excel 97–2003",
    ),
    (
        "a damaged zip",
        "members",
        "broken.xlsx",
        lambda: b"PK\x03\x04" + b"\x00garbage" * 100,
        "corrupt",
        0,
        "",
        "damaged",
    ),
    ("an empty file", "members", "empty.csv", lambda: b"", "empty", 0, "", "empty"),
    (
        "a skill nobody has",
        "members",
        "list.csv",
        lambda: csv_bytes([["王五", "13900000001", "驾驶、飞行"]], header=["姓名", "手机", "技能"]),
        "unknown_skill",
        2,
        "技能",
        "飞行",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "filename", "build", "code", "row_number", "column", "words"),
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
def test_bad_file_is_refused_with_row_column_and_reason(
    org,
    branch,
    compound,
    skills,
    admin,
    nothing_written,
    kind,
    filename,
    build,
    code,
    row_number,
    column,
    words,
):
    batch = upload_import(
        by=admin,
        organization=org,
        kind=kind,
        filename=filename,
        content=build(),
        compound=compound if kind == "residents" else None,
    )

    assert batch.status == ImportBatch.Status.INVALID
    assert batch.error_count >= 1
    error = next(e for e in batch.errors if e["code"] == code)
    assert (error["row"], error["column"]) == (row_number, column)
    assert words in error["reason"]
    with pytest.raises(DomainError) as refused:
        apply_import(now=NOW, by=admin, batch=batch)
    assert refused.value.code == "not_valid"


def test_corpus_holds_at_least_fifteen_bad_files():
    assert len(CASES) >= 15
