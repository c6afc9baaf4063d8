"""Office files: the site's QR poster and an area's daily cleaning sheet (A4 PDF with the Chinese
font the certificates use; Excel through xlsxwriter). Pure rendering: callers authorize and log.
Names on sheets are masked; every text cell is formula-escaped."""

from __future__ import annotations

import datetime as dt
import io

import xlsxwriter
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from hub.hours.actions.exports import escape_cell
from hub.hours.certificate_pdf import FONT_FAMILY, cjk_fonts
from hub.office.models import CleaningArea, CleaningRecord, Site


def _fonts() -> dict[str, str]:
    fonts = cjk_fonts()
    return {
        "font_family": FONT_FAMILY,
        "font_regular": fonts["regular"].as_uri(),
        "font_bold": fonts["bold"].as_uri(),
    }


def render_poster(site: Site, *, scan_url: str) -> bytes:
    """The site's A4 entry poster: its name, the rule, and a large QR code to the scan page."""
    import segno
    from weasyprint import HTML

    qr = segno.make(scan_url, error="m", micro=False)
    html = render_to_string(
        "office/poster_pdf.html",
        {
            "site": site,
            "qr_svg": qr.svg_data_uri(scale=4, border=2),
            "scan_url": scan_url,
            **_fonts(),
        },
    )
    return bytes(HTML(string=html).write_pdf() or b"")


def sheet_rows(records: list[CleaningRecord]) -> list[list[str]]:
    """The sheet's rows as text: time, who (masked), disinfectant, concentration, note."""
    return [
        [
            timezone.localtime(r.done_at).strftime("%H:%M"),
            r.masked_done_by,
            r.agent,
            f"{r.concentration_mg_l} mg/L",
            r.note,
        ]
        for r in records
    ]


def sheet_header() -> list[str]:
    return [_("Time"), _("Done by"), _("Disinfectant"), _("Concentration"), _("Note")]


def render_sheet_pdf(area: CleaningArea, day: dt.date, records: list[CleaningRecord]) -> bytes:
    """The area's cleaning and disinfection sheet of ``day`` as a printable A4 page."""
    from weasyprint import HTML

    html = render_to_string(
        "office/sheet_pdf.html",
        {
            "area": area,
            "day": day,
            "header": sheet_header(),
            "rows": sheet_rows(records),
            **_fonts(),
        },
    )
    return bytes(HTML(string=html).write_pdf() or b"")


def render_sheet_xlsx(area: CleaningArea, day: dt.date, records: list[CleaningRecord]) -> bytes:
    """The same sheet as Excel; every cell is text, formula-like values escaped."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(_("Cleaning")[:31])
    bold = book.add_format({"bold": True})
    sheet.write_string(
        0, 0, escape_cell(f"{area.organization.name} · {area.name} · {day.isoformat()}"), bold
    )
    for j, title in enumerate(sheet_header()):
        sheet.write_string(1, j, escape_cell(title), bold)
    for i, row in enumerate(sheet_rows(records), start=2):
        for j, value in enumerate(row):
            sheet.write_string(i, j, escape_cell(value))
    sheet.set_column(0, 4, 16)
    book.close()
    return buffer.getvalue()
