from django.apps import AppConfig


class CorrespondenceConfig(AppConfig):
    name = "accord.correspondence"
    label = "correspondence"
