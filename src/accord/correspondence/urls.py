from django.urls import path

from . import views

app_name = "correspondence"
urlpatterns = [
    path("", views.placeholder, name="list"),
]
