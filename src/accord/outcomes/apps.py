from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutcomesConfig(AppConfig):
    name = "accord.outcomes"
    label = "outcomes"
    verbose_name = _("Decision and outcome")

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the app's actions)
