"""Pick lists as A4 PDF (WeasyPrint) for the sorting table, with the embedded Chinese font.

The font comes from the certificate renderer (``hub.hours.certificate_pdf.cjk_fonts``), so one
place finds and subsets it.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from hub.hours.certificate_pdf import FONT_FAMILY, cjk_fonts


def render_pick_list(context: dict[str, Any]) -> bytes:
    """The page's pick list as PDF; raises FontMissing when no Chinese font is installed."""
    from weasyprint import HTML

    fonts = cjk_fonts()
    html = render_to_string(
        "supplies/pick_list_pdf.html",
        {
            **context,
            "font_family": FONT_FAMILY,
            "font_regular": fonts["regular"].as_uri(),
            "font_bold": fonts["bold"].as_uri(),
        },
    )
    return bytes(HTML(string=html).write_pdf() or b"")
