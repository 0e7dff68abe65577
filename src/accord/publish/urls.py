from django.urls import path

from accord.groups.views import group_create_view

from . import views

app_name = "publish"
urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search-all"),
    path("groups/new/", group_create_view, name="group-create"),
    path("g/<slug:slug>/", views.group_overview, name="group"),
    path("g/<slug:slug>/members/", views.members, name="members"),
    path("g/<slug:slug>/search/", views.search, name="search"),
]
