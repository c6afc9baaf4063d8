"""Spreadsheets built in code for the import tests (no binary fixtures in the repository)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import zipfile
from collections.abc import Iterable, Sequence

import xlsxwriter

from hub.people.identity import id_check_digit
from hub.people.models import Membership, Person
from hub.places.models import Building, Household

MEMBER_HEADER = ["姓名", "手机号", "性别", "身份证号", "政治面貌", "在职/退休", "所在支部", "职务"]
RESIDENT_HEADER = ["姓名", "联系电话", "楼号", "室号", "身份证号"]
# When the tests apply their imports (actions take ``now=``; nothing here reads the clock).
NOW = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)


def id_number(serial: int, birth: str = "19900101", area: str = "310101") -> str:
    """A valid 18-character resident ID number; ``serial`` (0–999) keeps them distinct."""
    first17 = f"{area}{birth}{serial % 1000:03d}"
    return first17 + id_check_digit(first17)


def phone(serial: int) -> str:
    return f"139{serial:08d}"


def member_rows(count: int, *, branch: str = "第一党支部", seed: int = 1) -> list[list[str]]:
    """``count`` good member rows with distinct ID numbers and phones."""
    rng = random.Random(seed)
    rows: list[list[str]] = []
    for i in range(count):
        birth = f"{1950 + i % 50}{1 + i % 12:02d}{1 + (i // 12) % 28:02d}"
        rows.append(
            [
                f"成员{i:05d}",
                phone(i),
                "",
                id_number(i % 1000, birth=birth, area=f"{310101 + i // 1000}"),
                rng.choice(["党员", "预备党员", "团员", "群众"]),
                rng.choice(["在职", "退休"]),
                branch,
                "",
            ]
        )
    return rows


def xlsx(
    rows: Iterable[Sequence[object]],
    *,
    header: Sequence[str] = MEMBER_HEADER,
    titles: Sequence[str] = (),
    text_columns: Sequence[int] = (),
) -> bytes:
    """An .xlsx with optional merged title rows above the header; cells written as given.

    Strings are written as text (``write_string``), numbers as numbers, and strings starting
    with ``=`` as formulas, so each test controls exactly what Excel would have stored.
    """
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    sheet = book.add_worksheet("名单")
    line = 0
    for title in titles:
        sheet.merge_range(line, 0, line, max(len(header) - 1, 1), title)
        line += 1
    for col, title in enumerate(header):
        sheet.write_string(line, col, title)
    line += 1
    for row in rows:
        for col, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, str) and value.startswith("="):
                sheet.write_formula(line, col, value)
            elif isinstance(value, str):
                sheet.write_string(line, col, value)
            else:
                sheet.write(line, col, value)
        line += 1
    book.close()
    return buffer.getvalue()


def csv_bytes(
    rows: Iterable[Sequence[object]],
    *,
    header: Sequence[str] = MEMBER_HEADER,
    encoding: str = "utf-8",
) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def zip_bomb() -> bytes:
    """A workbook-shaped zip whose sheet expands ~1000× (50 MB of zeros)."""
    good = xlsx(member_rows(1))
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(good)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(
                    b"</worksheet>", b"<!--" + b"0" * 50_000_000 + b"--></worksheet>"
                )
            dst.writestr(info.filename, data)
    return out.getvalue()


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">
<si><t>&lol9;</t></si></sst>"""


def with_part(content: bytes, name: str, data: bytes) -> bytes:
    """``content`` (an .xlsx) with the part ``name`` replaced by ``data``."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            dst.writestr(info.filename, data if info.filename == name else src.read(info.filename))
    return out.getvalue()


def counts() -> dict[str, int]:
    """Rows an import may write; a refused file leaves every one of them unchanged."""
    return {
        "people": Person.objects.count(),
        "memberships": Membership.objects.count(),
        "buildings": Building.objects.count(),
        "households": Household.objects.count(),
    }


def shown(errors: list[dict]) -> list[dict]:
    """Errors as a page shows them: row, column, reason, code (without the stored msgid)."""
    return [{key: error[key] for key in ("row", "column", "reason", "code")} for error in errors]
