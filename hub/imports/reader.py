"""Reading an uploaded spreadsheet safely: format by content, zip and XML guards, rows of cells.

Nothing here trusts the file name or the file. The format comes from the first bytes; an
``.xlsx`` is checked member by member (sizes, compression ratio, no DOCTYPE or ENTITY in any XML
part) before openpyxl opens it; a CSV is decoded as UTF-8 (with or without BOM), UTF-16 with a
BOM, or GB18030 (a superset of GBK). Every refusal is a :class:`FileRefused` with a stable code.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from hub.errors import DomainError
from hub.imports.reasons import reason as _

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls, .doc
# A real worksheet compresses 5–30×; zip bombs compress hundreds or thousands of times.
MAX_COMPRESSION_RATIO = 100
# Small members may compress better than the ratio allows without being a threat.
RATIO_EXEMPT_BYTES = 1024 * 1024
MAX_ZIP_MEMBERS = 1000
# Uncompressed bytes a workbook may expand to, as a multiple of the upload limit.
MAX_UNZIPPED_FACTOR = 20
_SCAN_CHUNK = 1024 * 1024
_FORBIDDEN_XML_ALL = tuple(
    pattern
    for word in ("<!DOCTYPE", "<!ENTITY")
    for pattern in (word.encode("ascii"), word.encode("utf-16-le"), word.encode("utf-16-be"))
)
_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>]")


class FileRefused(DomainError):
    """The file as a whole cannot be read; no row was looked at."""


@dataclass(frozen=True)
class Cell:
    """One cell as text, with what the spreadsheet said it was.

    ``kind`` is ``s`` (text), ``n`` (number), ``d`` (date), ``b`` (boolean), ``f`` (formula),
    ``e`` (an error value such as #REF!) or ``""`` (empty).
    """

    text: str
    kind: str = "s"

    @property
    def is_empty(self) -> bool:
        return self.text == ""


EMPTY = Cell("", "")


@dataclass(frozen=True)
class FileInfo:
    format: str  # "xlsx" or "csv"
    estimated_rows: int


def max_bytes() -> int:
    return int(settings.IMPORT_MAX_BYTES)


def check_size(content: bytes) -> None:
    """Refuse a file over ``settings.IMPORT_MAX_BYTES`` (code ``too_large``)."""
    if len(content) > max_bytes():
        raise FileRefused(
            _("The file is %(size)s MB; the largest file accepted is %(limit)s MB.")
            % {
                "size": f"{len(content) / 1024 / 1024:.1f}",
                "limit": f"{max_bytes() / 1024 / 1024:.0f}",
            },
            code="too_large",
        )


def _extension(filename: str) -> str:
    name = filename.lower().strip()
    return name.rsplit(".", 1)[-1] if "." in name else ""


def detect_format(content: bytes, filename: str = "") -> str:
    """``xlsx`` or ``csv`` from the content; the extension only has to agree with it."""
    if not content.strip():
        raise FileRefused(_("The file is empty."), code="empty")
    ext = _extension(filename)
    if content.startswith(OLE2_MAGIC):
        raise FileRefused(
            _(
                "This is an old Excel 97–2003 (.xls) file; save it as .xlsx or .csv and "
                "upload again."
            ),
            code="unsupported_format",
        )
    if content.startswith(ZIP_MAGIC):
        if ext in {"csv", "txt"}:
            raise FileRefused(
                _("The file is named .%(ext)s but is a zip archive; save it as a real CSV file.")
                % {"ext": ext},
                code="format_mismatch",
            )
        return "xlsx"
    if _looks_like_text(content):
        if ext in {"xlsx", "xlsm", "xls"}:
            raise FileRefused(
                _(
                    "The file is named .%(ext)s but contains plain text (CSV), not an Excel "
                    "workbook; rename it to .csv or save it from Excel as .xlsx."
                )
                % {"ext": ext},
                code="format_mismatch",
            )
        return "csv"
    raise FileRefused(
        _("This file is neither an Excel workbook (.xlsx) nor a CSV text file."),
        code="unsupported_format",
    )


def _looks_like_text(content: bytes) -> bool:
    head = content[:65536]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"\x00" in head:
        return False
    try:
        _decode(head, final=False)
    except FileRefused:
        return False
    controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 13))
    return controls <= len(head) // 100


# Zip and XML guards ---------------------------------------------------------------------------
def _check_zip(content: bytes) -> tuple[zipfile.ZipFile, int]:
    """Open the archive and check every member before anything is decompressed.

    Returns the archive and the number of worksheet rows it appears to hold.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FileRefused(
            _("The file looks like an Excel workbook but is damaged and cannot be opened."),
            code="corrupt",
        ) from None
    if len(members) > MAX_ZIP_MEMBERS:
        raise FileRefused(
            _("The workbook has too many parts to be a spreadsheet."), code="zip_bomb"
        )
    total = 0
    for info in members:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_EXEMPT_BYTES and ratio > MAX_COMPRESSION_RATIO:
            raise FileRefused(
                _(
                    "The workbook expands %(ratio)s times when opened, which only a zip bomb "
                    "does; it was not opened."
                )
                % {"ratio": int(ratio)},
                code="zip_bomb",
            )
    if total > max_bytes() * MAX_UNZIPPED_FACTOR:
        raise FileRefused(
            _("The workbook expands to %(size)s MB when opened, more than is accepted.")
            % {"size": total // (1024 * 1024)},
            code="zip_bomb",
        )
    names = {info.filename for info in members}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise FileRefused(
            _("The zip file is not an Excel workbook (.xlsx)."), code="unsupported_format"
        )
    rows = 0
    for info in members:
        if info.filename.lower().endswith((".xml", ".rels", ".vml")):
            rows = max(rows, _scan_xml(archive, info))
    return archive, rows


def _scan_xml(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> int:
    """Refuse any DOCTYPE or ENTITY declaration (entity expansion); count ``<row`` tags."""
    rows = 0
    tail = b""
    is_sheet = info.filename.startswith("xl/worksheets/")
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_SCAN_CHUNK):
                window = tail + chunk
                if any(pattern in window for pattern in _FORBIDDEN_XML_ALL):
                    raise FileRefused(
                        _(
                            "The workbook contains XML entity declarations (DOCTYPE/ENTITY), "
                            "which spreadsheets never need; it was refused as unsafe."
                        ),
                        code="xml_entities",
                    )
                if is_sheet:
                    # Count only in the new bytes, so a tag split across chunks is counted once.
                    rows += len(_ROW_TAG.findall(window)) - len(_ROW_TAG.findall(tail))
                tail = window[-32:]
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError):
        raise FileRefused(
            _("The file looks like an Excel workbook but is damaged and cannot be opened."),
            code="corrupt",
        ) from None
    return rows


# Decoding text ---------------------------------------------------------------------------------
def _decode(data: bytes, *, final: bool = True) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict" if final else "ignore")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            # A sample cut in the middle of a multi-byte character is not an encoding error.
            if not final and exc.start >= len(data) - 4:
                return data[: exc.start].decode(encoding)
    raise FileRefused(
        _("The text file is neither UTF-8 nor GBK/GB18030 encoded; save it as UTF-8 CSV."),
        code="encoding",
    )


# Reading rows ----------------------------------------------------------------------------------
def inspect(content: bytes, filename: str = "") -> FileInfo:
    """Check the whole file without reading its rows: size, format, zip and XML guards.

    Raises FileRefused (codes ``too_large``, ``empty``, ``format_mismatch``,
    ``unsupported_format``, ``corrupt``, ``zip_bomb``, ``xml_entities``, ``encoding``,
    ``too_many_rows``).
    """
    check_size(content)
    fmt = detect_format(content, filename)
    if fmt == "xlsx":
        archive, rows = _check_zip(content)
        archive.close()
    else:
        rows = content.count(b"\n") + 1
    if rows > int(settings.IMPORT_MAX_ROWS) + 50:
        raise FileRefused(
            _("The file has about %(rows)s rows; at most %(limit)s rows are accepted at once.")
            % {"rows": rows, "limit": settings.IMPORT_MAX_ROWS},
            code="too_many_rows",
        )
    return FileInfo(format=fmt, estimated_rows=rows)


def read_rows(
    content: bytes, filename: str = "", info: FileInfo | None = None
) -> Iterator[list[Cell]]:
    """Every row of the first worksheet (or of the CSV) as cells, after :func:`inspect`.

    Yields one list per spreadsheet row, empty rows included, so that the position of a row
    in the iteration (from 1) is the row number the spreadsheet shows. Pass the ``info`` of
    an earlier :func:`inspect` of the same content to skip checking it again.
    """
    info = info or inspect(content, filename)
    limit = int(settings.IMPORT_MAX_ROWS) + 50
    source = _xlsx_rows(content) if info.format == "xlsx" else _csv_rows(content)
    for number, row in enumerate(source, start=1):
        if number > limit:
            raise FileRefused(
                _("The file has more than %(limit)s rows.") % {"limit": settings.IMPORT_MAX_ROWS},
                code="too_many_rows",
            )
        yield row


def _csv_rows(content: bytes) -> Iterator[list[Cell]]:
    text = _decode(content)
    sample = text[:8192]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    try:
        for row in csv.reader(io.StringIO(text, newline=""), dialect):
            yield [Cell(value.strip(), "s") if value.strip() else EMPTY for value in row]
    except csv.Error as exc:
        raise FileRefused(
            _("The CSV file cannot be read: %(reason)s") % {"reason": exc}, code="corrupt"
        ) from None


def _xlsx_rows(content: bytes) -> Iterator[list[Cell]]:
    import openpyxl  # openpyxl parses through defusedxml when it is installed (it is).

    try:
        book = openpyxl.load_workbook(
            io.BytesIO(content), read_only=True, data_only=False, keep_links=False
        )
    except Exception:  # openpyxl raises many types for a damaged workbook
        raise FileRefused(
            _("The file looks like an Excel workbook but is damaged and cannot be opened."),
            code="corrupt",
        ) from None
    try:
        sheet = book.worksheets[0]
        expected = 1
        for row in sheet.iter_rows():
            cells = [cell for cell in row if getattr(cell, "row", None) is not None]
            number = cells[0].row if cells else expected
            # Read-only mode skips rows absent from the XML; keep numbering faithful.
            while expected < number:
                yield []
                expected += 1
            yield _xlsx_row(row)
            expected = number + 1
    finally:
        book.close()


def _xlsx_row(row: Any) -> list[Cell]:
    result: list[Cell] = []
    for cell in row:
        column = getattr(cell, "column", None)
        if column is not None:
            while len(result) < column - 1:
                result.append(EMPTY)
        result.append(_xlsx_cell(cell.value, getattr(cell, "data_type", "s")))
    while result and result[-1].is_empty:
        result.pop()
    return result


def _xlsx_cell(value: Any, data_type: str) -> Cell:
    if value is None:
        return EMPTY
    if data_type == "f":
        return Cell(str(value), "f")
    if data_type == "e":
        return Cell(str(value), "e")
    if isinstance(value, bool):
        return Cell("TRUE" if value else "FALSE", "b")
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return Cell(value.date().isoformat(), "d")
        return Cell(value.isoformat(), "d")
    if isinstance(value, dt.date):
        return Cell(value.isoformat(), "d")
    if isinstance(value, dt.time):
        return Cell(value.isoformat(), "d")
    if isinstance(value, int):
        return Cell(str(value), "n")
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return Cell(str(int(value)), "n")
        return Cell(repr(value), "n")
    text = str(value).strip()
    if not text:
        return EMPTY
    # ArrayFormula and DataTableFormula objects stringify to something else; treat as formula.
    if not isinstance(value, str):
        return Cell(text, "f")
    return Cell(text, "s")
