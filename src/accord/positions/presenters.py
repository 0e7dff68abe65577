"""Small pieces of the negotiation screen written as HTML once in Python (escaped with
``format_html``) instead of template loops: they repeat for every paragraph of a long text,
where a template's per-node cost adds up (a 200-paragraph text has a thousand tally rows)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accord.groups.models import Member

from . import selectors
from .models import PositionEvent


@dataclass(frozen=True)
class TallyRow:
    tally: selectors.ConstituencyTally
    objectors: SafeString  # "(Egypt (via G77 and China): reason; Brazil: reason)"
    bar: SafeString  # the stacked bar (inline SVG)


def _objectors(tally: selectors.ConstituencyTally) -> SafeString:
    if not tally.objectors:
        return SafeString("")
    parts = []
    for o in tally.objectors:
        via = format_html(' <span class="pos-via">({})</span>', o.via_label) if o.via_group else ""
        parts.append(format_html("{}{}: {}", o.member.name, via, o.reason))
    return format_html(' <span class="pos-small">({})</span>', mark_safe("; ".join(parts)))


def _bar(tally: selectors.ConstituencyTally) -> SafeString:
    """The row's stacked bar (percent of the constituency's members): a picture of the numbers
    the row gives, hidden from screen readers, which read the numbers. Each kind is drawn from
    the left edge to where it ends, the last first, so that each needs only its width (no
    style attribute: the page runs under a Content-Security-Policy without 'unsafe-inline')."""
    rects = []
    for kind, _label, _count, x, w in tally.bar():
        if w > 0:
            rects.append(
                f'<rect class="pos-bar-{escape(kind)}" width="{_width(x + w)}%" height="100%"/>'
            )
    return mark_safe(  # numbers and known kinds only
        '<svg class="pos-bar" aria-hidden="true">' + "".join(reversed(rects)) + "</svg>"
    )


def _width(percent: float) -> str:
    """ "63.2", "100" (a tenth of a percent is finer than the bar's pixels)."""
    return f"{percent:.1f}".removesuffix(".0")


def tally_rows(tallies: Iterable[selectors.ConstituencyTally]) -> list[TallyRow]:
    return [TallyRow(t, _objectors(t), _bar(t)) for t in tallies]


NAMES_MAX = 10  # objectors named in a paragraph's one line


def summary_line(positions: Mapping[int, selectors.CurrentPosition], silent: int) -> SafeString:
    """ "12 support · 3 object (Cuba, Iran, Saudi Arabia) · 2 reserve · 20 no position"."""
    counts = dict.fromkeys(selectors.KINDS, 0)
    for position in positions.values():
        counts[position.kind] += 1
    words = {
        PositionEvent.Kind.SUPPORT: _("%(n)d support"),
        PositionEvent.Kind.CAN_LIVE_WITH: _("%(n)d can live with"),
        PositionEvent.Kind.OBJECT: _("%(n)d object"),
        PositionEvent.Kind.RESERVE: _("%(n)d reserve"),
    }
    parts = []
    for kind in selectors.KINDS:
        if not counts[kind]:
            continue
        text = escape(words[PositionEvent.Kind(kind)] % {"n": counts[kind]})
        if kind == PositionEvent.Kind.OBJECT:
            names = sorted((p.name for p in positions.values() if p.kind == kind), key=str.casefold)
            shown = ", ".join(names[:NAMES_MAX])
            if len(names) > NAMES_MAX:  # the rest are in the paragraph's table
                rest = len(names) - NAMES_MAX
                shown += " " + ngettext("and %(n)d more", "and %(n)d more", rest) % {"n": rest}
            text = format_html("{} ({})", text, shown)
        parts.append(format_html('<span class="pos-sum-{}">{}</span>', kind, text))
    if silent or not parts:
        parts.append(
            format_html(
                '<span class="pos-sum-none">{}</span>', _("%(n)d no position") % {"n": silent}
            )
        )
    return mark_safe(" · ".join(parts))  # every part is escaped by format_html


def member_options(members: Iterable[Member], selected: Iterable[str] = ()) -> SafeString:
    """The ``<option>``s of the full members (for the members awaited ad referendum)."""
    chosen = {str(s) for s in selected}
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (m.pk, mark_safe(" selected") if str(m.pk) in chosen else "", m.name)
            for m in members
            if m.status == Member.Status.MEMBER
        ),
    )


def lazy_propose(*, ref: str, key: str, focus_url: str) -> SafeString:
    """What "Propose a change" holds until it is opened: a placeholder that loads its forms
    (htmx), a link to the paragraph's own view with them (without JavaScript). The forms of
    every paragraph in the page were most of a delegate's page."""
    return format_html(
        '<div class="pos-lazy" hx-get="{}&amp;part=propose" '
        'hx-trigger="toggle from:closest details once" hx-swap="outerHTML">'
        '<a href="{}#propose-{}">{}</a></div>',
        focus_url,
        focus_url,
        key,
        _("Open the forms to propose a change to paragraph %(ref)s") % {"ref": ref},
    )


@dataclass(frozen=True)
class Labels:
    """What a paragraph's summaries say (its <details>), and the links that stand for their
    content on a long text until it is loaded."""

    more: str  # "Positions, amendments and history"
    proposed: str  # "(3 amendments proposed)" or ""
    position: str  # "Position of Brazil on paragraph 8 (now: support, via G77 and China)"
    mine: str  # "Brazil: support (via G77 and China)" or ""
    status: str  # "Set the status of paragraph 8"
    lazy: dict[str, SafeString]  # part → the placeholder that loads it when opened


def labels(
    *,
    ref: str,
    member: str,
    with_positions: bool,
    proposed: int,
    mine: selectors.CurrentPosition | None,
    focus_url: str,
    lazy: bool,
) -> Labels:
    now = ""
    if mine is not None:
        now = mine.label.lower() + (f", {mine.via_label}" if mine.via_group is not None else "")
    position = _("Position of %(member)s on paragraph %(ref)s") % {"member": member, "ref": ref}
    if now:
        position += " (" + _("now: %(position)s") % {"position": now} + ")"
    mine_text = ""
    if mine is not None:
        mine_text = _("%(member)s: %(position)s") % {
            "member": member,
            "position": mine.label.lower(),
        }
        if mine.via_group is not None:
            mine_text += f" ({mine.via_label})"
    placeholders: dict[str, SafeString] = {}
    if lazy:
        text = _("Open paragraph %(ref)s with its positions, amendments and forms") % {"ref": ref}
        for part in ("more", "position", "status"):
            placeholders[part] = format_html(
                '<div class="pos-lazy" hx-get="{}&amp;part={}" '
                'hx-trigger="toggle from:closest details once" hx-swap="outerHTML">'
                '<a href="{}">{}</a></div>',
                focus_url,
                part,
                focus_url,
                text,
            )
    return Labels(
        more=_("Positions, amendments and history")
        if with_positions
        else _("Amendments and brackets"),
        proposed=ngettext("(%(n)d amendment proposed)", "(%(n)d amendments proposed)", proposed)
        % {"n": proposed}
        if proposed
        else "",
        position=position,
        mine=mine_text,
        status=_("Set the status of paragraph %(ref)s") % {"ref": ref},
        lazy=placeholders,
    )
