"""Subject normalisation for threading by subject."""

from __future__ import annotations

import re

# Reply and forward prefixes in the languages working-group members write in:
# English, German (AW, WG), Nordic (SV, VS), Dutch (Antw), French (TR), Polish (ODP),
# Italian (RIF), Portuguese (RES), Chinese (答复, 回复, 转发, 回覆). Counters such as
# "Re[2]:" or "Re^2:" are allowed, as is a full-width colon.
_REPLY_WORDS = r"re|aw|sv|vs|antw|odp|rif|res|答复|回复|回覆"
_FORWARD_WORDS = r"fwd?|wg|tr|转发|轉發"
_COUNTER = r"(?:\s*\[\d+\]|\s*\(\d+\)|\^\d+)?"
_PREFIX = re.compile(
    rf"^\s*(?:(?:{_REPLY_WORDS}|{_FORWARD_WORDS}){_COUNTER}\s*[:：]|\[[^\]]*\])\s*",
    re.IGNORECASE,
)
_REPLY_OR_FORWARD = re.compile(
    rf"^\s*(?:{_REPLY_WORDS}|{_FORWARD_WORDS}){_COUNTER}\s*[:：]", re.IGNORECASE
)
_TAG = re.compile(r"^\s*\[[^\]]*\]\s*")
_FWD_SUFFIX = re.compile(r"\s*\((?:fwd|fw)\)\s*$", re.IGNORECASE)
_WS = re.compile(r"\s+")


def normalise_subject(subject: str) -> str:
    """The subject without reply/forward prefixes, list tags and extra white space.

    ``"[WG-Report] Re: RE: Fwd:  Draft  report v2"`` → ``"Draft report v2"``. Prefixes
    are removed repeatedly and in any mix; case is kept (comparisons in this package
    use ``casefold()``). A trailing ``(fwd)`` is removed too. Deterministic, never raises.
    """
    text = _WS.sub(" ", subject).strip()
    previous = None
    while previous != text:
        previous = text
        text = _PREFIX.sub("", text, count=1)
        text = _FWD_SUFFIX.sub("", text)
    return text.strip()


def has_reply_prefix(subject: str) -> bool:
    """Whether the subject, after any list tags, starts with a reply or forward prefix."""
    text = subject
    previous = None
    while previous != text:
        previous = text
        text = _TAG.sub("", text, count=1)
    return bool(_REPLY_OR_FORWARD.match(text))
