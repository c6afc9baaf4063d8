from django.urls import path

from hub.notify import views

app_name = "notify"
urlpatterns = [
    path("", views.settings_page, name="settings"),
    path("robots/add/", views.robot_add, name="robot-add"),
    path("routes/add/", views.person_route_add, name="person-route-add"),
    path("routes/<int:route_id>/test/", views.route_test, name="route-test"),
    path("routes/<int:route_id>/remove/", views.route_remove, name="route-remove"),
]
