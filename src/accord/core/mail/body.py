"""The readable text of a message: the plain-text part, decoded."""

from __future__ import annotations

from email.message import Message
from html.parser import HTMLParser

from accord.core.mail.headers import decode_bytes

_BLOCK_TAGS = frozenset(
    {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre"}
)
_SKIP_TAGS = frozenset({"script", "style", "head", "title"})


class _TextExtractor(HTMLParser):
    """Just enough HTML-to-text for HTML-only mail: tags out, blocks on their own lines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Text of an HTML fragment, one line per block element."""
    parser = _TextExtractor()
    try:
        parser.feed(html)
        parser.close()
    except AssertionError:
        # Python < 3.13 raises AssertionError on malformed "<![...]" sections; the text
        # gathered so far is still the best we can show.
        pass
    lines = [line.strip() for line in "".join(parser.parts).splitlines()]
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip("\n") + "\n" if text.strip() else ""


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
        payload = part.get_payload()
        if part.is_multipart() and isinstance(payload, list):
            stack.extend(reversed([p for p in payload if isinstance(p, Message)]))
        else:
            leaves.append(part)
    return leaves


def _part_text(part: Message) -> str:
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
