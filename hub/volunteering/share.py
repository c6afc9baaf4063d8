"""Sharing a drive into a group chat: its link, and a QR image with its title (a read).

The link is the public sign-up page for a drive open to anyone with the link, else the drive's
own page (members of its pool sign in and sign up there). The PNG is drawn with segno (the QR)
and Pillow (the title, in the CJK font the PDFs use), so a phone can post it as a picture.
"""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

import segno
from django.urls import reverse
from PIL import Image, ImageDraw, ImageFont

from hub.volunteering.models import Drive

WIDTH = 720
FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
)


def share_path(drive: Drive) -> str:
    """Where the shared link leads: the public page, or the drive page for its pool."""
    if drive.is_public:
        return reverse("volunteering:join", kwargs={"token": drive.public_token})
    return reverse("volunteering:drive-detail", kwargs={"drive_id": drive.pk})


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for path in FONTS:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default()


def share_png(*, title: str, url: str, organization: str) -> bytes:
    """A PNG: the drive's title above a QR code of ``url``, the organization below."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=12, border=2)
    qr = Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")
    side = WIDTH - 240  # 480 px: readable from a phone screen in a group chat
    qr = qr.resize((side, side), Image.Resampling.NEAREST)
    title_font, small = _font(40), _font(26)
    lines = textwrap.wrap(title, width=16) or [title]
    top = 40 + 56 * len(lines)
    image = Image.new("RGB", (WIDTH, top + side + 110), "white")
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((WIDTH // 2, 40 + 56 * i), line, font=title_font, fill="#b4232a", anchor="ma")
    image.paste(qr, ((WIDTH - side) // 2, top))
    draw.text((WIDTH // 2, top + side + 30), organization, font=small, fill="#333333", anchor="ma")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
