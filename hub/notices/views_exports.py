"""A notice's acknowledgements by branch, as an Excel sheet for its sender (names masked)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from hub.access import acting_user
from hub.notices import queries
from hub.notices.models import NoticeRecipient
from hub.privacy.actions import log_export
from hub.web.xlsx import xlsx_response


def _when(value: object) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""  # type: ignore[arg-type]


@login_required
@require_GET
def notice_acknowledgements_xlsx(request: HttpRequest, notice_id: int) -> HttpResponse:
    notice = queries.get_managed_notice_for(request.user, notice_id)
    copies = list(
        NoticeRecipient.objects.filter(notice=notice)
        .select_related("person", "branch")
        .order_by("branch__name", "person__name", "pk")
    )
    rows = [
        (
            c.branch.name if c.branch else "",
            c.person.masked_name,
            _("Acknowledged") if c.acknowledged_at else _("Not yet"),
            _when(c.acknowledged_at),
            c.reply,
        )
        for c in copies
    ]
    log_export(
        by=acting_user(request),
        organization_id=notice.organization_id,
        subject_type="notices.acknowledgements",
        fields="branch,name(masked),acknowledged,reply",
        rows=len(rows),
    )
    return xlsx_response(
        filename=f"notice-{notice.pk}-acknowledgements.xlsx",
        sheet=_("Acknowledgements"),
        header=[_("Branch"), _("Name"), _("Status"), _("Acknowledged at"), _("Reply")],
        rows=rows,
    )
