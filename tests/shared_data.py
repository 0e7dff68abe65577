"""Locate the real public data sets in ``../shared/data`` beside the repository.

A user's fresh clone has no ``../shared``; tests that read it skip with a clear reason
instead of failing. Every feature is also covered by tests that need no outside data.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("ACCORD_SHARED_DATA", REPO_ROOT.parent / "shared" / "data"))


def shared_data(*parts: str) -> Path:
    """Return the path to a file or folder under ``../shared/data``, or skip the test."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared data not available: {path} (only present beside the CI checkout)")
    return path
