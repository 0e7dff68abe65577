from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from accord.api.urls import api
from accord.groups.views import invitation_accept_view

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("accounts/invitation/<str:token>/", invitation_accept_view, name="invitation-accept"),
    path("accounts/", include("accord.accounts.urls")),
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
