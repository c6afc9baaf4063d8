"""Check-in routes: the poster's QR page, the coordinator's shift page, the poster PDF."""

from django.urls import path

from hub.volunteering import views_checkin as views

urlpatterns = [
    path("c/<str:code>/", views.scan, name="checkin-scan"),
    path("c/<str:code>/in/", views.scan_check_in, name="checkin-scan-in"),
    path("c/<str:code>/out/", views.scan_check_out, name="checkin-scan-out"),
    path("shifts/<int:shift_id>/checkins/", views.shift_checkins, name="shift-checkins"),
    path("shifts/<int:shift_id>/checkins/in/", views.shift_check_in, name="shift-checkin-in"),
    path("shifts/<int:shift_id>/checkins/out/", views.shift_check_out, name="shift-checkin-out"),
    path("posts/<int:post_id>/poster.pdf", views.poster_pdf, name="post-poster"),
]
