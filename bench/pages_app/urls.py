from django.urls import include, path

from .naive import naive_negotiation

urlpatterns = [
    path("bench/naive/<slug:group_slug>/<slug:report_slug>/<int:number>/", naive_negotiation),
    path("", include("accord.urls")),
]
