"""Routes of drives, sign-ups, posts and shifts, then of check-ins (namespace ``volunteering:``)."""

from django.urls import path

from hub.volunteering.views import checkin, drives, exports, launch, share

app_name = "volunteering"
urlpatterns = [
    path("", drives.drive_list, name="drive-list"),
    path("drives/new/", drives.drive_create, name="drive-create"),
    path("drives/launch/", launch.drive_launch, name="drive-launch"),
    path("drives/<int:drive_id>/", drives.drive_detail, name="drive-detail"),
    path("drives/<int:drive_id>/edit/", drives.drive_edit, name="drive-edit"),
    path("drives/<int:drive_id>/publish/", drives.drive_publish, name="drive-publish"),
    path("drives/<int:drive_id>/close/", drives.drive_close, name="drive-close"),
    path("drives/<int:drive_id>/share.png", share.drive_share_png, name="drive-share-png"),
    path(
        "drives/<int:drive_id>/signups.xlsx", exports.drive_signups_xlsx, name="drive-signups-xlsx"
    ),
    path(
        "drives/<int:drive_id>/shifts/<int:shift_id>/sign-up/",
        drives.drive_signup,
        name="drive-signup",
    ),
    path("join/<str:token>/", drives.join, name="join"),
    path("join/<str:token>/shifts/<int:shift_id>/sign-up/", drives.join_signup, name="join-signup"),
    path("signups/<int:signup_id>/", drives.signup_detail, name="signup-detail"),
    path("signups/<int:signup_id>/approve/", drives.signup_approve, name="signup-approve"),
    path("signups/<int:signup_id>/decline/", drives.signup_decline, name="signup-decline"),
    path("signups/<int:signup_id>/waitlist/", drives.signup_waitlist, name="signup-waitlist"),
    path("signups/<int:signup_id>/withdraw/", drives.signup_withdraw, name="signup-withdraw"),
    path("posts/", drives.post_list, name="post-list"),
    path("posts/new/", drives.post_create, name="post-create"),
    path("posts/<int:post_id>/", drives.post_detail, name="post-detail"),
    path("posts/<int:post_id>/edit/", drives.post_edit, name="post-edit"),
    path("posts/<int:post_id>/shifts/new/", drives.shift_create, name="shift-create"),
    path("shifts/<int:shift_id>/", drives.shift_detail, name="shift-detail"),
    path("shifts/<int:shift_id>/capacity/", drives.shift_capacity, name="shift-capacity"),
    path("shifts/<int:shift_id>/cancel/", drives.shift_cancel, name="shift-cancel"),
    # Check-in: the poster's QR page, the coordinator's shift page, the poster PDF.
    path("c/<str:code>/", checkin.scan, name="checkin-scan"),
    path("c/<str:code>/in/", checkin.scan_check_in, name="checkin-scan-in"),
    path("c/<str:code>/out/", checkin.scan_check_out, name="checkin-scan-out"),
    path("shifts/<int:shift_id>/checkins/", checkin.shift_checkins, name="shift-checkins"),
    path("shifts/<int:shift_id>/checkins/in/", checkin.shift_check_in, name="shift-checkin-in"),
    path("shifts/<int:shift_id>/checkins/out/", checkin.shift_check_out, name="shift-checkin-out"),
    path("posts/<int:post_id>/poster.pdf", checkin.poster_pdf, name="post-poster"),
]
