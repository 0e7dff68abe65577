from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "accord.jobs"
    label = "jobs"

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the app's actions)
