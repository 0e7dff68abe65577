"""Decoding of the header fields that archives get wrong in many different ways.

Archives are hostile input: LISTSERV exports without angle brackets, pipermail hides
addresses as ``user at host``, old mailers put raw 8-bit bytes in headers. These helpers
work on the raw header text and never raise; the stdlib's ``email.policy.default`` header
objects are not used because their parser raises on some malformed values.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

_ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=")
_SPACE_BETWEEN_WORDS = re.compile(r"(=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=)\s+(?==\?)")
_FOLD = re.compile(r"\r?\n")
_WS = re.compile(r"\s+")
_SURROGATE = re.compile("[\udc80-\udcff]")

# ``user at host`` and friends, as Mailman 2 and web archives write addresses. The host must
# contain a dot (or `` dot ``), so that ordinary prose such as "meet at noon" is left alone.
_OBF_AT = r"(?:\s+at\s+|\s*\(at\)\s*|\s*\[at\]\s*)"
_OBF_DOT = r"(?:\.|\s+dot\s+|\s*\(dot\)\s*|\s*\[dot\]\s*)"
# The patterns below start a token only where a run of its characters starts (a
# look-behind) and take the run whole (possessive): tried at every position of a long run,
# a pattern such as "[\w.+'-]+ at" runs to the run's end each time, which is quadratic.
_OBF_DOMAIN = rf"{_OBF_AT}([\w-]+(?:{_OBF_DOT}[\w-]+)+)"
_OBFUSCATED = re.compile(rf"(?<![\w.+'-])([\w.+'-]++){_OBF_DOMAIN}", re.IGNORECASE)
_OBFUSCATED_HERE = re.compile(rf"([\w.+'-]++){_OBF_DOMAIN}", re.IGNORECASE)
_OBF_RUN = re.compile(r"[\w.+'-]*+")
_DOT_WORD = re.compile(_OBF_DOT, re.IGNORECASE)

_SPACE = re.compile(r"\s*+")
_NON_SPACE = re.compile(r"\S*+")
_ANGLE_ADDR = re.compile(r"<\s*(?:mailto:)?([^<>\s@]+@[^<>\s]+)\s*>")
_BARE_ADDR = re.compile(r"(?:mailto:)?(?<![^\s<>()\"',;:])([^\s<>()\"',;:]+@[^\s<>()\"',;:]+)")
_MSGID_BRACKETED = re.compile(r"<([^<>\s]+)>")


def fix_surrogates(text: str) -> str:
    """Turn raw 8-bit header bytes (kept by the parser as surrogate escapes) into text.

    UTF-8 is tried first because it is what such bytes usually are today; latin-1 cannot
    fail, which is the fallback the old archives need.
    """
    if not _SURROGATE.search(text):
        return text
    raw = text.encode("utf-8", "surrogateescape")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


# Text codecs whose decoding is quadratic (punycode inserts each character into a list);
# no mail is written in them, so they are treated as unknown.
_SLOW_CODECS = frozenset({"punycode", "idna"})


def decode_bytes(data: bytes, charset: str | None) -> str:
    """Decode ``data`` with its declared charset, falling back without ever raising.

    A known charset decodes with replacement characters for the odd bad byte; an
    unknown or missing (or ASCII, often a lie) charset tries UTF-8 and then latin-1.
    """
    name = (charset or "").strip().strip("\"'").lower()
    if name and name not in {"us-ascii", "ascii", "unknown-8bit", "x-unknown"}:
        try:
            if codecs.lookup(name).name not in _SLOW_CODECS:
                return data.decode(name, "replace")
        except (LookupError, ValueError):
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _decode_word(match: re.Match[str]) -> str:
    charset, encoding, payload = match.group(1), match.group(2).lower(), match.group(3)
    charset = charset.split("*", 1)[0]  # RFC 2231 language suffix: utf-8*en
    try:
        if encoding == "b":
            data = base64.b64decode(payload + "=" * (-len(payload) % 4), validate=True)
        else:
            data = binascii.a2b_qp(payload.encode("ascii"), header=True)
    except (binascii.Error, ValueError, UnicodeEncodeError):
        return match.group(0)
    return decode_bytes(data, charset)


def decode_header_text(raw: str | None) -> str:
    """Unfold a raw header value and decode its RFC 2047 encoded words."""
    if not raw:
        return ""
    text = fix_surrogates(_FOLD.sub("", raw))
    # RFC 2047: white space between two adjacent encoded words is not displayed.
    text = _SPACE_BETWEEN_WORDS.sub(r"\1", text)
    return _ENCODED_WORD.sub(_decode_word, text).strip()


def collapse_whitespace(text: str) -> str:
    """Runs of white space (including folded continuation lines) become one space."""
    return _WS.sub(" ", text).strip()


def deobfuscate_address(text: str) -> str:
    """Undo archive address hiding: ``"jane at example dot org"`` → ``"jane@example.org"``.

    Also understands ``(at)``/``[at]`` and ``(dot)``/``[dot]``. Works on a bare address or
    inside a longer string (``"jane at example.org (Jane Doe)"``); text without an
    obfuscated address is returned stripped but otherwise unchanged. Case is kept.
    Linear in the length of ``text``.
    """
    parts: list[str] = []
    done = 0
    while True:
        match = _OBFUSCATED.search(text, done)
        if done and (match is None or match.start() > done):
            # Right after an address the old left-to-right replacement also began a local
            # part after an apostrophe in the same run ("a at b.org'c at d.org").
            run_end = _OBF_RUN.match(text, done)
            quote = text.find("'", done, run_end.end() if run_end else done)
            if quote >= 0 and (here := _OBFUSCATED_HERE.match(text, quote + 1)):
                match = here
        if match is None:
            break
        parts += (text[done : match.start()], match.group(1), "@")
        parts.append(_DOT_WORD.sub(".", match.group(2)))
        done = match.end()
    if not parts:
        return text.strip()
    parts.append(text[done:])
    return "".join(parts).strip()


def _address_with_comment(text: str) -> tuple[str, str] | None:
    """``"a@b (Name)"`` → ``("a@b", "Name")``: what ``^\\s*(\\S+@\\S+)\\s*\\((.*)\\)\\s*$``
    matched, found without its backtracking (cubic on "a@(a@(a@(...")."""
    first = _SPACE.match(text)
    start = first.end() if first else 0
    end = len(text.rstrip())
    if end - start < 5 or text[end - 1] != ")":
        return None
    token = _NON_SPACE.match(text, start)
    token_end = token.end() if token else start
    at = text.find("@", start + 1, token_end)
    if at < 0:
        return None
    # The address is as long as it can be: the whole first token when "(" follows it after
    # white space, else up to the last "(" inside the token.
    gap = _SPACE.match(text, token_end)
    opening = gap.end() if gap else token_end
    if token_end < end and at < token_end - 1 and opening <= end - 2 and text[opening] == "(":
        return text[start:token_end], text[opening + 1 : end - 1]
    inner = text.rfind("(", start, min(token_end, end - 1))
    if inner > at + 1:
        return text[start:inner], text[inner + 1 : end - 1]
    return None


def _clean_name(name: str) -> str:
    name = _ANGLE_ADDR.sub("", name)
    name = collapse_whitespace(name)
    # Strip quoting and list-server decoration repeatedly: '"Doe, Jane"' or ("Jane").
    # By moving two ends inward: slicing afresh at each layer is quadratic in the layers.
    start, end = 0, len(name)
    while True:
        before = (start, end)
        for chars in (None, "\"'", None):
            while start < end and (
                name[start].isspace() if chars is None else name[start] in chars
            ):
                start += 1
            while end > start and (
                name[end - 1].isspace() if chars is None else name[end - 1] in chars
            ):
                end -= 1
        if end - start >= 2 and name[start] == "(" and name[end - 1] == ")":
            start, end = start + 1, end - 1
        if (start, end) == before:
            return name[start:end]


def _clean_address(address: str) -> str:
    return address.strip().strip("<>\"'.,;:").lower()


def parse_sender(raw: str | None) -> tuple[str, str]:
    """Return ``(name, email)`` from a From header in any of the forms archives use.

    Handles ``Name <a@b>``, ``a@b (Name)``, pipermail's ``a at b (Name)`` and LISTSERV's
    ``"Name"   a@B``. The email is lower-cased; a name that is only the address again is
    dropped. Missing parts are ``""``.
    """
    text = deobfuscate_address(decode_header_text(raw))
    if not text:
        return "", ""
    comment = _address_with_comment(text)
    if comment:
        address, name = comment
    elif angle := _ANGLE_ADDR.search(text):
        address = angle.group(1)
        name = text[: angle.start()] + text[angle.end() :]
    elif bare := _BARE_ADDR.findall(text):
        # LISTSERV writes '"Name"   address'; the address is the last token.
        address = bare[-1]
        name = text[: text.rfind(address)]
    else:
        return _clean_name(text), ""
    email = _clean_address(address)
    name = _clean_name(name)
    if _clean_address(name) == email:
        name = ""
    return name, email


def normalise_message_id(raw: str | None) -> str | None:
    """First message id in a header, as ``<id>``; ``None`` if there is none."""
    ids = parse_message_ids(raw)
    return ids[0] if ids else None


def parse_message_ids(raw: str | None) -> tuple[str, ...]:
    """All message ids in a References-like header, in order, each as ``<id>``.

    Bracketed ids win; without any brackets (LISTSERV exports), each token with an ``@``
    is an id, and a single token without one is still taken for Message-ID's sake.
    """
    if not raw:
        return ()
    text = fix_surrogates(_FOLD.sub(" ", raw))
    found = _MSGID_BRACKETED.findall(text)
    if not found:
        tokens = text.split()
        found = [t for t in tokens if "@" in t] or tokens[:1]
    result: dict[str, None] = {}  # ordered and de-duplicated in linear time
    for token in found:
        token = token.strip().strip("<>")
        if token:
            result.setdefault(f"<{token}>")
    return tuple(result)


def parse_date(raw: str | None) -> datetime | None:
    """Parse a Date header to aware UTC; ``None`` when it cannot be read.

    A date without a zone (pipermail's ``Thu Nov  1 11:19:12 2001``) is taken as UTC:
    the archive does not say which zone the list server ran in.
    """
    if not raw:
        return None
    text = collapse_whitespace(fix_surrogates(raw))
    try:
        parsed = parsedate_to_datetime(text)
        if parsed.tzinfo is None:
            return parsed.replace(tzinfo=UTC)
        return parsed.astimezone(UTC)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
