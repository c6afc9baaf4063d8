"""Routes of roster runs and duty statistics (mounted at /rosters/)."""

from django.urls import path

from hub.rosters import views

app_name = "rosters"
urlpatterns = [
    path("", views.run_list, name="run-list"),
    path("new/", views.run_create, name="run-create"),
    path("duty-stats/", views.duty_stats, name="duty-stats"),
    path("duty-stats.xlsx", views.duty_stats_xlsx, name="duty-stats-xlsx"),
    path("<int:run_id>/", views.run_detail, name="run-detail"),
    path("<int:run_id>/status/", views.run_status, name="run-status"),
    path("<int:run_id>/solve/", views.run_solve, name="run-solve"),
    path(
        "<int:run_id>/shifts/<int:shift_id>/people/<int:person_id>/",
        views.run_cell,
        name="run-cell",
    ),
    path("<int:run_id>/publish/", views.run_publish, name="run-publish"),
    path("<int:run_id>/repair/", views.run_repair, name="run-repair"),
    path("<int:run_id>/repair/publish/", views.run_repair_publish, name="run-repair-publish"),
    path("<int:run_id>/roster.xlsx", views.run_xlsx, name="run-xlsx"),
    path("<int:run_id>/roster.pdf", views.run_pdf, name="run-pdf"),
]
