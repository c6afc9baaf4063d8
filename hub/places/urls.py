from django.urls import path

from hub.places import views

app_name = "places"
urlpatterns = [
    path("", views.compound_list, name="compound-list"),
    path("<int:compound_id>/", views.compound_detail, name="compound-detail"),
    path("<int:compound_id>/status/", views.compound_status, name="compound-status"),
    path("buildings/<int:building_id>/", views.building_detail, name="building-detail"),
]
