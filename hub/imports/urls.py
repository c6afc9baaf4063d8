from django.urls import path

from hub.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.batch_list, name="batch-list"),
    path("new/", views.upload, name="upload"),
    path("<int:batch_id>/", views.batch_detail, name="batch-detail"),
    path("<int:batch_id>/apply/", views.batch_apply, name="batch-apply"),
    path("<int:batch_id>/reveal/", views.batch_reveal, name="batch-reveal"),
]
