"""Production: the same features as base, with the security settings hardened."""

from .keys import required_secret_key

# First of all: without a key of its own, production stops here and says how to make one.
_SECRET_KEY = required_secret_key()

from .base import *  # noqa: E402, F403

DEBUG = False
SECRET_KEY = _SECRET_KEY
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

# Static files: collected by `accord serve` (or `accord collectstatic`) as hashed, compressed
# copies (gzip) that WhiteNoise serves with a year's cache lifetime; nothing is
# looked up in the app folders at run time.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = False
