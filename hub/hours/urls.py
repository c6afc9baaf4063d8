"""Routes of the service-hour ledger, then of certificates (namespace ``hours:``)."""

from django.urls import path

from hub.hours.views import certificates, ledger

app_name = "hours"
urlpatterns = [
    path("pending/", ledger.pending, name="pending"),
    path("record/", ledger.record, name="record"),
    path("entries/<int:entry_id>/", ledger.entry_detail, name="entry-detail"),
    path("entries/<int:entry_id>/confirm/", ledger.entry_confirm, name="entry-confirm"),
    path("entries/<int:entry_id>/correct/", ledger.entry_correct, name="entry-correct"),
    path(
        "entries/<int:entry_id>/request-correction/",
        ledger.entry_request_correction,
        name="entry-request-correction",
    ),
    path("shifts/<int:shift_id>/confirm/", ledger.shift_confirm, name="shift-confirm"),
    path("corrections/", ledger.corrections, name="corrections"),
    path(
        "corrections/<int:request_id>/decide/", ledger.correction_decide, name="correction-decide"
    ),
    path("totals/", ledger.totals, name="totals"),
    path("stars/", ledger.stars, name="stars"),
    path("stars/review/", ledger.star_start, name="star-start"),
    path("stars/<int:award_id>/grant/", ledger.star_grant, name="star-grant"),
    path("stars/<int:award_id>/reject/", ledger.star_reject, name="star-reject"),
    path("exports/", ledger.exports, name="exports"),
    path("exports/<int:export_id>/approve/", ledger.export_approve, name="export-approve"),
    path("exports/<int:export_id>/reject/", ledger.export_reject, name="export-reject"),
    path("exports/<int:export_id>/download/", ledger.export_download, name="export-download"),
    # Certificates, and the public page that verifies one.
    path("certificates/", certificates.certificate_list, name="certificate-list"),
    path("certificates/new/", certificates.certificate_new, name="certificate-new"),
    path("certificates/batch/", certificates.certificate_batch, name="certificate-batch"),
    path(
        "certificates/batch/<int:job_id>/pdf/",
        certificates.certificate_batch_pdf,
        name="certificate-batch-pdf",
    ),
    path(
        "certificates/<int:certificate_id>/pdf/",
        certificates.certificate_pdf,
        name="certificate-pdf",
    ),
    path(
        "verify/<str:number>/<str:token>/",
        certificates.certificate_verify,
        name="certificate-verify",
    ),
]
