"""A standalone, accessible HTML file of a version: no scripts, no external resources."""

from __future__ import annotations

from html import escape

from accord.core.export.model import (
    ExportDocument,
    ExportParagraph,
    eid_for_key,
    is_rtl,
    language_name,
)
from accord.core.export.tokens import CloseTok, Laid, NoteTok, OpenTok, TextTok, layout

_CSS = """
body { font-family: "Times New Roman", "DejaVu Serif", serif; max-width: 46rem;
       margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #111; }
.doc-header { display: flex; justify-content: space-between; border-bottom: 2px solid #111;
              padding-bottom: .5rem; margin-bottom: 1.5rem; }
.doc-header dl { margin: 0; } .doc-header dt { font-weight: bold; }
.doc-header dd { margin: 0 0 .25rem 0; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.15rem; margin-top: 1.5rem; }
p.pp, p.text { text-indent: 2.5rem; }
p.op { display: grid; grid-template-columns: 3rem 1fr; }
.bracket { background: #fff3bf; outline: 1px dotted #a07800; }
.bracket .bracket { background: #ffe066; }
.key { color: #555; font-size: .8em; margin-inline-start: .5rem; }
footer { border-top: 1px solid #999; margin-top: 2rem; font-size: .9rem; }
.subtitle { font-weight: bold; } .preface { font-style: italic; }
.remarks { margin: -.5rem 0 .5rem 2.5rem; font-size: .9rem; color: #333; }
.remarks p { margin: 0; }
ul.proposals { margin: 0 0 1rem 2.5rem; padding-inline-start: 1rem; }
ul.proposals li { margin-bottom: .4rem; } ul.proposals .depth-1 { margin-inline-start: 1.5rem; }
.proposals del { color: #8b0000; } .proposals ins { color: #00527a; font-weight: bold; }
.attribution { display: block; font-size: .9rem; }
.hash { font-family: monospace; word-break: break-all; }
"""


def _inline(laid: Laid, *, italic_first_word: bool = False) -> str:
    parts: list[str] = []
    pending_italic = italic_first_word
    for token in laid.tokens:
        if isinstance(token, TextTok):
            text = token.text
            if pending_italic and text.strip():
                stripped = text.lstrip()
                lead = text[: len(text) - len(stripped)]
                word, sep, rest = stripped.partition(" ")
                parts.append(f"{escape(lead)}<em>{escape(word)}</em>{escape(sep + rest)}")
                pending_italic = False
            else:
                parts.append(escape(text))
        elif isinstance(token, OpenTok):
            parts.append(f'<span class="bracket" data-depth="{token.depth}">{escape(token.mark)}')
        elif isinstance(token, CloseTok):
            parts.append(f"{escape(token.mark)}</span>")
        elif isinstance(token, NoteTok):
            n = token.number
            parts.append(
                f'<sup><a href="#note-{n}" id="noteref-{n}" role="doc-noteref"'
                f' aria-label="Note {n}">{n}</a></sup>'
            )
    return "".join(parts)


def _compilation(item: ExportParagraph) -> str:
    """A compilation text's remarks and proposals under their paragraph."""
    parts: list[str] = []
    if item.remarks:
        lines = "".join(f"<p>{escape(line)}</p>" for line in item.remarks)
        parts.append(f'<div class="remarks">{lines}</div>')
    if item.proposals:
        rows: list[str] = []
        for proposal in item.proposals:
            head = escape(" ".join(x for x in (proposal.ref, proposal.action) if x))
            change = "".join(
                f"<del>{escape(text)}</del>"
                if tag == "delete"
                else f"<ins>{escape(text)}</ins>"
                if tag == "insert"
                else escape(text)
                for tag, text in proposal.change
            )
            status = f" <em>({escape(proposal.status)})</em>" if proposal.status else ""
            who = "".join(
                f'<span class="attribution"><em>{escape(a.label)}:</em> '
                f"{escape(', '.join(a.names))}</span>"
                for a in proposal.attributions
            )
            sep = ": " if change else ""
            rows.append(
                f'<li class="depth-{proposal.depth}"><strong>{head}</strong>{sep}{change}'
                f"{status}{who}</li>"
            )
        parts.append(f'<ul class="proposals">{"".join(rows)}</ul>')
    return "".join(parts)


def to_html(document: ExportDocument) -> bytes:
    """The version as one UTF-8 HTML5 file; all text is escaped, brackets are marked up."""
    lang = document.language or "en"
    direction = "rtl" if is_rtl(lang) else "ltr"
    laid = layout(document)
    title = escape(document.title)
    meta: list[tuple[str, str]] = []
    if document.symbol:
        meta.append(("Symbol", document.symbol))
    if document.date:
        meta.append(("Date", document.date.isoformat()))
    meta.append(("Original", language_name(document.original_language)))
    if document.version_label:
        meta.append(("Version", document.version_label))
    if document.status:
        meta.append(("Status", document.status))
    head_items = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in meta)

    front = "".join(
        [f'<p class="subtitle">{escape(document.subtitle)}</p>\n' if document.subtitle else ""]
        + [f'<p class="preface">{escape(line)}</p>\n' for line in document.preface]
    )
    body: list[str] = []
    for item in laid:
        p = item.paragraph
        anchor = escape(eid_for_key(p.key))
        after = _compilation(p)
        key = f'<span class="key" aria-hidden="true">{escape(p.key)}</span>'
        if p.kind == "heading":
            body.append(f'<h2 id="{anchor}">{_inline(item)}</h2>')
        elif p.kind == "op":
            body.append(
                f'<p class="op" id="{anchor}" data-key="{escape(p.key)}">'
                f'<span class="num">{escape(item.number)}</span>'
                f"<span>{_inline(item)}{key}</span></p>"
            )
        else:
            body.append(
                f'<p class="{p.kind}" id="{anchor}" data-key="{escape(p.key)}">'
                f"{_inline(item, italic_first_word=p.kind == 'pp')}{key}</p>"
            )
        if after:
            body.append(after)
    notes = [note for item in laid for note in item.notes]
    notes_html = ""
    if notes:
        rows = "".join(
            f'<li id="note-{n.number}" value="{n.number}" class="note-{n.kind}">{escape(n.text)}'
            f' <a href="#noteref-{n.number}" aria-label="Back to the text">↩</a></li>'
            for n in notes
        )
        notes_html = (
            '<section role="doc-endnotes" aria-labelledby="notes-title">'
            f'<h2 id="notes-title">Notes</h2><ol>{rows}</ol></section>'
        )
    footer: list[str] = [f"<p>{escape(notice)}</p>" for notice in document.notices]
    if document.content_hash:
        footer.append(
            '<p>Content hash (SHA-256): <span class="hash">'
            f"{escape(document.content_hash)}</span></p>"
        )
    page = (
        f'<!DOCTYPE html>\n<html lang="{escape(lang)}" dir="{direction}">\n<head>\n'
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}{' — ' + escape(document.version_label) if document.version_label else ''}"
        f"</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        f'<header class="doc-header"><p><strong>{escape(document.group_name)}</strong></p>'
        f"<dl>{head_items}</dl></header>\n"
        f"<main>\n<h1>{title}</h1>\n{front}" + "\n".join(body) + f"\n{notes_html}\n</main>\n"
        f"<footer>{''.join(footer)}</footer>\n</body>\n</html>\n"
    )
    return page.encode("utf-8")
