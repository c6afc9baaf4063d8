"""Row validation: each data row becomes a clean :class:`Record` or errors (row, column, reason).

Nothing here writes. The checks that need the database (branches, skills, the uploader's
branch scope) come in through a :class:`Context` built once per file.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from hub.imports.columns import HEADER_SCAN_ROWS, Header, HeaderProblem, find_header
from hub.imports.reader import Cell
from hub.imports.reasons import entry
from hub.imports.reasons import reason as _
from hub.people.identity import birth_date_from_id, normalize_id_number, normalize_phone
from hub.people.identity import to_half_width as half
from hub.people.models import Person
from hub.privacy.masking import mask_id_number, mask_name, mask_phone, mask_room

# Columns whose values the preview masks (the uploader may reveal them: a logged action).
MASKS: dict[str, Callable[[str], str]] = {
    "name": mask_name,
    "phone": mask_phone,
    "id_number": mask_id_number,
    "room": mask_room,
}

MAX_ERRORS_KEPT = 1000
MAX_WARNINGS = 200
MAX_ROWS_PER_WARNING = 10
PREVIEW_ROWS = 20
PROGRESS_EVERY = 500

_GENDERS = {
    "男": "male",
    "男性": "male",
    "m": "male",
    "male": "male",
    "女": "female",
    "女性": "female",
    "f": "female",
    "female": "female",
}
_POLITICAL = {
    "党员": "party_member",
    "中共党员": "party_member",
    "共产党员": "party_member",
    "中国共产党党员": "party_member",
    "正式党员": "party_member",
    "partymember": "party_member",
    "预备党员": "probationary",
    "中共预备党员": "probationary",
    "probationary": "probationary",
    "probationarypartymember": "probationary",
    "团员": "league_member",
    "共青团员": "league_member",
    "leaguemember": "league_member",
    "youthleaguemember": "league_member",
    "群众": "masses",
    "masses": "masses",
}
_EMPLOYMENT = {
    "在职": "employed",
    "在岗": "employed",
    "employed": "employed",
    "退休": "retired",
    "离休": "retired",
    "离退休": "retired",
    "retired": "retired",
    "其他": "other",
    "其它": "other",
    "other": "other",
}
_ID_TYPES = {
    "身份证": "resident_id",
    "居民身份证": "resident_id",
    "residentid": "resident_id",
    "idcard": "resident_id",
    "护照": "passport",
    "passport": "passport",
    "港澳居民来往内地通行证": "hk_macao",
    "港澳通行证": "hk_macao",
    "回乡证": "hk_macao",
    "hkmacaopermit": "hk_macao",
    "台湾居民来往大陆通行证": "taiwan",
    "台胞证": "taiwan",
    "taiwanpermit": "taiwan",
    "外国人永久居留身份证": "foreigner",
    "外国人永久居留证": "foreigner",
    "foreignerpermit": "foreigner",
}
# Placeholders people type for "nothing here".
_BLANKS = {"-", "--", "—", "——", "/", "无", "n/a", "N/A"}
# A float that used to be an ID number: 3.10101199001011E+17, 310101199001011000.0
_FLOATISH = re.compile(r"^\d+(\.\d*)?[eE][+-]?\d+$|^\d+\.\d+$")
_PLAIN_NUMBER = re.compile(r"^[+-][\d\s().\-]*\d[\d\s().\-]*$")
_DATE_PARTS = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*(?:[-/.月]\s*(\d{1,2})\s*日?|月)?$")
_DATE_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_SKILL_SPLIT = re.compile(r"[,，、;；/\s]+")
_SPACES = re.compile(r"\s+")


@dataclass
class Context:
    """What row validation needs from the database, loaded once per file."""

    kind: str
    branches: dict[str, int] = field(default_factory=dict)  # branch name → id, in the org
    default_branch_id: int | None = None
    # None: any branch of the organization; else only these (a branch secretary's subtree).
    allowed_branch_ids: frozenset[int] | None = None
    skills: dict[str, int] = field(default_factory=dict)  # lower-case name or code → id


@dataclass
class Record:
    """One valid row, normalized. ``person`` holds only the fields the row filled in."""

    row: int
    name: str
    person: dict[str, Any]
    skill_ids: tuple[int, ...] = ()
    branch_id: int | None = None
    title: str | None = None
    building: str = ""
    room: str = ""

    @property
    def id_key(self) -> tuple[str, str] | None:
        number = self.person.get("id_number")
        return (self.person.get("id_type", "resident_id"), number) if number else None


@dataclass
class Validation:
    records: list[Record]
    errors: list[dict[str, Any]]
    error_count: int
    row_count: int
    preview: list[dict[str, Any]]
    header: Header | None = None
    warnings: list[dict[str, Any]] = field(default_factory=list)

    @property
    def columns(self) -> list[dict[str, str]]:
        return preview_columns(self.header) if self.header else []

    @property
    def is_valid(self) -> bool:
        return self.error_count == 0


class _Errors:
    """Collects errors; keeps the first MAX_ERRORS_KEPT, counts all."""

    def __init__(self) -> None:
        self.kept: list[dict[str, Any]] = []
        self.count = 0

    def add(self, row: int, column: str, reason: str, code: str) -> None:
        self.count += 1
        if len(self.kept) < MAX_ERRORS_KEPT:
            self.kept.append(entry(row, column, reason, code))


class RowInvalid(Exception):
    def __init__(self, reason: str, code: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code


def validate_rows(
    rows: Iterable[list[Cell]],
    *,
    context: Context,
    total: int = 0,
    progress: Callable[[int, int, str], None] | None = None,
) -> Validation:
    """Validate every row of a file (rows numbered from 1 as the spreadsheet shows them).

    Finds the header, skips empty rows, checks each data row and duplicates across rows.
    Never raises for bad content: every problem becomes an error entry.
    """
    errors = _Errors()
    iterator = iter(rows)
    head: list[list[Cell]] = []
    for row in iterator:
        head.append(row)
        if len(head) >= HEADER_SCAN_ROWS:
            break
    found = find_header(head, kind=context.kind)
    if isinstance(found, HeaderProblem):
        errors.add(found.row, found.column, found.reason, found.code)
        return Validation([], errors.kept, errors.count, 0, [])
    header = found
    records: list[Record] = []
    preview: list[dict[str, Any]] = []
    seen_ids: dict[tuple[str, str], int] = {}
    seen_keys: dict[tuple[str, ...], int] = {}
    row_count = 0

    def data_rows() -> Iterator[tuple[int, list[Cell]]]:
        for number, row in enumerate(head, start=1):
            if number > header.row:
                yield number, row
        yield from enumerate(iterator, start=len(head) + 1)

    for number, row in data_rows():
        if all(cell.is_empty for cell in row):
            continue
        row_count += 1
        if progress and row_count % PROGRESS_EVERY == 0:
            progress(row_count, max(total, row_count), gettext("Checking rows"))
        record = _validate_row(number, row, header, context, errors)
        if len(preview) < PREVIEW_ROWS:
            preview.append({"row": number, "ok": record is not None, "cells": cells(row, header)})
        if record is None:
            continue
        if not _unique(record, header, seen_ids, seen_keys, errors):
            continue
        records.append(record)
    if row_count == 0:
        errors.add(
            header.row,
            header.title("name"),
            _("The file has a header row but no rows of people under it."),
            "no_rows",
        )
    if progress:
        progress(row_count, row_count, gettext("Rows checked"))
    return Validation(
        records, errors.kept, errors.count, row_count, preview, header, warnings(records, header)
    )


def preview_columns(header: Header) -> list[dict[str, str]]:
    """The file's columns in its own order: ``{"field", "title"}``, ``field`` empty for a
    column the import does not read (shown by title only, its values never kept)."""
    known = {index: name for name, index in header.fields.items()}
    return [
        {"field": known.get(index, ""), "title": title}
        for index, title in enumerate(header.titles)
        if title
    ]


def cells(row: list[Cell], header: Header, *, masked: bool = True) -> list[str]:
    """The row's values as the file writes them, one per imported column in the file's order;
    names, phones, ID numbers and rooms masked unless ``masked=False`` (docs/domain.md §5)."""
    out = []
    for name, index in sorted(header.fields.items(), key=lambda item: item[1]):
        text = row[index].text.strip() if index < len(row) else ""
        mask = MASKS.get(name)
        out.append(mask(text) if masked and mask else text)
    return out


def first_rows(rows: Iterable[list[Cell]], *, kind: str) -> list[dict[str, Any]]:
    """The first PREVIEW_ROWS non-empty data rows of a file, unmasked: ``{"row", "cells"}``."""
    iterator = iter(rows)
    head: list[list[Cell]] = []
    for row in iterator:
        head.append(row)
        if len(head) >= HEADER_SCAN_ROWS:
            break
    header = find_header(head, kind=kind)
    if isinstance(header, HeaderProblem):
        return []
    numbered = itertools.chain(enumerate(head, start=1), enumerate(iterator, start=len(head) + 1))
    found: list[dict[str, Any]] = []
    for number, row in numbered:
        if number <= header.row or all(cell.is_empty for cell in row):
            continue
        found.append({"row": number, "cells": cells(row, header, masked=False)})
        if len(found) >= PREVIEW_ROWS:
            break
    return found


def warnings(records: list[Record], header: Header) -> list[dict[str, Any]]:
    """What to check before applying, though nothing is wrong with any one row: one phone
    number on several rows, and the same name and birth date twice. ``{"rows", "column",
    "code"}``; the reason is worded when shown (see :mod:`hub.imports.queries`)."""
    by_phone: dict[str, list[int]] = {}
    by_birth: dict[tuple[str, dt.date], list[int]] = {}
    for record in records:
        phone = record.person.get("phone")
        if phone:
            by_phone.setdefault(phone, []).append(record.row)
        birth = record.person.get("birth_date")
        if birth and record.name:
            by_birth.setdefault((record.name, birth), []).append(record.row)
    groups = [(rows, "phone", "shared_phone") for rows in by_phone.values()]
    groups += [(rows, "name", "same_birth") for rows in by_birth.values()]
    groups = sorted((g for g in groups if len(g[0]) > 1), key=lambda g: g[0][0])
    return [
        {"rows": rows[:MAX_ROWS_PER_WARNING], "column": header.title(name), "code": code}
        for rows, name, code in groups[:MAX_WARNINGS]
    ]


def _unique(
    record: Record,
    header: Header,
    seen_ids: dict[tuple[str, str], int],
    seen_keys: dict[tuple[str, ...], int],
    errors: _Errors,
) -> bool:
    key = record.id_key
    if key is not None:
        first = seen_ids.setdefault(key, record.row)
        if first != record.row:
            errors.add(
                record.row,
                header.title("id_number"),
                _("The same ID number is already in row %(row)s.") % {"row": first},
                "duplicate_id",
            )
            return False
        return True
    natural: tuple[str, ...]
    if record.building or record.room:
        natural = (building_key(record.building), room_key(record.room), record.name)
        column = header.title("name")
    else:
        natural = (record.name, record.person.get("phone", ""))
        column = header.title("phone")
    first = seen_keys.setdefault(natural, record.row)
    if first != record.row:
        errors.add(
            record.row,
            column,
            _("The same person is already in row %(row)s.") % {"row": first},
            "duplicate_person",
        )
        return False
    return True


def _validate_row(
    number: int, row: list[Cell], header: Header, context: Context, errors: _Errors
) -> Record | None:
    before = errors.count
    # Fields already reported for this row, so a bad cell is not also reported as missing.
    failed: set[str] = set()
    values: dict[str, Cell] = {}
    for name, index in header.fields.items():
        cell = row[index] if index < len(row) else Cell("", "")
        if cell.kind == "s" and cell.text in _BLANKS:
            cell = Cell("", "")
        if _is_formula(cell):
            errors.add(
                number,
                header.titles[index],
                _(
                    "Formulas are not accepted; paste the values only "
                    "(cell starts with “%(start)s”)."
                )
                % {"start": cell.text[:1]},
                "formula",
            )
            failed.add(name)
            continue
        if cell.kind == "e":
            errors.add(
                number,
                header.titles[index],
                _("The cell holds a spreadsheet error (%(value)s).") % {"value": cell.text[:20]},
                "cell_error",
            )
            failed.add(name)
            continue
        values[name] = cell
    person: dict[str, Any] = {}
    result = Record(row=number, name="", person=person)

    def check(name: str, parse: Callable[[Cell], Any]) -> Any:
        cell = values.get(name)
        if cell is None or cell.is_empty:
            return None
        try:
            return parse(cell)
        except RowInvalid as problem:
            errors.add(number, header.title(name), problem.reason, problem.code)
        except ValidationError as problem:
            errors.add(number, header.title(name), " ".join(problem.messages), problem.code or name)
        failed.add(name)
        return None

    name = check("name", _name)
    if name is None and "name" not in failed:
        errors.add(number, header.title("name"), _("The name is missing."), "required")
    result.name = name or ""
    id_type = check("id_type", _id_type) or Person.IdType.RESIDENT_ID
    id_number = check("id_number", lambda c: _id_number(c, id_type))
    if id_number:
        person["id_type"] = id_type
        person["id_number"] = id_number
    phone = check("phone", _phone)
    if phone:
        person["phone"] = phone
    gender = check("gender", _gender)
    if gender:
        person["gender"] = gender
    elif id_number and id_type == Person.IdType.RESIDENT_ID:
        person["gender"] = "male" if int(id_number[16]) % 2 else "female"
    birth = check("birth_date", _date)
    if id_number and id_type == Person.IdType.RESIDENT_ID:
        encoded = birth_date_from_id(id_number)
        if birth and birth != encoded:
            errors.add(
                number,
                header.title("birth_date"),
                _("The birth date differs from the one in the ID number (%(date)s).")
                % {"date": encoded.isoformat()},
                "birth_date_mismatch",
            )
        birth = encoded
    if birth:
        if birth > dt.date.today() or birth.year < 1900:
            errors.add(
                number,
                header.title("birth_date"),
                _("The birth date %(date)s is impossible.") % {"date": birth.isoformat()},
                "date",
            )
        person["birth_date"] = birth
    political = check("political_status", lambda c: _choice(c, _POLITICAL, "political_status"))
    if political:
        person["political_status"] = political
    employment = check("employment_status", lambda c: _choice(c, _EMPLOYMENT, "employment_status"))
    if employment:
        person["employment_status"] = employment
    joined = check("party_joined_on", _date)
    if joined:
        if joined > dt.date.today() or (birth and joined < birth):
            errors.add(
                number,
                header.title("party_joined_on"),
                _("The party membership date %(date)s is impossible.")
                % {"date": joined.isoformat()},
                "date",
            )
        person["party_joined_on"] = joined
    volunteer_number = check("volunteer_number", lambda c: _text(c, 40))
    if volunteer_number:
        person["volunteer_number"] = volunteer_number
    result.skill_ids = check("skills", lambda c: _skills(c, context)) or ()
    if context.kind == "members":
        result.title = check("title", lambda c: _text(c, 60))
        _member_branch(result, values, header, context, errors)
        if not phone and not id_number and not failed & {"phone", "id_number"}:
            errors.add(
                number,
                header.title("phone"),
                _("Give a phone number or an ID number, so this person can be found again."),
                "contact_required",
            )
    else:
        for place, limit in (("building", 60), ("room", 30)):
            value = check(place, functools.partial(_place, limit=limit))
            if value is None and place not in failed:
                errors.add(
                    number,
                    header.title(place),
                    _("The building is missing.")
                    if place == "building"
                    else _("The room is missing."),
                    "required",
                )
            setattr(result, place, value or "")
    return None if errors.count > before else result


def _member_branch(
    record: Record, values: dict[str, Cell], header: Header, context: Context, errors: _Errors
) -> None:
    cell = values.get("branch")
    column = header.title("branch")
    if cell is not None and not cell.is_empty:
        label = _SPACES.sub("", half(cell.text))
        branch_id = context.branches.get(label)
        if branch_id is None:
            errors.add(
                record.row,
                column,
                _("There is no branch named “%(name)s” in this organization.")
                % {"name": cell.text},
                "unknown_branch",
            )
            return
    elif context.default_branch_id is not None:
        branch_id = context.default_branch_id
    else:
        errors.add(
            record.row,
            column,
            _("The branch is missing and no default branch was chosen for this import."),
            "branch_required",
        )
        return
    if context.allowed_branch_ids is not None and branch_id not in context.allowed_branch_ids:
        errors.add(
            record.row,
            column,
            _("You may only import members of your own branch and the branches under it."),
            "branch_forbidden",
        )
        return
    record.branch_id = branch_id


def building_key(name: str) -> str:
    """ "3号楼", "3栋", "3幢" and "3" are one building."""
    text = half(name).strip().lower()
    for suffix in ("号楼", "栋", "幢", "号", "楼"):
        if text.endswith(suffix) and len(text) > len(suffix):
            return text[: -len(suffix)]
    return text


def room_key(room: str) -> str:
    """ "1201室", "1201号" and "1201" are one room."""
    text = half(room).strip().lower()
    for suffix in ("室", "号", "房"):
        if text.endswith(suffix) and len(text) > len(suffix):
            return text[: -len(suffix)]
    return text


def _is_formula(cell: Cell) -> bool:
    if cell.kind == "f":
        return True
    if cell.kind != "s" or not cell.text:
        return False
    first = cell.text[0]
    if first in "=@":
        return True
    return first in "+-" and not _PLAIN_NUMBER.match(cell.text)


# Cell parsers: return the clean value or raise RowInvalid / ValidationError ------------------
def _name(cell: Cell) -> str:
    value = _SPACES.sub(" ", half(cell.text)).strip()
    if len(value) > 60:
        raise RowInvalid(_("The name is longer than 60 characters."), "too_long")
    return value


def _text(cell: Cell, limit: int) -> str:
    value = _SPACES.sub(" ", half(cell.text)).strip()
    if len(value) > limit:
        raise RowInvalid(
            _("The value is longer than %(limit)s characters.") % {"limit": limit}, "too_long"
        )
    return value


def _place(cell: Cell, limit: int) -> str:
    value = _SPACES.sub("", half(cell.text))
    if len(value) > limit:
        raise RowInvalid(
            _("The value is longer than %(limit)s characters.") % {"limit": limit}, "too_long"
        )
    return value


def _phone(cell: Cell) -> str:
    try:
        return normalize_phone(cell.text)
    except ValidationError:
        # The same msgid as hub.people.identity's, kept as a Reason so it can be worded again.
        raise RowInvalid(
            _(
                "“%(value)s” is not a valid phone number (11-digit mobile or landline with "
                "area code)."
            )
            % {"value": cell.text},
            "phone",
        ) from None


# hub.people.identity's reasons for a bad resident ID number (the same msgids).
_ID_REASONS = (
    "ID number must be 18 characters: 17 digits and a digit or X.",
    "ID number contains an impossible birth date.",
    "ID number check digit is wrong (GB 11643); please check for a typo.",
)


def _resident_id(text: str) -> str:
    try:
        return normalize_id_number(text)
    except ValidationError as problem:
        said = " ".join(problem.messages)
        for msgid in _ID_REASONS:
            if gettext(msgid) == said:
                raise RowInvalid(_(msgid), "id_number") from None
        raise


def _id_type(cell: Cell) -> str:
    return _choice(cell, _ID_TYPES, "id_type")


def _id_number(cell: Cell, id_type: str) -> str:
    text = half(cell.text).strip()
    if cell.kind == "n" or _FLOATISH.match(text):
        raise RowInvalid(
            _(
                "Excel stored this ID number as a number (%(value)s) and lost its last digits; "
                "format the column as Text and type the numbers again."
            )
            % {"value": text},
            "id_float",
        )
    if id_type == Person.IdType.RESIDENT_ID:
        return _resident_id(text)
    value = text.replace(" ", "").upper()
    if not value or len(value) > 32:
        raise RowInvalid(_("The ID number is longer than 32 characters."), "id_number")
    return value


def _gender(cell: Cell) -> str:
    return _choice(cell, _GENDERS, "gender")


def _choice(cell: Cell, table: dict[str, str], code: str) -> str:
    key = _SPACES.sub("", half(cell.text)).lower()
    value = table.get(key)
    if value is None:
        allowed = "、".join(sorted({k for k in table if not k.isascii()}))
        raise RowInvalid(
            _("“%(value)s” is not one of the accepted values (%(allowed)s).")
            % {"value": cell.text, "allowed": allowed},
            code,
        )
    return value


def _date(cell: Cell) -> dt.date:
    text = half(cell.text).strip()
    try:
        if cell.kind == "d":
            return dt.date.fromisoformat(text[:10])
        if cell.kind == "n" and not _DATE_COMPACT.match(text):
            serial = float(text)
            if 1 <= serial < 80000:
                # Excel's 1900 date system, including its phantom 29 February 1900.
                return dt.date(1899, 12, 30) + dt.timedelta(days=int(serial))
            raise ValueError
        match = _DATE_COMPACT.match(text) or _DATE_PARTS.match(text)
        if match:
            year, month, day = match.groups()
            return dt.date(int(year), int(month), int(day or 1))
    except ValueError:
        raise RowInvalid(
            _("“%(value)s” is not a possible date.") % {"value": cell.text}, "date"
        ) from None
    raise RowInvalid(
        _("“%(value)s” is not a date; write it as 1990-01-31.") % {"value": cell.text}, "date"
    )


def _skills(cell: Cell, context: Context) -> tuple[int, ...]:
    found: list[int] = []
    unknown: list[str] = []
    for word in _SKILL_SPLIT.split(half(cell.text)):
        if not word:
            continue
        skill_id = context.skills.get(word.lower())
        if skill_id is None:
            unknown.append(word)
        elif skill_id not in found:
            found.append(skill_id)
    if unknown:
        raise RowInvalid(
            _("Unknown skill: %(names)s.") % {"names": "、".join(unknown)}, "unknown_skill"
        )
    return tuple(found)
