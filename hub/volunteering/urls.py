from django.urls import path

from hub.volunteering import urls_checkin, urls_drives, views_exports, views_share

app_name = "volunteering"
urlpatterns = [
    *urls_drives.urlpatterns,
    *urls_checkin.urlpatterns,
    path("drives/<int:drive_id>/share.png", views_share.drive_share_png, name="drive-share-png"),
    path(
        "drives/<int:drive_id>/signups.xlsx",
        views_exports.drive_signups_xlsx,
        name="drive-signups-xlsx",
    ),
]
