"""Routes of the office pages under /office/."""

from django.urls import path

from hub.office import views

app_name = "office"
urlpatterns = [
    path("", views.office_home, name="home"),
    path("sites/new/", views.site_create, name="site-create"),
    path("sites/<int:site_id>/", views.site_edit, name="site-edit"),
    path("sites/<int:site_id>/requirements/", views.site_requirement, name="site-requirement"),
    path("sites/<int:site_id>/poster.pdf", views.site_poster, name="site-poster"),
    path("scan/<str:code>/", views.scan, name="scan"),
    path("desk/<int:site_id>/", views.desk, name="desk"),
    path("desk/<int:site_id>/arrivals/", views.desk_arrivals, name="desk-arrivals"),
    path("desk/<int:site_id>/register/", views.desk_register, name="desk-register"),
    path("desk/<int:site_id>/contractor/", views.desk_contractor, name="desk-contractor"),
    path("contractors/", views.company_list, name="company-list"),
    path("contractors/<int:company_id>/", views.company_detail, name="company-detail"),
    path("areas/", views.area_list, name="area-list"),
    path("areas/<int:area_id>/", views.area_detail, name="area-detail"),
    path("areas/<int:area_id>/sheet.pdf", views.area_sheet_pdf, name="area-sheet-pdf"),
    path("areas/<int:area_id>/sheet.xlsx", views.area_sheet_xlsx, name="area-sheet-xlsx"),
    path("summary/", views.summary, name="summary"),
]
