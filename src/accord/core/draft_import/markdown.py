"""Reading a draft written in Markdown or plain text into blocks.

- ``#`` headings are headings (kramdown attributes such as ``{:.no_toc}`` and ``* TOC``
  lines are dropped);
- a line starting ``1.`` (or ``3bis.``, ``48 bis.``, ``48 ter)``: see ``classify``) at the
  margin starts a numbered paragraph, and
  indented lines after it — Markdown list continuation — belong to it, so the options
  of a paragraph stay in it; ``(a)`` lines continue the numbered paragraph above;
- a line starting with a UN id (``OP7bis.``, ``PP2:``, also in bold) keeps that id;
- other paragraphs are separated by blank lines;
- HTML comments on lines of their own (``<!-- -->``, also over several lines) and
  kramdown's end-of-block marker ``^`` are never paragraphs: they end the paragraph
  before them (the list breaker ``<!-- -->`` ends one list and starts another), but
  ``(a)`` and indented lines after them still continue a numbered paragraph, as they
  would without the breaker; an unclosed ``<!--`` is kept as text, so no text is lost;
- footnote definitions ``[^n]: …`` (with indented continuation) are collected and given
  to the paragraphs whose markers cite them; reference links ``[text][label]`` whose label
  is defined become inline links ``[text](url)`` so no reader mistakes them for brackets.
"""

from __future__ import annotations

import re

from accord.core.brackets import body_start
from accord.core.draft_import.classify import classify, typed_number
from accord.core.draft_import.model import Block, DraftImportError, ImportedParagraph
from accord.core.messages import gettext_noop
from accord.core.paragraph_ids import InvalidKey, format_key, parse_key

_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")
_KRAMDOWN = re.compile(r"^\s*(\{:[^}]*\}|\*\s+TOC)\s*$")
_ATTR = re.compile(r"\s*\{:[^}]*\}\s*$")
_SUB_ITEM = re.compile(r"^\((?:[a-z]{1,4}|[ivxl]{1,6})\)\s+")
_LABELLED = re.compile(
    r"^(?:\*\*)?((?:PP|OP)\s?\d{1,4}(?:[a-z]{2,9})?(?:alt\d*)?)\s?[.:)](?:\*\*)?\s+", re.I
)
_FOOTDEF = re.compile(r"^\[\^([^\]\s]+)\]:[ \t]?(.*)$")
_REFDEF = re.compile(r"^ {0,3}\[([^\]^][^\]]*)\]:\s*(\S+)(?:\s+\"[^\"]*\")?\s*$")
_REFLINK = re.compile(r"\[([^\[\]]*)\]\[([^\[\]]*)\]")
_ITALIC_START = re.compile(r"^\[?(\*(?!\*)|_(?!_))\S")
_EOB = "^"  # kramdown's end-of-block marker


def _comment_lines(lines: list[str]) -> set[int]:
    """Indices of the lines that hold only HTML comments (``<!-- … -->``, perhaps several
    lines long, perhaps several on a line). As in CommonMark a comment runs to the first
    ``-->``; one that never closes marks nothing (its text is kept). Linear in the lines."""
    out: set[int] = set()
    i = 0
    while i < len(lines):
        rest, j = lines[i].strip(), i
        if not rest.startswith("<!--"):
            i += 1
            continue
        while rest.startswith("<!--"):
            end = rest.find("-->", 2)
            while end < 0 and j + 1 < len(lines):
                j += 1
                rest = lines[j]
                end = rest.find("-->")
            if end < 0:
                return out  # no later line holds "-->": nothing after this closes either
            rest = rest[end + 3 :].strip()
        if not rest:
            out.update(range(i, j + 1))
        i = j + 1  # text after the last "-->": the lines stay text, nothing is lost
    return out


def _indented(line: str) -> bool:
    return line.startswith(("  ", "\t"))


def _dedent(line: str) -> str:
    if line.startswith("\t"):
        return line[1:]
    return line[min(4, len(line) - len(line.lstrip(" "))) :]


