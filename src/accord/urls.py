from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from accord.api.urls import api
from accord.common.health import healthz, readyz
from accord.groups.language import language_choose
from accord.groups.views import invitation_accept_view

# A database busy beyond the views (a middleware saving the session) answers 503, not 500.
handler500 = "accord.common.middleware.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("language/", language_choose, name="language"),
    # One login for the site and the admin: throttled, and with the second step when enrolled.
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="accounts:login", query_string=True),
        name="admin-login",
    ),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("accounts/invitation/<str:token>/", invitation_accept_view, name="invitation-accept"),
    path("accounts/", include("accord.accounts.urls")),
    path("jobs/", include("accord.jobs.urls")),
    path("g/<slug:group_slug>/meetings/", include("accord.meetings.urls")),
    path("g/<slug:group_slug>/contributions/", include("accord.contributions.urls")),
    path("g/<slug:group_slug>/correspondence/", include("accord.correspondence.urls")),
    path("g/<slug:group_slug>/manage/", include("accord.groups.urls")),
    path("g/<slug:group_slug>/consultations/", include("accord.consultations.urls")),
    path("g/<slug:group_slug>/drafts/", include("accord.drafts.urls")),
    path("g/<slug:group_slug>/positions/", include("accord.positions.urls")),
    path("g/<slug:group_slug>/follow-up/", include("accord.outcomes.urls_followup")),
    path("g/<slug:group_slug>/", include("accord.outcomes.urls")),
    path("", include("accord.publish.urls")),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
