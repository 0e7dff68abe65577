from django.apps import AppConfig


class ContributionsConfig(AppConfig):
    name = "accord.contributions"
    label = "contributions"
