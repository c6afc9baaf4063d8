from django.urls import path

from hub.jobs import views

app_name = "jobs"
urlpatterns = [path("<int:job_id>/", views.job_detail, name="job-detail")]
