from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "accord.meetings"
    label = "meetings"

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the app's actions)
