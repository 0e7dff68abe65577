"""Fast, isolated settings for the test suite (cookiecutter-django's recipe)."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="accord-test-media-"))
# Jobs run at once, inside the request; tests of the real worker start `accord worker`.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Tests write rows through factories, without audit events: pages must be drawn afresh each
# time. tests/groups/test_pagecache.py turns the cache on where it is the subject.
ACCORD_PAGE_CACHE_SECONDS = 0
# Each test run keeps its caches to itself, even where REDIS_URL is set for the machine
# (tests/common/test_shared_cache.py starts processes of its own with Redis).
CACHES = {
    alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": alias}
    for alias in ("default", "pages")
}