def _collect_definitions(lines: list[str]) -> tuple[list[str], dict[str, str], dict[str, str]]:
    """Remove footnote and link definitions; return the body, footnotes and link targets."""
    body: list[str] = []
    footnotes: dict[str, str] = {}
    links: dict[str, str] = {}
    i = 0
    while i < len(lines):
        line = lines[i]
        if m := _FOOTDEF.match(line):
            parts = [m.group(2).strip()]
            i += 1
            # Continuation: indented lines, blank lines between them included.
            while i < len(lines) and (_indented(lines[i]) or not lines[i].strip()):
                nxt = next((ln for ln in lines[i:] if ln.strip()), "")
                if not lines[i].strip() and not _indented(nxt):
                    break
                parts.append(lines[i].strip())
                i += 1
            text = "\n".join(parts).strip()
            text = re.sub(r"\n{2,}", "\n\n", text)
            footnotes.setdefault(m.group(1), text)  # the first definition wins (CommonMark)
            continue
        if m := _REFDEF.match(line):
            links.setdefault(m.group(1).casefold(), m.group(2))
            i += 1
            continue
        body.append(line)
        i += 1
    return body, footnotes, links


def _inline_links(text: str, links: dict[str, str]) -> str:
    def swap(m: re.Match[str]) -> str:
        label = (m.group(2) or m.group(1)).casefold()
        return f"[{m.group(1)}]({links[label]})" if label in links else m.group(0)

    return _REFLINK.sub(swap, text) if links else text


def parse_markdown(text: str) -> tuple[ImportedParagraph, ...]:
    """Paragraphs of a Markdown or plain-text draft (see the module docstring)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text[body_start(text) :]
    body, footnotes, links = _collect_definitions(text.split("\n"))
    blocks: list[Block] = []
    current: dict[str, object] | None = None
    lines: list[str] = []
    blank = False
    broken = False  # a comment or end-of-block marker since the last line of text
    comments = _comment_lines(body)

    def close() -> None:
        nonlocal current, lines
        if current is not None:
            joined = "\n".join(lines).strip()
            joined = re.sub(r"\n{3,}", "\n\n", joined)
            if joined:
                joined = _inline_links(joined, links)
                italic = bool(_ITALIC_START.match(joined))
                blocks.append(Block(text=joined, italic_start=italic, **current))  # type: ignore[arg-type]
        current, lines = None, []

    for index, raw in enumerate(body):
        line = raw.rstrip()
        if _KRAMDOWN.match(line):
            continue
        if index in comments or line.strip() == _EOB:
            broken = True
            continue
        if not line.strip():
            blank = True
            continue
        numbered_open = current is not None and bool(
            current.get("numbered") or current.get("label")
        )
        if m := _HEADING.match(line):
            close()
            current = {"heading": True}
            lines = [_ATTR.sub("", m.group(1))]
            close()
        elif (m := _LABELLED.match(line)) is not None and (key := canonical_label(m.group(1))):
            close()
            current = {"numbered": True, "label": key}
            lines = [line[m.end() :]]
        elif (typed := typed_number(line)) is not None:
            close()
            current = {"numbered": True, "number": typed[0]}
            lines = [line[typed[1] :]]
        elif numbered_open and (_indented(raw) or _SUB_ITEM.match(line)):
            lines.extend(["", _dedent(line)] if blank else [_dedent(line)])
        elif current is not None and not blank and not broken:
            lines.append(line.strip())  # a lazy continuation line
        else:
            close()
            current = {}
            lines = [line.strip()]
        blank = broken = False
    close()
    return classify(blocks, footnotes)


def canonical_label(label: str) -> str | None:
    """The canonical UN id for a label written in a draft, or None if it is not one."""
    try:
        return format_key(parse_key(label))
    except InvalidKey:
        return None


def parse_text_draft(data: bytes) -> tuple[ImportedParagraph, ...]:
    """Decode a Markdown/plain-text upload and read its paragraphs."""
    if b"\x00" in data[:4096]:
        raise DraftImportError(
            gettext_noop("This file is not text: upload a Word (.docx) or Markdown file.")
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DraftImportError(
            gettext_noop("This text file is not UTF-8; save it as UTF-8 and retry.")
        ) from error
    return parse_markdown(text)
