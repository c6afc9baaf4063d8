from django.urls import path

from hub.screening import views

app_name = "screening"
urlpatterns = [
    path("", views.round_list, name="round-list"),
    path("my-code/", views.my_code, name="my-code"),
    path("my-code/issue/", views.my_code_issue, name="my-code-issue"),
    path("residents/<int:person_id>/code.pdf", views.relative_code_pdf, name="relative-code"),
    path(
        "residents/<int:person_id>/code/issue/",
        views.relative_code_issue,
        name="relative-code-issue",
    ),
    path("<int:round_id>/issue-codes/", views.round_issue_codes, name="round-issue-codes"),
    path("antigen/", views.antigen_report, name="antigen-report"),
    path(
        "antigen/residents/<int:person_id>/",
        views.antigen_report_for,
        name="antigen-report-for",
    ),
    path("antigen/not-reported/", views.antigen_missing, name="antigen-missing"),
    path("antigen/kits/", views.antigen_handouts, name="antigen-handouts"),
    path("antigen/kits/<int:household_id>/", views.antigen_handout, name="antigen-handout"),
    path("antigen/reports/<int:report_id>/photo/", views.antigen_photo, name="antigen-photo"),
    path("closures/", views.closure_list, name="closure-list"),
    path("closures/new/", views.closure_create, name="closure-create"),
    path("closures/<int:closure_id>/clone/", views.closure_clone, name="closure-clone"),
    path("closures/<int:closure_id>/close/", views.closure_close, name="closure-close"),
    path("<int:round_id>/", views.round_detail, name="round-detail"),
    path("<int:round_id>/duties/", views.round_duties, name="round-duties"),
    path("<int:round_id>/duties/add/", views.round_duty_assign, name="round-duty-assign"),
    path("duties/<int:duty_id>/remove/", views.round_duty_remove, name="round-duty-remove"),
    path("<int:round_id>/plan/", views.round_plan, name="round-plan"),
    path("<int:round_id>/call-ups/", views.round_call_ups, name="round-call-ups"),
    path("<int:round_id>/scan/", views.scan_page, name="scan"),
    path("<int:round_id>/coverage/", views.coverage_page, name="coverage"),
    path("<int:round_id>/missing/", views.missing_list, name="missing"),
    path("<int:round_id>/retests/", views.retest_list, name="retests"),
    path("tubes/<int:tube_id>/result/", views.tube_result, name="tube-result"),
]
