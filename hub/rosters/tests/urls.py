"""The project's URLs plus /rosters/ and the roster API, for tests run before the lead mounts
them in config/urls.py and hub/api/urls.py (once mounted, this adds nothing)."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from config.urls import urlpatterns as project
from hub.api import urls as api_urls
from hub.rosters import api as rosters_api

mounted = any(getattr(p, "namespace", None) == "rosters" for p in project)
if rosters_api in api_urls.PARTS:
    api_patterns = api_urls.urlpatterns
else:
    router = DefaultRouter()
    for prefix, viewset, basename in api_urls.router.registry:
        router.register(prefix, viewset, basename=basename)
    rosters_api.register(router)
    old = api_urls.router.urls
    api_patterns = [
        *[p for p in api_urls.urlpatterns if p not in old],
        *rosters_api.urlpatterns,
        *router.urls,
    ]
urlpatterns = [
    *([] if mounted else [path("rosters/", include("hub.rosters.urls"))]),
    path("api/v1/", include((api_patterns, "api"))),
    *[p for p in project if getattr(p, "namespace", None) != "api"],
]
