"""Serve the follow-up pages and API router for the tests until the lead wires them into
accord/urls.py and api/urls.py (each part is added only where it is not wired yet)."""

from __future__ import annotations

from django.urls import include, path
from ninja import NinjaAPI

from accord.api import followup
from accord.api.errors import install_error_handlers
from accord.api.urls import api
from accord.urls import urlpatterns as main_patterns

API_WIRED = any(router is followup.router for _, router in api._routers)
PAGES_WIRED = any(
    getattr(getattr(p, "urlconf_name", None), "__name__", "") == "accord.outcomes.urls_followup"
    for p in main_patterns
)

urlpatterns = list(main_patterns)
if not PAGES_WIRED:
    urlpatterns.insert(
        0, path("g/<slug:group_slug>/follow-up/", include("accord.outcomes.urls_followup"))
    )
if not API_WIRED:
    test_api = NinjaAPI(title="follow-up test API", version="test", urls_namespace="api-test")
    install_error_handlers(test_api)
    test_api.add_router("/", followup.router)
    urlpatterns.insert(0, path("api/v1/", test_api.urls))
