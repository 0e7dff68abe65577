"""Turn an :class:`OpinionMap` into what the opinion-map screens show (a plain view model).

Pure: no database, no request. Reusable for any vote matrix (a consultation's statements, or
members × draft paragraphs): pass the map, the matrix it was computed from, and labels keyed by
the matrix's ids. Every number is finite (percentages of empty counts become ``None`` and the
templates print "—"), so a degenerate map never shows NaN.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from accord.core.opinions import OpinionMap, VoteMatrix
from accord.core.opinions.repness import group_counts

WIDTH = 640
HEIGHT = 420
PAD = 24
GROUP_LETTERS = "ABCDEFGHIJ"


@dataclass(frozen=True)
class PointView:
    x: float
    y: float
    group: int  # -1: not in a group
    group_label: str
    label: str
    constituency: str


@dataclass(frozen=True)
class RepView:
    statement_id: Hashable
    text: str
    direction: str  # "agree" | "disagree"
    percent: int | None  # share of the group voting that way
    others_percent: int | None  # the same share among everybody else who voted on it
    n_success: int
    n_trials: int


@dataclass(frozen=True)
class GroupView:
    group: int
    letter: str
    label: str
    size: int
    percent: int
    css: str
    cx: float
    cy: float
    representative: tuple[RepView, ...]


@dataclass(frozen=True)
class StatementStat:
    statement_id: Hashable
    text: str
    kind: str
    percent: int | None
    detail: str


@dataclass(frozen=True)
class GroupShare:
    label: str
    css: str
    percent: int | None
    n: int


@dataclass(frozen=True)
class DivideView:
    statement_id: Hashable
    text: str
    spread: int
    per_group: tuple[GroupShare, ...]


@dataclass(frozen=True)
class ConstituencyView:
    name: str
    n: int
    per_group: tuple[GroupShare, ...]  # one per group, then "Not grouped"


@dataclass(frozen=True)
class StatementRow:
    statement_id: Hashable
    text: str
    n_agree: int
    n_disagree: int
    n_pass: int
    agree_percent: int | None
    excluded: bool
    per_group: tuple[GroupShare, ...]


@dataclass(frozen=True)
class OpinionMapView:
    status: str
    message: str
    ok: bool
    n_participants: int
    n_statements: int
    n_votes: int
    width: int
    height: int
    points: tuple[PointView, ...]
    groups: tuple[GroupView, ...]
    unites: tuple[StatementStat, ...]
    group_consensus: tuple[StatementStat, ...]
    divides: tuple[DivideView, ...]
    bridging: tuple[StatementStat, ...]
    constituencies: tuple[ConstituencyView, ...]
    constituency_names: tuple[str, ...]
    constituency_statements: tuple[tuple[str, tuple[int | None, ...]], ...]
    statements: tuple[StatementRow, ...] = field(default=())


def _pct(num: float, den: float) -> int | None:
    if den <= 0 or not math.isfinite(num) or not math.isfinite(den):
        return None
    return round(100.0 * num / den)


def _key(x: object) -> object:
    return x.item() if isinstance(x, np.generic) else x


def _clean(points: np.ndarray) -> np.ndarray:
    return np.nan_to_num(np.asarray(points, dtype=np.float64), nan=0.0, posinf=0.0, neginf=0.0)


def _scale(projection: np.ndarray, extent: float | None = None) -> np.ndarray:
    """Map points into the SVG box, centred on 0 (the average participant), same scale on
    both axes, y pointing up. ``extent`` is the largest |coordinate| the box must hold: pass
    the whole projection's so that group centres land among their participants."""
    proj = _clean(projection)
    if proj.size == 0:
        return np.zeros((0, 2))
    if extent is None:
        extent = float(np.abs(proj).max())
    half_w, half_h = WIDTH / 2 - PAD, HEIGHT / 2 - PAD
    s = min(half_w, half_h) / extent if extent > 0 else 0.0
    out = np.empty_like(proj)
    out[:, 0] = WIDTH / 2 + proj[:, 0] * s
    out[:, 1] = HEIGHT / 2 - proj[:, 1] * s
    return np.round(out, 1)


def group_letter(g: int) -> str:
    return GROUP_LETTERS[g] if 0 <= g < len(GROUP_LETTERS) else str(g + 1)


