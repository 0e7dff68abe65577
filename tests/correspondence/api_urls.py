"""The project's URLs plus the correspondence router under /api/v1/, for the API tests.

The lead wires ``accord.api.correspondence.router`` into ``accord.api.urls``; until then the
router is mounted here on its own NinjaAPI with the project's error handlers.
"""

from django.urls import path
from ninja import NinjaAPI

from accord.api.correspondence import router
from accord.api.errors import install_error_handlers
from accord.urls import urlpatterns as project_urlpatterns

api = NinjaAPI(urls_namespace="test-correspondence-api")
install_error_handlers(api)
api.add_router("/", router)

urlpatterns = [path("api/v1/", api.urls), *project_urlpatterns]
