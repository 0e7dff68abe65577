"""The pieces of the compilation page that repeat for every paragraph and every proposal,
written as HTML once in Python (every value escaped) rather than in template loops: a text of
200 paragraphs and 2,000 proposals would spend seconds in per-node template work."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .model import CompilationEntry, PositionLine, Proposal

SEP = '<span class="cmp-sep"> · </span>'


def text_html(entry: CompilationEntry) -> SafeString:
    """The paragraph's text with its brackets marked and its notes referenced."""
    out: list[str] = []
    for kind, value in entry.pieces:
        if kind == "text":
            out.append(escape(value, quote=False))
        elif kind == "open":
            out.append(f'<span class="cmp-bracket">{escape(value)}')
        elif kind == "close":
            out.append(f"{escape(value)}</span>")
        else:
            out.append(f'<sup><a href="#cmp-note-{value}" class="cmp-noteref">{value}</a></sup>')
    return mark_safe("".join(out))


def counts_html(line: PositionLine) -> SafeString:
    """ "support 8 · object 3 (Cuba, Egypt)", each kind marked for its colour."""
    parts = []
    for c in line.counts:
        part = f'<span class="cmp-count cmp-count-{c.kind}">{escape(c.label)} {c.count}</span>'
        if c.names:
            part += f' <span class="cmp-names">({escape(", ".join(c.names))})</span>'
        parts.append(part)
    return mark_safe(" · ".join(parts))


def _change(proposal: Proposal) -> str:
    out = []
    for segment in proposal.change:
        text = escape(segment.text, quote=False)
        if segment.tag == "delete":
            out.append(f"<del>{text}</del>")
        elif segment.tag == "insert":
            out.append(f"<ins>{text}</ins>")
        elif segment.tag == "gap":
            out.append(f'<span class="cmp-gap">{text}</span>')
        else:
            out.append(text)
    return "".join(out)


def _who(label: str, css: str, names: Iterable[str]) -> str:
    return (
        f'<span class="cmp-role">{escape(label)}</span> '
        f'<span class="cmp-{css}">{escape(", ".join(names))}</span>'
    )


def _proposal(p: Proposal, labels: dict[str, str]) -> str:
    a = p.amendment
    change = _change(p)
    status = f' <span class="cmp-astatus">{escape(p.status_label)}</span>' if p.status_label else ""
    who = [_who(labels["proposed"], "proposer", [p.proposer])]
    for key, css, names in (
        ("cosponsors", "cosponsors", p.cosponsors),
        ("supporters", "supporters", p.supporters),
        ("objectors", "objectors", p.objectors),
    ):
        if names:
            who.append(_who(labels[key], css, names))
    subs = ""
    if p.sub_proposals:
        label = escape(labels["subs"] % {"ref": p.ref})
        subs = (
            f'<ol class="cmp-proposals cmp-sub" aria-label="{label}">'
            + "".join(_proposal(s, labels) for s in p.sub_proposals)
            + "</ol>"
        )
    return (
        f'<li id="amendment-{a.pk}" class="cmp-proposal cmp-proposal-{a.status} '
        f'cmp-kind-{a.kind}">'
        f'<p class="cmp-change"><a class="cmp-ref" href="{escape(p.url)}">{p.ref}</a> '
        f'<span class="cmp-action">{escape(p.action)}</span>'
        f"{': ' + change if change else ''}{status}</p>"
        f'<p class="cmp-by">{SEP.join(who)}</p>'
        f"{subs}</li>"
    )


def proposals_html(proposals: list[Proposal]) -> SafeString:
    """Each proposal: the change in context, then who proposed, co-sponsors, supporters and
    objectors; amendments to it in a list under it."""
    labels = {
        "proposed": _("Proposed by"),
        "cosponsors": _("co-sponsors"),
        "supporters": _("supported by"),
        "objectors": _("opposed by"),
        "subs": _("Amendments to %(ref)s"),
    }
    return mark_safe("".join(_proposal(p, labels) for p in proposals))


@dataclass(frozen=True)
class PageEntry:
    """A paragraph of the page: the entry and its pieces written as HTML."""

    entry: CompilationEntry
    text_html: SafeString
    total_html: SafeString
    constituency_html: list[tuple[str, SafeString]]
    proposals_html: SafeString


def page_entries(entries: list[CompilationEntry]) -> list[PageEntry]:
    return [
        PageEntry(
            entry=e,
            text_html=text_html(e),
            total_html=counts_html(e.positions_total) if e.positions_total else SafeString(""),
            constituency_html=[(line.constituency, counts_html(line)) for line in e.positions],
            proposals_html=proposals_html(e.proposals) if e.proposals else SafeString(""),
        )
        for e in entries
    ]
