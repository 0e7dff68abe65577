"""The amendments router on its own API until the lead wires it into accord.api.urls."""

from django.urls import include, path
from ninja import NinjaAPI

from accord.api.amendments import router
from accord.api.errors import install_error_handlers

api = NinjaAPI(title="amendments test API", version="test", urls_namespace="amend-test-api")
install_error_handlers(api)
api.add_router("/", router)

urlpatterns = [path("api/v1/", api.urls), path("", include("accord.urls"))]
