"""Rendering certificates as A4 PDF pages (WeasyPrint) with an embedded Chinese font.

The certificate is a Chinese document whatever the reader's interface language, so its text is
written in Chinese in ``hours/certificate_pdf.html``. The font is Noto Serif CJK (Debian's
``fonts-noto-cjk``), found at run time; its Simplified Chinese face is taken out of the
collection file once per process so WeasyPrint embeds a subset of exactly that face.
Rendering is deterministic for a list of certificates, which is why a batch stores only ids.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from hub.hours.models import Certificate
from hub.people.models import Person

FONT_FAMILY = "ShouwangCJK"
# fontconfig family names of the Simplified Chinese faces, best first.
_FAMILIES = ("Noto Serif CJK SC", "Source Han Serif SC", "Noto Sans CJK SC", "Source Han Sans SC")
# Where Debian/Ubuntu and common distributions put them, if fc-match is unavailable.
_KNOWN = (
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-{weight}.ttc", 2),
    ("/usr/share/fonts/noto-cjk/NotoSerifCJK-{weight}.ttc", 2),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-{weight}.ttc", 2),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-{weight}.ttc", 2),
    ("/usr/share/fonts/google-noto-cjk/NotoSansCJK-{weight}.ttc", 2),
)


class FontMissing(ImproperlyConfigured):
    """No Chinese font is installed, so a certificate cannot be rendered legibly."""


def _fc_match(family: str, weight: str) -> tuple[str, int] | None:
    if shutil.which("fc-match") is None:
        return None
    pattern = f"{family}:style={weight}"
    try:
        out = subprocess.run(  # noqa: S603 - fixed argv, no shell
            ["fc-match", "-f", "%{file}|%{index}|%{family}", pattern],  # noqa: S607
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    path, _sep, rest = out.partition("|")
    index, _sep, found_family = rest.partition("|")
    # fc-match always answers something; accept it only if it is the family we asked for.
    if not path or family not in found_family.split(","):
        return None
    return path, int(index or 0)


def _locate(weight: str) -> tuple[str, int]:
    override = os.environ.get(
        "SHOUWANG_CJK_FONT" if weight == "Regular" else "SHOUWANG_CJK_FONT_BOLD"
    )
    if override:
        file, _sep, number = override.partition("#")
        if Path(file).is_file():
            return file, int(number or 0)
    for family in _FAMILIES:
        found = _fc_match(family, weight)
        if found and Path(found[0]).is_file():
            return found
    for pattern, face in _KNOWN:
        known = pattern.format(weight=weight)
        if Path(known).is_file():
            return known, face
    raise FontMissing(
        "No Chinese (CJK) font found for certificates: install Debian's fonts-noto-cjk "
        "(or set SHOUWANG_CJK_FONT=/path/to/font.ttc#index)."
    )


def _cache_dir() -> Path:
    base = Path(getattr(settings, "VAR_DIR", tempfile.gettempdir())) / "fonts"
    base.mkdir(parents=True, exist_ok=True)
    return base


def _single_face(path: str, index: int) -> Path:
    """A standalone font file of face ``index`` of ``path`` (a .ttc), written once and reused."""
    if not path.lower().endswith((".ttc", ".otc")):
        return Path(path)
    stat = Path(path).stat()
    target = _cache_dir() / f"{Path(path).stem}-{index}-{int(stat.st_mtime)}-{stat.st_size}.otf"
    if target.is_file():
        return target
    from fontTools.ttLib import TTCollection

    collection = TTCollection(path, lazy=True)
    # Written beside the target then renamed, so concurrent workers never read half a file.
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    os.close(fd)
    try:
        collection.fonts[index].save(tmp)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target


@functools.cache
def cjk_fonts() -> dict[str, Path]:
    """The regular and bold Simplified Chinese font files to embed; raises FontMissing."""
    regular = _single_face(*_locate("Regular"))
    try:
        bold = _single_face(*_locate("Bold"))
    except FontMissing:
        bold = regular
    return {"regular": regular, "bold": bold}


# Formatting ----------------------------------------------------------------------------------
def chinese_date(day: Any) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def hours_text(hours: Decimal) -> str:
    """``8.50`` → ``8.5``, ``12.00`` → ``12``."""
    text = f"{Decimal(hours).quantize(Decimal('0.01')):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def id_type_label(code: str) -> str:
    if not code:
        return ""
    with translation.override("zh-hans"):
        try:
            return str(Person.IdType(code).label)
        except ValueError:
            return code


ZH_ID_TYPES = {
    "resident_id": "居民身份证",
    "passport": "护照",
    "hk_macao": "港澳居民来往内地通行证",
    "taiwan": "台湾居民来往大陆通行证",
    "foreigner": "外国人永久居留身份证",
}


def verify_path(certificate: Certificate) -> str:
    return reverse(
        "hours:certificate-verify",
        kwargs={"number": certificate.number, "token": certificate.verify_token},
    )


def qr_data_uri(url: str) -> str:
    """An SVG QR code of ``url`` as a data URI (no quiet zone: the layout gives it room)."""
    import segno

    return str(segno.make(url, error="m").svg_data_uri(scale=4, border=0, dark="#222"))


def certificate_context(certificate: Certificate, *, base_url: str) -> dict[str, Any]:
    url = base_url.rstrip("/") + verify_path(certificate)
    return {
        "c": certificate,
        "verify_url": url,
        "qr": qr_data_uri(url),
        "hours": hours_text(certificate.hours),
        "id_type": ZH_ID_TYPES.get(certificate.id_type, id_type_label(certificate.id_type)),
        "period": "至".join(
            chinese_date(d) for d in (certificate.period_start, certificate.period_end)
        ),
        "issued": chinese_date(certificate.issued_on),
    }


def render_certificates(certificates: Sequence[Certificate], *, base_url: str) -> bytes:
    """One A4 PDF with one page per certificate, in the order given; raises FontMissing."""
    from weasyprint import HTML

    fonts = cjk_fonts()
    html = render_to_string(
        "hours/certificate_pdf.html",
        {
            "pages": [certificate_context(c, base_url=base_url) for c in certificates],
            "font_family": FONT_FAMILY,
            "font_regular": fonts["regular"].as_uri(),
            "font_bold": fonts["bold"].as_uri(),
        },
    )
    pdf = HTML(string=html, base_url=base_url).write_pdf()
    return bytes(pdf or b"")
