from django.apps import AppConfig


class DraftsConfig(AppConfig):
    name = "accord.drafts"
    label = "drafts"
    verbose_name = "Drafts and negotiation"

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the app's actions)
