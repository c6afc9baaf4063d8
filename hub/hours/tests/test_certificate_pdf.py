"""The certificate renders as an A4 PDF in Chinese with the CJK font embedded and a QR code."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import zlib

from django.test import Client
from django.urls import reverse

from hub.hours.actions.certificates import request_certificate
from hub.hours.certificate_pdf import FONT_FAMILY, hours_text, render_certificates
from hub.testing.builders import at, make_post, served

BASE = "https://shouwang.example.org/"


def pdf_text(pdf: bytes) -> bytes:
    """The PDF's bytes plus every stream it compresses (object streams hide the dictionaries)."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n", pdf):
        try:
            parts.append(zlib.decompressobj().decompress(pdf[match.end() :]))
        except zlib.error:
            continue
    return b"\n".join(parts)


def page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf_text(pdf)))


def certificate(cast):
    served(
        make_post(cast, organization=cast.org_rc),
        cast.volunteer.person,
        hours="8.5",
        on=dt.date(2022, 4, 2),
    )
    return request_certificate(
        by=cast.volunteer,
        person=cast.volunteer.person,
        issuer=cast.org_rc,
        start=dt.date(2022, 3, 28),
        end=dt.date(2022, 4, 10),
        now=at(4, 12, 10),
    )


def test_a_certificate_renders_as_a_one_page_pdf_with_the_cjk_font_embedded(cast) -> None:
    pdf = render_certificates([certificate(cast)], base_url=BASE)

    assert pdf.startswith(b"%PDF")
    assert page_count(pdf) == 1
    text = pdf_text(pdf)
    assert FONT_FAMILY.encode() in text
    assert b"/FontFile3" in text or b"/FontFile2" in text  # the font program itself is embedded


def test_pdffonts_reports_the_cjk_font_embedded_when_poppler_is_installed(cast, tmp_path) -> None:
    if shutil.which("pdffonts") is None:
        return  # the byte-level check above covers machines without poppler-utils
    path = tmp_path / "c.pdf"
    path.write_bytes(render_certificates([certificate(cast)], base_url=BASE))

    pdffonts = shutil.which("pdffonts") or "pdffonts"
    out = subprocess.run(  # noqa: S603 - a fixed tool on a file this test wrote
        [pdffonts, str(path)], capture_output=True, text=True, check=True
    ).stdout

    rows = [line.split() for line in out.splitlines() if FONT_FAMILY in line]
    assert rows and all("yes" in row[-5:-2] for row in rows)


def test_the_pdf_page_is_served_to_the_volunteer_with_its_number_as_file_name(cast) -> None:
    c = certificate(cast)
    client = Client()
    client.force_login(cast.volunteer)

    response = client.get(reverse("hours:certificate-pdf", kwargs={"certificate_id": c.pk}))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert c.number in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")


def test_hours_print_without_trailing_zeros() -> None:
    from decimal import Decimal

    assert hours_text(Decimal("8.50")) == "8.5"
    assert hours_text(Decimal("12.00")) == "12"
    assert hours_text(Decimal("0.25")) == "0.25"