def opinion_map_view(
    opinion_map: OpinionMap,
    statement_texts: Mapping[Any, str],
    participant_labels: Mapping[Any, str],
    participant_constituencies: Mapping[Any, str] | None = None,
    *,
    matrix: VoteMatrix | None = None,
    top_n: int = 5,
) -> OpinionMapView:
    """The view model of ``opinion_map``. ``matrix`` (the one the map was computed from)
    enables per-group and per-constituency shares ("what divides", the constituency table);
    without it those lists are empty. Labels are keyed by the matrix's ids."""
    m = opinion_map
    constituencies = participant_constituencies or {}
    sids = [_key(s) for s in m.statement_ids.tolist()]
    pids = [_key(p) for p in m.participant_ids.tolist()]
    text = {s: statement_texts.get(s, f"Statement {s}") for s in sids}
    k = m.k
    labels = np.asarray(m.labels, dtype=np.int64)
    excluded = np.asarray(m.excluded, dtype=bool)

    xy = _scale(m.projection)
    extent = float(np.abs(_clean(m.projection)).max()) if np.size(m.projection) else 0.0
    points = tuple(
        PointView(
            x=float(xy[i, 0]),
            y=float(xy[i, 1]),
            group=int(labels[i]),
            group_label=f"Group {group_letter(int(labels[i]))}" if labels[i] >= 0 else "No group",
            label=participant_labels.get(pid, f"Participant {pid}"),
            constituency=constituencies.get(pid, ""),
        )
        for i, pid in enumerate(pids)
    )

    # Per-group counts (G, C) when the matrix is at hand.
    g_agree = g_disagree = g_seen = None
    if matrix is not None and k > 0:
        counts = group_counts(matrix, labels, k)
        g_agree, g_disagree, g_seen = counts.agree, counts.disagree, counts.seen
    n_agree = np.asarray(m.n_agree)
    n_disagree = np.asarray(m.n_disagree)
    n_seen = n_agree + n_disagree + np.asarray(m.n_pass)

    grouped = max(int((labels >= 0).sum()), 1)
    groups = []
    for og in m.groups:
        reps = []
        for r in og.representative[:top_n]:
            sid = _key(r.statement_id)
            others = None
            if g_agree is not None and g_disagree is not None and g_seen is not None:
                succ = g_agree if r.repful_for == "agree" else g_disagree
                c = r.statement_index
                other_succ = float(succ[:, c].sum() - succ[og.group_id, c])
                other_seen = float(g_seen[:, c].sum() - g_seen[og.group_id, c])
                others = _pct(other_succ, other_seen)
            reps.append(
                RepView(
                    sid,
                    text[sid],
                    r.repful_for,
                    _pct(r.n_success, r.n_trials),
                    others,
                    r.n_success,
                    r.n_trials,
                )
            )
        cx, cy = _scale(np.asarray([og.centre]), extent=extent)[0]
        groups.append(
            GroupView(
                group=og.group_id,
                letter=group_letter(og.group_id),
                label=f"Group {group_letter(og.group_id)}",
                size=og.size,
                percent=_pct(og.size, grouped) or 0,
                css=f"om-g{og.group_id % 5}",
                cx=float(cx),
                cy=float(cy),
                representative=tuple(reps),
            )
        )

    unites = tuple(
        StatementStat(
            _key(c.statement_id),
            text[_key(c.statement_id)],
            c.direction,
            _pct(c.n_success, c.n_trials),
            f"{c.n_success} of {c.n_trials} who voted {c.direction}d",
        )
        for c in (*m.consensus_agree, *m.consensus_disagree)
    )

    group_consensus: tuple[StatementStat, ...] = ()
    gac = np.nan_to_num(np.asarray(m.group_aware_consensus, dtype=np.float64))
    if k > 1 and gac.size:
        order = [i for i in np.argsort(-gac, kind="stable").tolist() if not excluded[i]]
        order = [i for i in order if n_seen[i] > 0][:top_n]
        group_consensus = tuple(
            StatementStat(
                sids[i],
                text[sids[i]],
                "agree",
                _pct(gac[i], 1.0),
                "estimated chance that every group agrees",
            )
            for i in order
        )

    def shares(c: int) -> tuple[GroupShare, ...]:
        if g_agree is None or g_seen is None:
            return ()
        return tuple(
            GroupShare(
                f"Group {group_letter(g)}",
                f"om-g{g % 5}",
                _pct(float(g_agree[g, c]), float(g_seen[g, c])),
                int(g_seen[g, c]),
            )
            for g in range(k)
        )

    divides: list[DivideView] = []
    if g_agree is not None and g_seen is not None and k > 1:
        # Rank by the smoothed agree rates (as Pol.is does) so one vote cannot top the list.
        p = (g_agree + 1.0) / (g_seen + 2.0)
        voted = (g_seen > 0).sum(axis=0) >= 2
        spread = np.where(voted & ~excluded, p.max(axis=0) - p.min(axis=0), -1.0)
        for c in np.argsort(-spread, kind="stable")[:top_n].tolist():
            if spread[c] <= 0:
                break
            per = shares(c)
            raw = [s.percent for s in per if s.percent is not None]
            divides.append(DivideView(sids[c], text[sids[c]], max(raw) - min(raw), per))

    bridging: tuple[StatementStat, ...] = ()
    if m.bridging is not None:
        b = m.bridging
        b_ids = [_key(x) for x in b.item_ids.tolist()]
        scored = [
            (float(b.item_intercept[i]), b_ids[i])
            for i in range(len(b_ids))
            if b.item_scored[i] and math.isfinite(float(b.item_intercept[i]))
        ]
        excl_ids = {sids[i] for i in np.flatnonzero(excluded).tolist()}
        scored = [s for s in scored if s[1] not in excl_ids]
        scored.sort(key=lambda s: -s[0])
        bridging = tuple(
            StatementStat(
                sid,
                text.get(sid, f"Statement {sid}"),
                "bridging",
                None,
                f"bridging score {score:.2f}"
                + (" (helpful across divides)" if score >= 0.4 else ""),
            )
            for score, sid in scored[:top_n]
        )

    # Per-constituency: how each constituency's participants split across groups, and agree %
    # per constituency for the statements that matter most (representative + divisive).
    names = sorted({constituencies.get(p, "") for p in pids} - {""})
    cviews = []
    for name in names:
        mask = np.asarray([constituencies.get(p) == name for p in pids], dtype=bool)
        lab = labels[mask]
        n = int(mask.sum())
        split = [
            GroupShare(
                f"Group {group_letter(g)}",
                f"om-g{g % 5}",
                _pct((lab == g).sum(), n),
                int((lab == g).sum()),
            )
            for g in range(k)
        ]
        split.append(
            GroupShare("No group", "om-none", _pct((lab < 0).sum(), n), int((lab < 0).sum()))
        )
        cviews.append(ConstituencyView(name, n, tuple(split)))
    c_rows: list[tuple[str, tuple[int | None, ...]]] = []
    if matrix is not None and names:
        c_index = {name: i for i, name in enumerate(names)}
        c_labels = np.asarray([c_index.get(constituencies.get(p, ""), -1) for p in pids], np.int64)
        cc = group_counts(matrix, c_labels, len(names))
        top: list[int] = []
        for gv in groups:
            top += [sids.index(rv.statement_id) for rv in gv.representative]
        top += [sids.index(d.statement_id) for d in divides]
        top += [sids.index(u.statement_id) for u in unites]
        for c in list(dict.fromkeys(top))[: 2 * top_n]:
            c_rows.append(
                (
                    text[sids[c]],
                    tuple(
                        _pct(float(cc.agree[j, c]), float(cc.seen[j, c])) for j in range(len(names))
                    ),
                )
            )

    statements = tuple(
        StatementRow(
            sid,
            text[sid],
            int(n_agree[i]),
            int(n_disagree[i]),
            int(n_seen[i] - n_agree[i] - n_disagree[i]),
            _pct(float(n_agree[i]), float(n_seen[i])),
            bool(excluded[i]),
            shares(i),
        )
        for i, sid in enumerate(sids)
        if not excluded[i]
    )

    return OpinionMapView(
        status=m.status,
        message=m.message,
        ok=m.status == "ok",
        n_participants=len(pids),
        n_statements=int((~excluded).sum()),
        n_votes=int(n_seen.sum()),
        width=WIDTH,
        height=HEIGHT,
        points=points,
        groups=tuple(groups),
        unites=unites,
        group_consensus=group_consensus,
        divides=tuple(divides),
        bridging=bridging,
        constituencies=tuple(cviews),
        constituency_names=tuple(names),
        constituency_statements=tuple(c_rows),
        statements=statements,
    )
