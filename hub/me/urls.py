"""The volunteer's own pages (namespace ``me:``, under /me/)."""

from django.urls import path

from hub.me import views

app_name = "me"
urlpatterns = [
    path("", views.home, name="home"),
    path("shifts/", views.shifts, name="shifts"),
    path("signups/", views.signups, name="signups"),
    path("hours/", views.hours, name="hours"),
    path("certificates/", views.certificates, name="certificates"),
    path("certificates/request/", views.certificate_request, name="certificate-request"),
    path("calendar/<str:token>.ics", views.calendar, name="calendar"),
]
