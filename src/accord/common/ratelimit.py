"""A fixed-window rate limit on the cache: enough to stop a script, cheap to check."""

from __future__ import annotations

import time

from django.core.cache import cache

from .errors import RateLimited


def rate_limit_hit(key: str, *, limit: int, window_seconds: int, message: str) -> None:
    """Count one hit for ``key``; raise RateLimited once more than ``limit`` fall in the window."""
    window = int(time.time() // window_seconds)
    cache_key = f"accord:rl:{key}:{window}"
    cache.add(cache_key, 0, timeout=window_seconds + 5)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # evicted between add and incr
        cache.set(cache_key, 1, timeout=window_seconds + 5)
        count = 1
    if count > limit:
        retry_after = window_seconds - int(time.time() % window_seconds)
        raise RateLimited(message, retry_after=retry_after)
