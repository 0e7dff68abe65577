"""URLs for the API tests: the meetings router on its own API until the lead wires it in.

Mounted before the project's URLs, so ``/api/v1/groups/{slug}/meetings…`` reaches the router
whether or not ``accord.api.urls`` already includes it (a router may be mounted on two APIs).
"""

from django.urls import include, path
from ninja import NinjaAPI

from accord.api.errors import install_error_handlers
from accord.api.meetings import router

api = NinjaAPI(title="meetings test API", version="test", urls_namespace="meetings-test-api")
install_error_handlers(api)
api.add_router("/", router)

urlpatterns = [
    path("api/v1/", api.urls),
    path("", include("accord.urls")),
]
