"""The readable text of a message: the plain-text part, decoded."""

from __future__ import annotations

from email.message import Message

from accord.core.mail.headers import decode_bytes
from accord.core.mail.html import html_to_text

__all__ = ["extract_body", "html_to_text"]

# The stdlib undoes uuencoding line by line in Python; a large uuencoded part is kept as
# it is (such parts are attachments, whose text nobody reads here).
_UUENCODE = frozenset({"x-uuencode", "uuencode", "uue", "x-uue"})
_MAX_UUENCODED = 1024 * 1024


def _is_attachment(part: Message) -> bool:
    disposition = part.get_content_disposition()
    return disposition == "attachment" or (disposition is None and bool(part.get_filename()))


def _leaf_parts(message: Message) -> list[Message]:
    # Message.walk() recurses without a depth limit; a hostile archive could nest
    # multiparts deep enough to matter, and we only need the leaves.
    leaves: list[Message] = []
    stack: list[Message] = [message]
    while stack:
        part = stack.pop()
        # Not get_payload() on a leaf: for raw 8-bit text it decodes the whole payload
        # with the declared charset, whatever that costs.
        if part.is_multipart():
            payload = part.get_payload()
            stack.extend(reversed([p for p in payload if isinstance(p, Message)]))
        else:
            leaves.append(part)
    return leaves


def _part_text(part: Message) -> str:
    encoding = str(part.get("content-transfer-encoding", "")).strip().lower()
    raw = getattr(part, "_payload", None)
    if encoding in _UUENCODE and isinstance(raw, str) and len(raw) > _MAX_UUENCODED:
        return decode_bytes(raw.encode("ascii", "surrogateescape"), part.get_content_charset())
    data = part.get_payload(decode=True)
    if isinstance(data, bytes):
        return decode_bytes(data, part.get_content_charset())
    payload = part.get_payload()
    return payload if isinstance(payload, str) else ""


def extract_body(message: Message) -> str:
    """Decoded text of ``message``: the first inline text/plain part, else HTML as text.

    Falls back to any text part and finally to the raw payload, so a message always
    yields some text. Quoted-printable and base64 are undone, the charset applied with
    fallbacks, ``\\r\\n`` becomes ``\\n``; nothing else is removed.
    """
    leaves = _leaf_parts(message)
    inline = [p for p in leaves if not _is_attachment(p)]
    choice: str | None = None
    for wanted in ("text/plain", "text/html"):
        found = next((p for p in inline if p.get_content_type() == wanted), None)
        if found is not None:
            text = _part_text(found)
            choice = html_to_text(text) if wanted == "text/html" else text
            break
    if choice is None:
        # A message whose only parts are odd types (or declared multipart without a
        # boundary) still has a readable payload more often than not.
        found = next((p for p in inline if p.get_content_maintype() == "text"), None)
        choice = _part_text(found if found is not None else message)
    return choice.replace("\r\n", "\n").replace("\r", "\n")
