"""Serve the positions router for the API tests until the lead wires it into api/urls.py."""

from __future__ import annotations

from django.urls import path
from ninja import NinjaAPI

from accord.api import positions
from accord.api.errors import install_error_handlers
from accord.api.urls import api
from accord.urls import urlpatterns as main_patterns

WIRED = any(router is positions.router for _, router in api._routers)

if WIRED:
    urlpatterns = list(main_patterns)
else:
    test_api = NinjaAPI(title="positions test API", version="test", urls_namespace="api-test")
    install_error_handlers(test_api)
    test_api.add_router("/", positions.router)
    urlpatterns = [path("api/v1/", test_api.urls), *main_patterns]
