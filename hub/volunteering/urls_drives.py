"""Routes of posts, shifts, drives and sign-ups (hub/volunteering/urls.py collects them)."""

from django.urls import path

from hub.volunteering import views_drives as views

urlpatterns = [
    path("", views.drive_list, name="drive-list"),
    path("drives/new/", views.drive_create, name="drive-create"),
    path("drives/<int:drive_id>/", views.drive_detail, name="drive-detail"),
    path("drives/<int:drive_id>/edit/", views.drive_edit, name="drive-edit"),
    path("drives/<int:drive_id>/publish/", views.drive_publish, name="drive-publish"),
    path("drives/<int:drive_id>/close/", views.drive_close, name="drive-close"),
    path(
        "drives/<int:drive_id>/shifts/<int:shift_id>/sign-up/",
        views.drive_signup,
        name="drive-signup",
    ),
    path("join/<str:token>/", views.join, name="join"),
    path("join/<str:token>/shifts/<int:shift_id>/sign-up/", views.join_signup, name="join-signup"),
    path("signups/<int:signup_id>/", views.signup_detail, name="signup-detail"),
    path("signups/<int:signup_id>/approve/", views.signup_approve, name="signup-approve"),
    path("signups/<int:signup_id>/decline/", views.signup_decline, name="signup-decline"),
    path("signups/<int:signup_id>/waitlist/", views.signup_waitlist, name="signup-waitlist"),
    path("signups/<int:signup_id>/withdraw/", views.signup_withdraw, name="signup-withdraw"),
    path("posts/", views.post_list, name="post-list"),
    path("posts/new/", views.post_create, name="post-create"),
    path("posts/<int:post_id>/", views.post_detail, name="post-detail"),
    path("posts/<int:post_id>/edit/", views.post_edit, name="post-edit"),
    path("posts/<int:post_id>/shifts/new/", views.shift_create, name="shift-create"),
    path("shifts/<int:shift_id>/", views.shift_detail, name="shift-detail"),
    path("shifts/<int:shift_id>/capacity/", views.shift_capacity, name="shift-capacity"),
    path("shifts/<int:shift_id>/cancel/", views.shift_cancel, name="shift-cancel"),
]
