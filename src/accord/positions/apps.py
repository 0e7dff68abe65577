from django.apps import AppConfig


class PositionsConfig(AppConfig):
    name = "accord.positions"
    label = "positions"
    verbose_name = "Positions and paragraph status"

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the app's actions)
