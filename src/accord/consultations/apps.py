from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "accord.consultations"
    label = "consultations"
    verbose_name = "Statement consultations and opinion maps"

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the app's actions)
