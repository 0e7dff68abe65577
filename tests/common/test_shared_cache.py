"""With ``REDIS_URL`` every cache is Redis, shared by all app processes: a rate limit counted
in one process holds in another."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REDIS = os.environ.get("ACCORD_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_up() -> bool:
    host, port = "127.0.0.1", 6379
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


pytestmark = pytest.mark.skipif(not _redis_up(), reason="needs Redis on 127.0.0.1:6379")

# One process counts hits for a key through accord's own rate limit (3 a day, so that no
# window ends during the test) and prints whether each was let through.
PROBE = """
import sys, django
django.setup()
from django.conf import settings
from accord.common.errors import RateLimited
from accord.common.ratelimit import rate_limit_hit
print(settings.CACHES["default"]["BACKEND"], settings.CACHES["pages"]["BACKEND"])
for _ in range(int(sys.argv[2])):
    try:
        rate_limit_hit(sys.argv[1], limit=3, window_seconds=86400, message="slow down")
        print("let through")
    except RateLimited:
        print("limited")
"""


def _probe(key: str, hits: int) -> list[str]:
    env = dict(os.environ, REDIS_URL=REDIS, DJANGO_SETTINGS_MODULE="accord.settings.dev")
    env.pop("DATABASE_URL", None)
    out = subprocess.run(
        [sys.executable, "-c", PROBE, key, str(hits)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    return [line for line in out.split("\n") if line]


def test_a_rate_limit_holds_across_processes():
    key = f"test-{uuid.uuid4().hex}"
    first = _probe(key, 2)
    redis = "django.core.cache.backends.redis.RedisCache"
    assert first[0] == f"{redis} {redis}"
    second = _probe(key, 2)  # another process: the count goes on
    assert first[1:] + second[1:] == ["let through"] * 3 + ["limited"]
