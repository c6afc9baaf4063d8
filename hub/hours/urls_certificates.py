"""Certificate routes, collected by hub/hours/urls.py (namespace ``hours:``)."""

from django.urls import path

from hub.hours import views_certificates as views

urlpatterns = [
    path("certificates/", views.certificate_list, name="certificate-list"),
    path("certificates/new/", views.certificate_new, name="certificate-new"),
    path("certificates/batch/", views.certificate_batch, name="certificate-batch"),
    path(
        "certificates/batch/<int:job_id>/pdf/",
        views.certificate_batch_pdf,
        name="certificate-batch-pdf",
    ),
    path("certificates/<int:certificate_id>/pdf/", views.certificate_pdf, name="certificate-pdf"),
    path("verify/<str:number>/<str:token>/", views.certificate_verify, name="certificate-verify"),
]
