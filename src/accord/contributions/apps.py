from django.apps import AppConfig


class ContributionsConfig(AppConfig):
    name = "accord.contributions"
    label = "contributions"
    verbose_name = "Calls and contributions"

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the app's actions)
