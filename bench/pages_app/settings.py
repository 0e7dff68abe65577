"""The project's settings with DEBUG off (no query log), and the naive page's URL."""

from accord.settings.dev import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "pages_app.urls"
