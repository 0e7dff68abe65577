from django.apps import AppConfig


class PublishConfig(AppConfig):
    name = "accord.publish"
    label = "publish"
