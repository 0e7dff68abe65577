"""Just enough HTML-to-text for HTML-only mail and hypermail pages, in linear time.

The stdlib's ``html.parser`` was used before; on Python before 3.13.4 it is quadratic on
unclosed constructs (a 50 kB body of "<a " took 80 s, of "<!--" 5 s): at the end of the
input it parses each one to the end again. This tokenizer follows that parser's rules
with its own patterns (the same text for the same well-formed markup: tags out, block
elements on their own lines, scripts and styles skipped, character references decoded;
a construct that never closes is shown as text up to the next ">" or "<"), but reads each
character a bounded number of times: a search for a closing marker either consumes what
it found or is remembered as failed for the rest of the text, and the scans of start
tags, which may run past a ">" inside a quoted value, have a budget proportional to the
text, after which a start tag simply ends at its first ">".
"""

from __future__ import annotations

import html as entities
import re

_BLOCK_TAGS = frozenset(
    {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre"}
)
_SKIP_TAGS = frozenset({"script", "style", "head", "title"})
# Elements whose content is raw text up to their end tag, as html.parser reads them.
_RAW_TEXT = {name: re.compile(rf"</\s*{name}\s*>", re.IGNORECASE) for name in ("script", "style")}
_OPENER = re.compile(r"<[a-zA-Z/!?]")  # where markup may begin; any other "<" is text
# Tags as html.parser reads them: a name, then attributes that begin after white space, a
# "/" or a quote, each with an optional value after "=" (quoted with ' or ", or bare).
_NAME = r"[a-zA-Z][^\t\n\r\f />\x00]*"
_GAP = r"(?:\s|/(?!>))*"
_VALUE = r"""\s*=+\s*(?:'[^']*'|"[^"]*"|(?!['"])[^>\s]*)"""
_ATTRIBUTE_NAME = r"""(?<=['"\s/])[^\s/>][^\s/=>]*"""
_TAG_NAME = re.compile(rf"({_NAME}){_GAP}")
_ATTRIBUTE = re.compile(rf"{_ATTRIBUTE_NAME}(?:{_VALUE})?{_GAP}")
_START_TAG_END = re.compile(rf"<{_NAME}(?:[\s/]*(?:{_ATTRIBUTE_NAME}(?:{_VALUE}\s*)?{_GAP})*)?\s*")
_WHOLE_END_TAG = re.compile(r"</\s*([a-zA-Z][-.a-zA-Z0-9:_]*)\s*>")
_GT = re.compile(">")
_COMMENT_END = re.compile(r"--\s*>")
_SECTION_END = re.compile(r"]\s*]\s*>")
_MS_SECTION_END = re.compile(r"]\s*>")
_SECTION_NAME = re.compile(r"[a-zA-Z][-_.a-zA-Z0-9]*\s*")
_INCOMPLETE_AFTER_TAG = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ=/")
_BLANK_LINES = re.compile(r"\n{3,}")
# The start-tag scans of one call may read this many characters per character of text
# (plus a constant) before start tags are cut at their first ">".
_SCAN_BUDGET = 4
# Longer empty-looking tags ("<... />") are taken as empty without reading each attribute.
_EMPTY_TAG_SCAN = 4096
_SCAN_ALLOWANCE = 1 << 20


class _Search:
    """``pattern.search`` from positions that only grow, each answer reused while it
    holds: a marker found at k is found again from any start up to k, and a marker
    missing from some start is missing from every later one."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.known: dict[re.Pattern[str], tuple[int, re.Match[str] | None]] = {}

    def __call__(self, pattern: re.Pattern[str], start: int) -> re.Match[str] | None:
        known = self.known.get(pattern)
        if known is not None:
            since, found = known
            if start >= since and (found is None or start <= found.start()):
                return found
        found = pattern.search(self.text, start)
        self.known[pattern] = (start, found)
        return found


class _Text:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.skipping = 0

    def data(self, text: str, *, raw: bool = False) -> None:
        if text and not self.skipping:
            self.parts.append(text if raw else entities.unescape(text))

    def start(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def end(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")


class _Tokenizer:
    def __init__(self, html: str) -> None:
        self.html = html
        self.search = _Search(html)
        self.out = _Text()
        self.scan_left = _SCAN_BUDGET * len(html) + _SCAN_ALLOWANCE

    def run(self) -> str:
        html, n, i = self.html, len(self.html), 0
        while i < n:
            opener = _OPENER.search(html, i)
            if opener is None or self.search(_GT, opener.start()) is None:
                # Nothing can close from here on: the rest is text, as each unclosed
                # construct would show itself up to the next "<".
                self.out.data(html[i:])
                break
            self.out.data(html[i : opener.start()])
            i = opener.start()
            following = html[i + 1]
            if following.isalpha():
                i = self.start_tag(i)
            elif following == "/":
                i = self.end_tag(i)
            elif html.startswith("<!--", i):
                i = self.until(i, _COMMENT_END, i + 4)
            elif html.startswith("<![", i):
                i = self.marked_section(i)
            elif following == "!" and html[i : i + 9].lower() == "<!doctype":
                i = self.until(i, _GT, i + 9)
            else:  # "<?" or a bogus "<!"
                i = self.until(i, _GT, i + 2)
        return _tidy("".join(self.out.parts))

    def until(self, i: int, closing: re.Pattern[str], start: int) -> int:
        """Skip the construct at ``i`` up to ``closing``, or show it as text if it never
        closes."""
        found = self.search(closing, start)
        return found.end() if found else self.unclosed(i)

    def unclosed(self, i: int) -> int:
        gt = self.search(_GT, i + 1)
        if gt is not None:
            end = gt.end()
        else:
            lt = self.html.find("<", i + 1)
            end = lt if lt >= 0 else len(self.html)
        self.out.data(self.html[i:end])
        return end

    def marked_section(self, i: int) -> int:
        name = _SECTION_NAME.match(self.html, i + 3)
        keyword = name.group().strip().lower() if name else ""
        if keyword in {"temp", "cdata", "ignore", "include", "rcdata"}:
            return self.until(i, _SECTION_END, i + 3)
        if keyword in {"if", "else", "endif"}:
            return self.until(i, _MS_SECTION_END, i + 3)
        return self.until(i, _GT, i + 2)  # html.parser stops there; the rest is kept

    def start_tag(self, i: int) -> int:
        html, n = self.html, len(self.html)
        gt = self.search(_GT, i + 1)
        assert gt is not None  # run() checked that a ">" follows
        if self.scan_left > 0:
            located = _START_TAG_END.match(html, i)
            j = located.end() if located else i + 1
            self.scan_left -= j - i
            following = html[j : j + 1]
            if following == ">":
                end, tag = j + 1, True
            elif following == "/" and html.startswith("/>", j):
                end, tag = j + 2, True
            elif not following or following in _INCOMPLETE_AFTER_TAG:
                return self.unclosed(i)
            else:  # html.parser shows such a tag as text
                end, tag = max(j, i + 1), False
        else:
            end, tag = gt.end(), True
        named = _TAG_NAME.match(html, i + 1)
        name = str(named.group(1)).lower() if named else ""
        rest = ">"
        if html[end - 2 : end] == "/>" and end - i <= _EMPTY_TAG_SCAN:
            # Read the attributes as html.parser does: "/>" ends an empty tag, but not
            # when the "/" belongs to a bare value (<a href=x/>).
            k = named.end() if named else i + 1
            while k < end and (attribute := _ATTRIBUTE.match(html, k)):
                k = attribute.end()
            rest = html[k:end].strip()
        elif html[end - 2 : end] == "/>":
            rest = "/>"
        if not tag or rest not in (">", "/>"):
            self.out.data(html[i:end], raw=True)
            return end
        self.out.start(name)
        if rest == "/>":
            self.out.end(name)
            return end
        raw = _RAW_TEXT.get(name)
        if raw is None:
            return end
        closing = raw.search(html, end)
        if closing is None:
            return n  # html.parser keeps an unclosed script's text to itself
        self.out.data(html[end : closing.start()], raw=True)
        return closing.start()

    def end_tag(self, i: int) -> int:
        html = self.html
        gt = self.search(_GT, i + 1)
        assert gt is not None
        whole = _WHOLE_END_TAG.match(html, i)
        if whole is not None:
            self.out.end(str(whole.group(1)).lower())
            return whole.end()
        named = _TAG_NAME.match(html, i + 2)
        if named is None:
            return i + 3 if html.startswith("</>", i) else self.until(i, _GT, i + 2)
        after = self.search(_GT, named.end())
        self.out.end(str(named.group(1)).lower())
        return after.end() if after else len(html)


def html_to_text(html: str) -> str:
    """Text of an HTML fragment, one line per block element. Linear in ``len(html)``."""
    return _Tokenizer(html).run()


def _tidy(text: str) -> str:
    lines = [line.strip() for line in text.splitlines()]
    joined = _BLANK_LINES.sub("\n\n", "\n".join(lines))
    return joined.strip("\n") + "\n" if joined.strip() else ""
