"""The drive's share image (the link itself is shown on the drive page)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from hub.access import get_changeable
from hub.volunteering.models import Drive
from hub.volunteering.share import share_path, share_png


@login_required
@require_GET
def drive_share_png(request: HttpRequest, drive_id: int) -> HttpResponse:
    drive = get_changeable(request.user, Drive.objects.select_related("organization"), pk=drive_id)
    png = share_png(
        title=drive.title,
        url=request.build_absolute_uri(share_path(drive)),
        organization=str(drive.organization),
    )
    response = HttpResponse(png, content_type="image/png")
    response["Content-Disposition"] = f'inline; filename="drive-{drive.pk}.png"'
    response["Cache-Control"] = "private, no-store"
    return response
