"""Time-based one-time passwords (RFC 6238, over HOTP of RFC 4226), as authenticator apps make
them: HMAC-SHA1, a 30-second step, 6 digits; a code is accepted one step early or late, for
clocks a little apart and codes typed at the turn of a step.

Secrets are bytes; people and apps see them in base32 (RFC 4648, no padding). Pure functions of
the secret and the time (seconds since the epoch): deterministic, no clock read here.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import struct
from urllib.parse import quote, urlencode

STEP_SECONDS = 30
DIGITS = 6
SECRET_BYTES = 20  # 160 bits, as RFC 4226 recommends for SHA-1


def new_secret() -> str:
    """A fresh random secret, in base32 without padding (32 characters)."""
    return base64.b32encode(secrets.token_bytes(SECRET_BYTES)).decode().rstrip("=")


def decode_secret(text: str) -> bytes:
    """Base32 as people write it: any case, spaces and hyphens ignored, padding optional."""
    clean = "".join(text.split()).replace("-", "").upper()
    return base64.b32decode(clean + "=" * (-len(clean) % 8))


def hotp(secret: bytes, counter: int, *, digits: int = DIGITS) -> str:
    """RFC 4226: the ``digits``-digit code for ``counter`` (zero-padded)."""
    mac = hmac.new(secret, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)


def step_at(at: float, *, step: int = STEP_SECONDS) -> int:
    return int(at // step)


def totp(secret: bytes, at: float, *, step: int = STEP_SECONDS, digits: int = DIGITS) -> str:
    """RFC 6238: the code at time ``at`` (seconds since the epoch)."""
    return hotp(secret, step_at(at, step=step), digits=digits)


def verify(
    secret: bytes,
    code: str,
    at: float,
    *,
    after_step: int = -1,
    window: int = 1,
    step: int = STEP_SECONDS,
    digits: int = DIGITS,
) -> int | None:
    """The step whose code ``code`` is (within ``window`` steps of ``at``), or None.

    Steps up to ``after_step`` are refused, so a code once used cannot be used again (pass the
    step a previous success returned). Comparison is in constant time.
    """
    typed = "".join(code.split())
    if len(typed) != digits or not typed.isdigit():
        return None
    now = step_at(at, step=step)
    found = None
    for candidate in range(now - window, now + window + 1):
        if hmac.compare_digest(hotp(secret, candidate, digits=digits), typed):
            found = candidate
    if found is None or found <= after_step:
        return None
    return found


def provisioning_uri(secret_b32: str, *, account: str, issuer: str) -> str:
    """The ``otpauth://`` URI an authenticator app reads (from a QR code or a link)."""
    label = quote(f"{issuer}:{account}", safe="")
    query = urlencode(
        {
            "secret": secret_b32,
            "issuer": issuer,
            "algorithm": "SHA1",
            "digits": DIGITS,
            "period": STEP_SECONDS,
        }
    )
    return f"otpauth://totp/{label}?{query}"
