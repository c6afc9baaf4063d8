"""Column headers as people write them → the canonical fields of an import, and the header row.

Spreadsheets from party branches and residents' committees put one or more merged title rows
("2022年XX支部党员名册") above the header; the header is the first row among the first
``HEADER_SCAN_ROWS`` that names the most known columns.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy

from hub.imports.reader import Cell
from hub.imports.reasons import reason as _
from hub.people.identity import to_half_width

HEADER_SCAN_ROWS = 20

# canonical field → header spellings (compared after normalize_header)
SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "名字", "真实姓名", "人员姓名", "居民姓名", "name", "fullname", "realname"),
    "phone": (
        "手机",
        "手机号",
        "手机号码",
        "联系电话",
        "电话",
        "电话号码",
        "联系方式",
        "移动电话",
        "phone",
        "mobile",
        "mobilephone",
        "phonenumber",
        "phoneno",
        "telephone",
        "tel",
    ),
    "gender": ("性别", "gender", "sex"),
    "birth_date": ("出生日期", "出生年月", "出生年月日", "生日", "birthdate", "dateofbirth", "dob"),
    "id_type": ("证件类型", "证件种类", "idtype", "documenttype"),
    "id_number": (
        "身份证号",
        "身份证号码",
        "身份证",
        "证件号码",
        "证件号",
        "公民身份号码",
        "idnumber",
        "idno",
        "idcard",
        "idcardnumber",
        "identitycardnumber",
        "documentnumber",
    ),
    "political_status": ("政治面貌", "politicalstatus", "political", "politics"),
    "employment_status": (
        "在职状态",
        "在职/退休",
        "在职退休",
        "在职或退休",
        "在职情况",
        "人员状态",
        "人员类别",
        "employmentstatus",
        "employment",
    ),
    "party_joined_on": (
        "入党时间",
        "入党日期",
        "入党年月",
        "partyjoinedon",
        "partymembershipdate",
        "joinedparty",
        "partydate",
    ),
    "skills": ("技能", "特长", "技能特长", "专业技能", "skills", "skill"),
    "volunteer_number": (
        "志愿者编号",
        "志愿者号",
        "志愿者证号",
        "volunteernumber",
        "volunteerno",
        "volunteerid",
    ),
    "branch": (
        "支部",
        "所在支部",
        "党支部",
        "所属支部",
        "部门",
        "所在部门",
        "branch",
        "department",
    ),
    "title": ("职务", "职位", "职务/职称", "title", "position", "jobtitle"),
    # Grown from residents' registers as compounds keep them: 栋 and 幢 are both "building".
    "building": (
        "楼号",
        "楼栋",
        "楼栋号",
        "楼",
        "栋",
        "栋号",
        "幢",
        "幢号",
        "楼幢",
        "楼幢号",
        "号楼",
        "楼宇",
        "所在楼栋",
        "楼栋名称",
        "building",
        "buildingno",
        "block",
    ),
    "room": (
        "室号",
        "房号",
        "房间号",
        "房间",
        "门牌号",
        "门牌",
        "门牌号码",
        "户号",
        "房屋号",
        "室",
        "room",
        "roomno",
        "roomnumber",
    ),
    # Group-buy lists (团购接龙) sent by a group leader to the gate.
    "quantity": ("份数", "数量", "件数", "份", "购买份数", "quantity", "qty", "count"),
    "group_leader": ("团长", "团长姓名", "团长名字", "groupleader", "leader"),
    "item": ("商品", "品名", "商品名称", "物资", "item", "goods", "product"),
    "address": ("地址", "楼号室号", "楼号/室号", "收货地址", "address"),
}

# How a field is named in an error when the file has no column for it.
LABELS: dict[str, object] = {
    "name": gettext_lazy("Name (姓名)"),
    "phone": gettext_lazy("Phone (手机号)"),
    "id_number": gettext_lazy("ID number (身份证号)"),
    "branch": gettext_lazy("Branch (支部)"),
    "building": gettext_lazy("Building (楼号)"),
    "room": gettext_lazy("Room (室号)"),
}

REQUIRED: dict[str, tuple[str, ...]] = {
    "members": ("name",),
    "residents": ("name", "building", "room"),
    "group_buy": (),  # a room column, or an address column ("3-1202"); checked by supplies
}

_LOOKUP = {
    spelling: canonical for canonical, spellings in SYNONYMS.items() for spelling in spellings
}
# "手机号（必填）", "出生日期(yyyy-mm-dd)", "*姓名", "Phone number:"
_ANNOTATION = re.compile(r"[(（\[【].*?[)）\]】]")
_NOISE = re.compile(r"[\s*＊:：_\-.]")


def normalize_header(text: str) -> str:
    """The comparable form of a header: half-width, no annotations, spaces or marks, lower-case."""
    value = unicodedata.normalize("NFKC", to_half_width(text)).strip()
    value = _ANNOTATION.sub("", value)
    return _NOISE.sub("", value).lower()


def field_for(header: str) -> str | None:
    """The canonical field a header names, or None."""
    return _LOOKUP.get(normalize_header(header))


@dataclass
class Header:
    """The header row: its spreadsheet row number and which column holds which field."""

    row: int
    fields: dict[str, int]  # canonical field → column index
    titles: list[str]  # the header text of each column, as written
    unknown: list[str] = field(default_factory=list)

    def title(self, name: str) -> str:
        """The header of ``name`` as the file writes it, else its label."""
        index = self.fields.get(name)
        if index is not None:
            return self.titles[index]
        return str(LABELS.get(name, name))


@dataclass(frozen=True)
class HeaderProblem:
    row: int
    column: str
    reason: str
    code: str


def find_header(rows: list[list[Cell]], *, kind: str) -> Header | HeaderProblem:
    """Find the header among ``rows`` (the first rows of the file, numbered from 1).

    The best row names the most known fields; it must name at least two and include every
    field in ``REQUIRED[kind]``. Returns a HeaderProblem (``header_not_found``,
    ``missing_column`` or ``duplicate_column``) otherwise.
    """
    best: tuple[int, int] | None = None  # (matches, row index)
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        matched = {field_for(cell.text) for cell in row if cell.text} - {None}
        if len(matched) >= 2 and (best is None or len(matched) > best[0]):
            best = (len(matched), index)
    if best is None:
        return HeaderProblem(
            row=1,
            column=str(LABELS["name"]),
            reason=_(
                "No header row found in the first %(n)s rows. Expected column names such as "
                "姓名, 手机号, 身份证号, 楼号, 室号 (or Name, Phone, ID number, Building, Room)."
            )
            % {"n": HEADER_SCAN_ROWS},
            code="header_not_found",
        )
    index = best[1]
    titles = [cell.text for cell in rows[index]]
    fields: dict[str, int] = {}
    unknown: list[str] = []
    for column, title in enumerate(titles):
        if not title:
            continue
        canonical = field_for(title)
        if canonical is None:
            unknown.append(title)
        elif canonical in fields:
            return HeaderProblem(
                row=index + 1,
                column=title,
                reason=_("Two columns mean the same thing: “%(a)s” and “%(b)s”.")
                % {"a": titles[fields[canonical]], "b": title},
                code="duplicate_column",
            )
        else:
            fields[canonical] = column
    header = Header(row=index + 1, fields=fields, titles=titles, unknown=unknown)
    for required in REQUIRED[kind]:
        if required not in fields:
            return HeaderProblem(
                row=header.row,
                column=str(LABELS[required]),
                reason=_("The required column “%(column)s” is missing from the header row.")
                % {"column": LABELS[required]},
                code="missing_column",
            )
    if kind == "members" and "phone" not in fields and "id_number" not in fields:
        return HeaderProblem(
            row=header.row,
            column=str(LABELS["phone"]),
            reason=_("A members file needs a phone column or an ID number column."),
            code="missing_column",
        )
    return header
