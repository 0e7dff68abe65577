"""RFC 6238 TOTP: the RFC's own test values, the ±1 step window, no reuse of a used code."""

from __future__ import annotations

import pytest

from accord.core import totp

RFC_SECRET = b"12345678901234567890"  # RFC 6238 appendix B, SHA-1


@pytest.mark.parametrize(
    ("at", "code"),
    [
        (59, "94287082"),
        (1111111109, "07081804"),
        (1111111111, "14050471"),
        (1234567890, "89005924"),
        (2000000000, "69279037"),
        (20000000000, "65353130"),
    ],
)
def test_rfc_6238_vectors(at, code):
    assert totp.totp(RFC_SECRET, at, digits=8) == code
    assert totp.totp(RFC_SECRET, at) == code[-6:]


def test_rfc_4226_hotp_vectors():
    expected = ["755224", "287082", "359152", "969429", "338314", "254676", "287922"]
    assert [totp.hotp(RFC_SECRET, n) for n in range(7)] == expected


def test_a_code_is_accepted_one_step_early_or_late_and_no_further():
    at = 1_700_000_000.0
    code = totp.totp(RFC_SECRET, at)
    step = totp.step_at(at)
    assert totp.verify(RFC_SECRET, code, at) == step
    assert totp.verify(RFC_SECRET, code, at + 30) == step
    assert totp.verify(RFC_SECRET, code, at - 30) == step
    assert totp.verify(RFC_SECRET, code, at + 60) is None
    assert totp.verify(RFC_SECRET, code, at - 60) is None


def test_a_used_code_is_refused_again():
    at = 1_700_000_000.0
    code = totp.totp(RFC_SECRET, at)
    used = totp.verify(RFC_SECRET, code, at)
    assert used is not None
    assert totp.verify(RFC_SECRET, code, at + 5, after_step=used) is None
    later = totp.totp(RFC_SECRET, at + 30)
    assert totp.verify(RFC_SECRET, later, at + 30, after_step=used) == used + 1


@pytest.mark.parametrize("typed", ["", "12345", "1234567", "abcdef", "12 34 5x"])
def test_malformed_codes_are_refused(typed):
    assert totp.verify(RFC_SECRET, typed, 1_700_000_000.0) is None


def test_spaces_in_a_typed_code_are_ignored():
    at = 1_700_000_000.0
    code = totp.totp(RFC_SECRET, at)
    assert totp.verify(RFC_SECRET, f"{code[:3]} {code[3:]}", at) is not None


def test_secrets_round_trip_through_base32_as_people_write_it():
    secret = totp.new_secret()
    assert len(secret) == 32 and secret.isupper()
    raw = totp.decode_secret(secret)
    assert len(raw) == totp.SECRET_BYTES
    grouped = " ".join(secret[i : i + 4] for i in range(0, 32, 4)).lower()
    assert totp.decode_secret(grouped) == raw
    assert totp.new_secret() != secret


def test_provisioning_uri():
    uri = totp.provisioning_uri("JBSWY3DPEHPK3PXP", account="chair@example.org", issuer="accord")
    assert uri == (
        "otpauth://totp/accord%3Achair%40example.org?secret=JBSWY3DPEHPK3PXP&issuer=accord"
        "&algorithm=SHA1&digits=6&period=30"
    )
