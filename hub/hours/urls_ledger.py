"""Ledger routes, collected by hub/hours/urls.py (namespace ``hours:``)."""

from django.urls import path

from hub.hours import views_ledger as views

urlpatterns = [
    path("pending/", views.pending, name="pending"),
    path("record/", views.record, name="record"),
    path("entries/<int:entry_id>/", views.entry_detail, name="entry-detail"),
    path("entries/<int:entry_id>/confirm/", views.entry_confirm, name="entry-confirm"),
    path("entries/<int:entry_id>/correct/", views.entry_correct, name="entry-correct"),
    path(
        "entries/<int:entry_id>/request-correction/",
        views.entry_request_correction,
        name="entry-request-correction",
    ),
    path("shifts/<int:shift_id>/confirm/", views.shift_confirm, name="shift-confirm"),
    path("corrections/", views.corrections, name="corrections"),
    path("corrections/<int:request_id>/decide/", views.correction_decide, name="correction-decide"),
    path("totals/", views.totals, name="totals"),
    path("stars/", views.stars, name="stars"),
    path("stars/review/", views.star_start, name="star-start"),
    path("stars/<int:award_id>/grant/", views.star_grant, name="star-grant"),
    path("stars/<int:award_id>/reject/", views.star_reject, name="star-reject"),
    path("exports/", views.exports, name="exports"),
    path("exports/<int:export_id>/approve/", views.export_approve, name="export-approve"),
    path("exports/<int:export_id>/reject/", views.export_reject, name="export-reject"),
    path("exports/<int:export_id>/download/", views.export_download, name="export-download"),
]
