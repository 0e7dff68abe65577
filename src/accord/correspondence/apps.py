from django.apps import AppConfig


class CorrespondenceConfig(AppConfig):
    name = "accord.correspondence"
    label = "correspondence"
    verbose_name = "Correspondence"

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the app's actions)
