"""The product's URLs plus the ratio bench's bare reference views (bench/web/bare.py)."""

from django.urls import include, path

from bench.web.bare import BareInsert, BareRead

urlpatterns = [
    path("bench/bare/insert/", BareInsert.as_view()),
    path("bench/bare/read/", BareRead.as_view()),
    path("", include("config.urls")),
]
