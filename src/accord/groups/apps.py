from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "accord.groups"
    label = "groups"
    verbose_name = "Working groups"
