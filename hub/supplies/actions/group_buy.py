"""A group-buy list (团购接龙) imported at the gate: preview, then all or nothing.

The file goes through the importer's reader (size, format, zip and XML guards, GBK/UTF-8-BOM
CSV) and header finder (synonyms such as 楼号/楼栋, 室号/房号, 份数/数量, 团长, 联系电话).
Invariants: a file with any error writes nothing (each error has a row, a column and a reason);
a room that names no household is not an error — its parcel waits on the exceptions list with
the text as written; the same file imported twice into a night is refused.
Lock order: the night row, then the parcels it adds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hub.accounts.models import User
from hub.errors import DomainError
from hub.imports.columns import HEADER_SCAN_ROWS, Header, HeaderProblem, find_header
from hub.imports.reader import Cell, inspect, read_rows
from hub.people.identity import normalize_phone
from hub.people.identity import to_half_width as half
from hub.places.models import Household
from hub.privacy.masking import mask_phone
from hub.supplies.actions.common import authorize_work, lock_night, now_or, take_pick_codes
from hub.supplies.models import CustodyEvent, Night, Parcel
from hub.supplies.rooms import RoomIndex

MAX_PORTIONS = 99


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    reason: str
    code: str


@dataclass
class Line:
    row: int
    room_text: str
    household: Household | None
    quantity: int
    leader: str
    phone: str
    item: str

    def preview(self) -> dict[str, object]:
        return {
            "row": self.row,
            "room": self.room_text,
            "found": self.household is not None,
            "quantity": self.quantity,
            "leader": self.leader,
            "phone": mask_phone(self.phone) if self.phone else "",
            "item": self.item,
        }


@dataclass
class Preview:
    batch: str
    lines: list[Line] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def unmatched(self) -> list[Line]:
        return [line for line in self.lines if line.household is None]


def _formula(cell: Cell) -> bool:
    return cell.kind == "f" or (cell.kind == "s" and cell.text[:1] in ("=", "@"))


def read_group_buy(night: Night, content: bytes, filename: str) -> Preview:
    """Read and check a group-buy file against the night's compound; writes nothing.

    Raises FileRefused (a DomainError) for a file that cannot be read at all.
    """
    batch = hashlib.sha256(content).hexdigest()[:40]
    preview = Preview(batch=batch)
    info = inspect(content, filename)
    rows = list(read_rows(content, filename, info))
    header = find_header(rows[:HEADER_SCAN_ROWS], kind="group_buy")
    if isinstance(header, HeaderProblem):
        preview.problems.append(Problem(header.row, header.column, header.reason, header.code))
        return preview
    if "room" not in header.fields and "address" not in header.fields:
        preview.problems.append(
            Problem(
                header.row,
                _("Room (室号)"),
                _("The list needs a room column (室号), or an address column like 3-1202."),
                "missing_column",
            )
        )
        return preview
    index = RoomIndex.for_compound(night.compound_id)
    seen: dict[tuple[str, str, str], int] = {}
    for number, row in enumerate(rows, start=1):
        if number <= header.row or all(cell.is_empty for cell in row):
            continue
        line = _line(number, row, header, index, preview)
        if line is None:
            continue
        key = (line.room_text, line.leader, line.item)
        if key in seen:
            preview.problems.append(
                Problem(
                    number,
                    header.title("room") if "room" in header.fields else header.title("address"),
                    _("The same order as row %(row)s.") % {"row": seen[key]},
                    "duplicate_row",
                )
            )
            continue
        seen[key] = number
        preview.lines.append(line)
    if not preview.lines and not preview.problems:
        preview.problems.append(
            Problem(header.row + 1, "", _("The list has no orders under its header."), "empty")
        )
    return preview


def _cell(row: list[Cell], header: Header, name: str) -> Cell:
    column = header.fields.get(name)
    if column is None or column >= len(row):
        return Cell("", "")
    return row[column]


def _line(
    number: int, row: list[Cell], header: Header, index: RoomIndex, preview: Preview
) -> Line | None:
    problems = preview.problems
    for name in ("building", "room", "address", "quantity", "group_leader", "phone", "item"):
        cell = _cell(row, header, name)
        if _formula(cell):
            problems.append(
                Problem(number, header.title(name), _("Formulas are not accepted."), "formula")
            )
            return None
    building = half(_cell(row, header, "building").text).strip()
    room = half(_cell(row, header, "room").text).strip()
    address = half(_cell(row, header, "address").text).strip()
    if building and room:
        room_text = f"{building} {room}"
        household = index.find(building, room)
    elif address or room:
        room_text = address or room
        household = index.parse(room_text)
    else:
        problems.append(
            Problem(number, header.title("room"), _("The room is empty."), "room_required")
        )
        return None
    quantity_text = half(_cell(row, header, "quantity").text).strip() or "1"
    try:
        quantity = int(float(quantity_text))
        if float(quantity_text) != quantity:
            raise ValueError
    except ValueError:
        quantity = 0
    if not 0 < quantity <= MAX_PORTIONS:
        problems.append(
            Problem(
                number,
                header.title("quantity"),
                _("“%(value)s” is not a number of portions from 1 to %(max)s.")
                % {"value": quantity_text, "max": MAX_PORTIONS},
                "bad_quantity",
            )
        )
        return None
    phone_text = _cell(row, header, "phone").text.strip()
    phone = ""
    if phone_text:
        try:
            phone = normalize_phone(phone_text)
        except ValidationError as exc:
            problems.append(Problem(number, header.title("phone"), exc.messages[0], "phone"))
            return None
    return Line(
        row=number,
        room_text=room_text[:60],
        household=household,
        quantity=quantity,
        leader=_cell(row, header, "group_leader").text.strip()[:60],
        phone=phone,
        item=_cell(row, header, "item").text.strip()[:200],
    )


def preview_group_buy(*, by: User, night: Night, content: bytes, filename: str) -> Preview:
    """What importing the file would add: lines, rooms not found, problems. Writes nothing."""
    authorize_work(by, night)
    return read_group_buy(night, content, filename)


@transaction.atomic
def import_group_buy(
    *, by: User, night: Night, content: bytes, filename: str, now: dt.datetime | None = None
) -> list[Parcel]:
    """Add one group-buy parcel per line of the file, or nothing at all.

    Raises DomainError (forbidden, import_problems with the first problems in the message,
    already_imported) or FileRefused.
    """
    at = now_or(now)
    authorize_work(by, night)
    night = lock_night(night)
    preview = read_group_buy(night, content, filename)
    if not preview.ok:
        first = preview.problems[0]
        raise DomainError(
            _(
                "The list has %(n)s problems; nothing was imported. "
                "Row %(row)s, %(column)s: %(reason)s"
            )
            % {
                "n": len(preview.problems),
                "row": first.row,
                "column": first.column,
                "reason": first.reason,
            },
            code="import_problems",
        )
    if Parcel.objects.filter(night=night, import_batch=preview.batch).exists():
        raise DomainError(
            _("This list was already imported tonight; nothing was added."),
            code="already_imported",
        )
    codes = take_pick_codes(night, [line.household for line in preview.lines])
    parcels = [
        Parcel(
            night=night,
            compound_id=night.compound_id,
            household=line.household,
            kind=Parcel.Kind.GROUP_BUY,
            status=Parcel.Status.RECEIVED if line.household else Parcel.Status.UNMATCHED,
            pick_code=code,
            raw_room=line.room_text,
            quantity=line.quantity,
            weight_g=min(1000 * line.quantity, 50_000),
            group_leader=line.leader,
            contact_phone=line.phone,
            note=line.item,
            import_batch=preview.batch,
            received_by=by,
            received_at=at,
        )
        for line, code in zip(preview.lines, codes, strict=True)
    ]
    Parcel.objects.bulk_create(parcels, batch_size=500)
    created = list(Parcel.objects.filter(night=night, import_batch=preview.batch).order_by("pk"))
    CustodyEvent.objects.bulk_create(
        [
            CustodyEvent(
                parcel=p, stage=CustodyEvent.Stage.GATE, by=by, at=at, note=_("group-buy list")
            )
            for p in created
        ],
        batch_size=500,
    )
    return created
