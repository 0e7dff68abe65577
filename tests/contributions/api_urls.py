"""Serve the contributions router for the API tests until the lead wires it into api/urls.py.

Once ``accord.api.urls`` includes the router, the real API is used as is.
"""

from __future__ import annotations

from django.urls import path
from ninja import NinjaAPI

from accord.api import contributions
from accord.api.errors import install_error_handlers
from accord.api.urls import api
from accord.urls import urlpatterns as main_patterns

WIRED = any(router is contributions.router for _, router in api._routers)

if WIRED:
    urlpatterns = list(main_patterns)
else:
    test_api = NinjaAPI(title="contributions test API", version="test", urls_namespace="api-test")
    install_error_handlers(test_api)
    test_api.add_router("/", contributions.router)
    urlpatterns = [path("api/v1/", test_api.urls), *main_patterns]
