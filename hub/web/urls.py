from django.urls import path
from django.views.i18n import set_language

from hub.access.decorators import public
from hub.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("today/", views.today, name="today"),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/setlang/", public(set_language), name="set-language"),
]
