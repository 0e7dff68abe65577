"""The secret key: from the environment, or made once for this machine; never a fixed one.

Production must be given ``ACCORD_SECRET_KEY`` (the same on every app server); without it, it
refuses to start and says how to make one. The embedded default (``accord demo``, ``accord
serve`` on one machine) without a key makes a random one in ``VAR_DIR/secret_key`` the first
time and keeps it, so sessions outlive a restart. The key this file once had as a fixed default
is refused whenever DEBUG is off.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

# Once the fixed default of base.py: whoever copied it into their environment is told.
DEV_SECRET_KEY = "dev-insecure-accord-key-change-me-in-production"
ENV = "ACCORD_SECRET_KEY"
HOW = (
    "Set ACCORD_SECRET_KEY to a long random string of your own, the same on every app server, "
    "and keep it secret; for example the output of "
    'python -c "import secrets; print(secrets.token_urlsafe(50))".'
)


def _checked(key: str, *, debug: bool) -> str:
    if key == DEV_SECRET_KEY and not debug:
        raise ImproperlyConfigured(
            f"ACCORD_SECRET_KEY is the development key, which is public; it is refused with "
            f"DEBUG off. {HOW}"
        )
    return key


def required_secret_key() -> str:
    """Production's key: ACCORD_SECRET_KEY, or ImproperlyConfigured saying what to do."""
    key = os.environ.get(ENV, "").strip()
    if not key:
        raise ImproperlyConfigured(f"ACCORD_SECRET_KEY is not set. {HOW}")
    return _checked(key, debug=False)


def secret_key(*, debug: bool, var_dir: Path) -> str:
    """ACCORD_SECRET_KEY when set, else this machine's own key in ``var_dir/secret_key``."""
    key = os.environ.get(ENV, "").strip()
    if key:
        return _checked(key, debug=debug)
    return _local_key(var_dir / "secret_key")


def _local_key(path: Path) -> str:
    try:
        return _read(path)
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write(secrets.token_urlsafe(50) + "\n")
    try:
        os.link(draft, path)  # atomic, and never over a key another process made first
    except FileExistsError:
        pass
    finally:
        draft.unlink()
    return _read(path)


def _read(path: Path) -> str:
    key = path.read_text().strip()
    if not key:
        raise ImproperlyConfigured(f"{path} is empty: delete it to make a new key. {HOW}")
    return key
