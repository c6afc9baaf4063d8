"""A group-buy list imported through the importer's reader: preview, then all or nothing."""

from __future__ import annotations

import io

import pytest

from hub.errors import DomainError
from hub.places.actions import add_building, add_household
from hub.supplies.actions import import_group_buy, preview_group_buy
from hub.supplies.models import Parcel
from hub.testing.builders import supply_night

GOOD = (
    "青年公寓 4月12日 团购接龙\n"
    "楼栋,房号,购买份数,团长,联系电话,商品\n"
    "3号楼,1202室,2,周团长,13800138000,蔬菜包\n"
    "1,301,1,周团长,,鸡蛋\n"
    "7号楼,0808,1,周团长,,牛奶\n"
)


@pytest.fixture
def night(cast):
    building = add_building(by=None, compound=cast.compound_own, name="3号楼")
    add_household(by=None, building=building, room="1202")
    return supply_night(cast, crew=(cast.volunteer.person,))


def test_a_messy_list_previews_its_lines_and_rooms_not_found(cast, night):
    preview = preview_group_buy(
        by=cast.volunteer, night=night, content=GOOD.encode("gbk"), filename="团购.csv"
    )
    assert preview.ok
    assert [line.quantity for line in preview.lines] == [2, 1, 1]
    assert [line.room_text for line in preview.unmatched] == ["7号楼 0808"]
    assert preview.lines[0].preview()["phone"] == "138****8000"
    assert not Parcel.objects.exists()


def test_importing_adds_one_parcel_per_line_and_keeps_unknown_rooms(cast, night):
    parcels = import_group_buy(
        by=cast.volunteer, night=night, content=GOOD.encode("utf-8-sig"), filename="团购.csv"
    )
    assert [(p.status, p.quantity) for p in parcels] == [
        ("received", 2),
        ("received", 1),
        ("unmatched", 1),
    ]
    assert parcels[0].group_leader == "周团长"
    assert parcels[2].raw_room == "7号楼 0808"


def test_an_address_column_is_read_like_the_gate(cast, night):
    content = "地址,数量\n3-1202,1\n".encode()
    (parcel,) = import_group_buy(by=cast.volunteer, night=night, content=content, filename="a.csv")
    assert parcel.household.room == "1202"


def test_a_bad_row_writes_nothing_and_names_row_column_and_reason(cast, night):
    content = (GOOD + "3号楼,1202,两份,周团长,,菜\n").encode()
    preview = preview_group_buy(by=cast.volunteer, night=night, content=content, filename="a.csv")
    (problem,) = preview.problems
    assert (problem.row, problem.column, problem.code) == (6, "购买份数", "bad_quantity")
    with pytest.raises(DomainError) as caught:
        import_group_buy(by=cast.volunteer, night=night, content=content, filename="a.csv")
    assert caught.value.code == "import_problems"
    assert "Row 6" in caught.value.message
    assert not Parcel.objects.exists()


def test_a_duplicate_row_and_a_formula_are_problems(cast, night):
    content = (GOOD + "3号楼,1202室,1,周团长,,蔬菜包\n1,301,=1+1,周团长,,鸡蛋2\n").encode()
    preview = preview_group_buy(by=cast.volunteer, night=night, content=content, filename="a.csv")
    assert [(p.row, p.code) for p in preview.problems] == [(6, "duplicate_row"), (7, "formula")]


def test_the_same_list_twice_is_refused(cast, night):
    import_group_buy(by=cast.volunteer, night=night, content=GOOD.encode(), filename="a.csv")
    with pytest.raises(DomainError) as caught:
        import_group_buy(by=cast.volunteer, night=night, content=GOOD.encode(), filename="b.csv")
    assert caught.value.code == "already_imported"
    assert Parcel.objects.count() == 3


def test_a_list_without_a_room_column_is_refused(cast, night):
    content = "团长,份数\n周,1\n".encode()
    preview = preview_group_buy(by=cast.volunteer, night=night, content=content, filename="a.csv")
    assert preview.problems[0].code == "missing_column"


def test_an_excel_list_is_read_too(cast, night):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["楼号", "室号", "份数"])
    sheet.append(["3", 1202, 3])
    buffer = io.BytesIO()
    book.save(buffer)
    (parcel,) = import_group_buy(
        by=cast.volunteer, night=night, content=buffer.getvalue(), filename="团购.xlsx"
    )
    assert (parcel.household.room, parcel.quantity) == ("1202", 3)
