"""The printable relative code (亲属码): an A4 page with the resident's masked name, building and
a large QR, for elderly residents and children without a phone."""

from __future__ import annotations

from django.template.loader import render_to_string

from hub.people.models import Person
from hub.screening.actions.codes import qr_text
from hub.screening.models import ScreeningCode


def render_relative_code(person: Person, code: ScreeningCode) -> bytes:
    """The A4 page for ``person``'s issued ``code`` (a read: it issues nothing)."""
    import segno
    from weasyprint import HTML

    qr = segno.make(qr_text(code), error="m", micro=False)
    html = render_to_string(
        "screening/relative_code_pdf.html",
        {"person": person, "qr_svg": qr.svg_data_uri(scale=6, border=2), "issued": code.issued_at},
    )
    return bytes(HTML(string=html).write_pdf() or b"")
