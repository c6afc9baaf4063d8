"""Routes of the notice pages (namespace ``notices:``, under /notices/)."""

from django.urls import path

from hub.notices import views

app_name = "notices"
urlpatterns = [
    path("", views.notice_list, name="notice-list"),
    path("sent/", views.sent_list, name="sent-list"),
    path("new/", views.notice_create, name="notice-create"),
    path("<int:notice_id>/", views.notice_detail, name="notice-detail"),
    path("<int:notice_id>/acknowledge/", views.notice_acknowledge, name="notice-acknowledge"),
    path("<int:notice_id>/reply/", views.notice_reply, name="notice-reply"),
    path("<int:notice_id>/manage/", views.notice_manage, name="notice-manage"),
    path("<int:notice_id>/publish/", views.notice_publish, name="notice-publish"),
    path("<int:notice_id>/attachments/", views.notice_attach, name="notice-attach"),
    path("<int:notice_id>/remind/", views.notice_remind, name="notice-remind"),
    path(
        "<int:notice_id>/acknowledgements.xlsx",
        views.notice_acknowledgements_xlsx,
        name="notice-acknowledgements-xlsx",
    ),
    path(
        "attachments/<int:attachment_id>/",
        views.attachment_download,
        name="attachment-download",
    ),
]
