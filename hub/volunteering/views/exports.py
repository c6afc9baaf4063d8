"""A drive's sign-ups as an Excel sheet for its managers (names and phones masked)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from hub.access import acting_user, get_changeable
from hub.privacy.actions import log_export
from hub.spreadsheets import xlsx_response
from hub.volunteering.models import Drive, SignUp


@login_required
@require_GET
def drive_signups_xlsx(request: HttpRequest, drive_id: int) -> HttpResponse:
    drive = get_changeable(request.user, Drive.objects.all(), pk=drive_id)
    signups = list(
        SignUp.objects.filter(drive=drive)
        .select_related("person", "shift__post")
        .order_by("shift__starts_at", "shift_id", "created_at", "pk")
    )
    rows = [
        (
            s.shift.post.name,
            timezone.localtime(s.shift.starts_at).strftime("%Y-%m-%d %H:%M"),
            timezone.localtime(s.shift.ends_at).strftime("%H:%M"),
            s.person.masked_name,
            s.person.masked_phone,
            s.get_status_display(),
            timezone.localtime(s.created_at).strftime("%Y-%m-%d %H:%M"),
            s.note,
        )
        for s in signups
    ]
    log_export(
        by=acting_user(request),
        organization_id=drive.organization_id,
        subject_type="volunteering.drive_signups",
        fields="post,shift,name(masked),phone(masked),status,note",
        rows=len(rows),
    )
    return xlsx_response(
        filename=f"drive-{drive.pk}-signups.xlsx",
        sheet=_("Sign-ups"),
        header=[
            _("Post"),
            _("Starts"),
            _("Ends"),
            _("Name"),
            _("Phone"),
            _("Status"),
            _("Signed up at"),
            _("Note"),
        ],
        rows=rows,
    )
