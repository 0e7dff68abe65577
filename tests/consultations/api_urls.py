"""Serve the consultations router for the API tests until the lead wires it into api/urls.py.

Once ``accord.api.urls`` includes the router, the real API is used as is.
"""

from __future__ import annotations

from django.urls import path
from ninja import NinjaAPI

from accord.api import consultations
from accord.api.errors import install_error_handlers
from accord.api.urls import api
from accord.urls import urlpatterns as main_patterns

WIRED = any(router is consultations.router for _, router in api._routers)

if WIRED:
    urlpatterns = list(main_patterns)
else:
    test_api = NinjaAPI(
        title="consultations test API", version="test", urls_namespace="consult-api"
    )
    install_error_handlers(test_api)
    test_api.add_router("/", consultations.router)
    urlpatterns = [path("api/v1/", test_api.urls), *main_patterns]
