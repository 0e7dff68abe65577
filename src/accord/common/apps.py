from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "accord.common"
    label = "common"
    verbose_name = "Shared kernel"
