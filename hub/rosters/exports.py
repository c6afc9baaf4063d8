"""The roster and the duty statistics as files: Excel (xlsxwriter) and an A4 landscape PDF
(WeasyPrint, with the Chinese font the certificates use). Pure rendering: callers authorize,
mask names (through the queries) and log the export."""

from __future__ import annotations

import io
from typing import Any

import xlsxwriter
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from hub.hours.certificate_pdf import FONT_FAMILY, cjk_fonts
from hub.rosters.models import RosterRun
from hub.rosters.queries import DutyStats, Grid, PostShift

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _book() -> tuple[io.BytesIO, Any]:
    buffer = io.BytesIO()
    return buffer, xlsxwriter.Workbook(buffer, {"in_memory": True})


def roster_xlsx(run: RosterRun, grid: Grid, *, view: str = "people") -> bytes:
    """One sheet. By people: a row per person, a column per shift (day and time), ✓ where
    rostered. By posts: a row per post, a column per day, each cell its shifts with the names
    on them and filled/needed."""
    buffer, book = _book()
    sheet = book.add_worksheet(_("Roster")[:31])
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    sheet.write(0, 0, run.title, bold)
    if view == "posts":
        _posts_sheet(sheet, grid, bold, wrap)
    else:
        _people_sheet(sheet, grid, bold)
    book.close()
    return buffer.getvalue()


def _people_sheet(sheet: Any, grid: Grid, bold: Any) -> None:
    sheet.write(1, 0, _("Name"), bold)
    for j, column in enumerate(grid.columns, start=1):
        sheet.write(1, j, f"{column.day:%m-%d}\n{column.label}", bold)
    last = len(grid.columns) + 1
    sheet.write(1, last, _("Shifts"), bold)
    sheet.write(1, last + 1, _("Hours"), bold)
    for i, row in enumerate(grid.rows, start=2):
        sheet.write(i, 0, row.name)
        for j, slot in enumerate(row.cells, start=1):
            if slot.cell is not None:
                sheet.write(i, j, "✗" if slot.hole else "✓")
        sheet.write_number(i, last, row.count)
        sheet.write_number(i, last + 1, row.minutes / 60)
    sheet.set_column(0, 0, 14)
    sheet.set_column(1, last, 16)
    sheet.freeze_panes(2, 1)


def post_cell_text(shifts: list[PostShift]) -> str:
    """A posts-view cell as text: a line per shift, its time, filled/needed and the names
    (a hole's name struck through as ✗)."""
    lines = []
    for item in shifts:
        names = "、".join(f"✗{p.name}" if p.hole else p.name for p in item.people)
        lines.append(f"{item.label} {item.filled}/{item.needed}" + (f" {names}" if names else ""))
    return "\n".join(lines)


def _posts_sheet(sheet: Any, grid: Grid, bold: Any, wrap: Any) -> None:
    sheet.write(1, 0, _("Post"), bold)
    for j, day in enumerate(grid.dates, start=1):
        sheet.write(1, j, f"{day:%m-%d %a}", bold)
    for i, row in enumerate(grid.posts, start=2):
        sheet.write(i, 0, row.name, wrap)
        for j, shifts in enumerate(row.days, start=1):
            if shifts:
                sheet.write(i, j, post_cell_text(shifts), wrap)
    sheet.set_column(0, 0, 18)
    sheet.set_column(1, len(grid.dates), 24)
    sheet.freeze_panes(2, 1)


def roster_pdf(run: RosterRun, grid: Grid, *, view: str = "people") -> bytes:
    """The roster as a printable A4 landscape PDF, by people or by posts; raises FontMissing
    without a CJK font."""
    from weasyprint import HTML

    fonts = cjk_fonts()
    html = render_to_string(
        "rosters/roster_pdf.html",
        {
            "run": run,
            "grid": grid,
            "view": view,
            "font_family": FONT_FAMILY,
            "font_regular": fonts["regular"].as_uri(),
            "font_bold": fonts["bold"].as_uri(),
        },
    )
    return bytes(HTML(string=html).write_pdf() or b"")


def duty_stats_xlsx(stats: DutyStats) -> bytes:
    """Duty statistics: a row per person, then the branches and the fairness figures."""
    buffer, book = _book()
    sheet = book.add_worksheet(_("Duty statistics")[:31])
    bold = book.add_format({"bold": True})
    heads = [_("Name"), _("Branch"), _("Shifts"), _("Hours"), _("Nights"), _("Weekends")]
    for j, head in enumerate(heads):
        sheet.write(0, j, head, bold)
    row = 1
    for line in stats.lines:
        sheet.write(row, 0, line.name)
        sheet.write(row, 1, line.branch)
        sheet.write_number(row, 2, line.shifts)
        sheet.write_number(row, 3, float(line.hours))
        sheet.write_number(row, 4, line.nights)
        sheet.write_number(row, 5, line.weekends)
        row += 1
    branches = book.add_worksheet(_("Branches")[:31])
    for j, head in enumerate(heads[1:]):
        branches.write(0, j, head, bold)
    for i, line in enumerate(stats.branches, start=1):
        branches.write(i, 0, line.branch)
        branches.write_number(i, 1, line.shifts)
        branches.write_number(i, 2, float(line.hours))
        branches.write_number(i, 3, line.nights)
        branches.write_number(i, 4, line.weekends)
    summary = book.add_worksheet(_("Fairness")[:31])
    summary.write(0, 0, _("Period"), bold)
    summary.write(0, 1, f"{stats.start} – {stats.end}")
    summary.write(1, 0, _("Total hours"), bold)
    summary.write_number(1, 1, float(stats.total_hours))
    summary.write(2, 0, _("Spread of hours (max − min)"), bold)
    summary.write_number(2, 1, float(stats.spread))
    summary.write(3, 0, _("Coefficient of variation of hours"), bold)
    if stats.cv is not None:
        summary.write_number(3, 1, float(stats.cv))
    book.close()
    return buffer.getvalue()
