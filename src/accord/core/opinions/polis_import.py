"""Read Pol.is conversations: open-data CSV exports and API JSON dumps (pure file parsing).

Layouts accepted (a directory path):

* **CSV export** (compdemocracy/openData and the 2025 export, optionally prefixed like
  ``2025-08-29-0002-7btrabcujr-votes.csv``): ``votes.csv`` (timestamp, [datetime,]
  comment-id, voter-id, vote), ``comments.csv`` (both header variants: with ``datetime`` or
  with ``is-meta``/``is-seed``/``group-informed-consensus``), ``participants-votes.csv`` (or
  ``participant-votes.csv``: participant, [xid,] group-id, n-comments, n-votes, n-agree,
  n-disagree, one column per comment id), ``summary.csv``.
* **API JSON**: ``votes.json`` (``pid``/``participant_id``, ``tid``/``statement_id``, vote,
  modified), ``comments.json`` (``mod``/``moderated``, ``is_meta``), optional
  ``conversation.json`` and ``math-pca2.json``.

In every layout vote 1 = agree, -1 = disagree, 0 = pass (Pol.is's math flips this sign
internally; files do not). Re-votes: the latest vote wins (votes sorted by time, stable).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np

from accord.core.opinions.matrix import VoteMatrix

Progress = Callable[[str, float], None]


@dataclass(frozen=True)
class PolisStatement:
    """One comment. ``moderated``: 1 accepted, 0 not yet moderated, -1 moderated out."""

    statement_id: int | str
    text: str
    moderated: int = 0
    is_meta: bool = False
    author_id: int | str | None = None


@dataclass(frozen=True, eq=False)
class PolisConversation:
    """A parsed conversation.

    ``group_ids`` maps participant id → Pol.is's own opinion group (None: not clustered) when
    the export carries it (``participants-votes.csv``). ``math`` is Pol.is's computed
    ``math-pca2.json`` when present.
    """

    source: Literal["csv", "json"]
    topic: str
    matrix: VoteMatrix
    statements: tuple[PolisStatement, ...]
    group_ids: dict[int | str, int | None] = field(default_factory=dict)
    math: dict[str, Any] | None = None

    @property
    def moderated_out(self) -> tuple[int | str, ...]:
        return tuple(s.statement_id for s in self.statements if s.moderated < 0)

    @property
    def meta(self) -> tuple[int | str, ...]:
        return tuple(s.statement_id for s in self.statements if s.is_meta)

    @property
    def excluded(self) -> tuple[int | str, ...]:
        """Statements Pol.is leaves out of the math: moderated out, and meta statements."""
        return tuple(dict.fromkeys([*self.moderated_out, *self.meta]))


class PolisImportError(ValueError):
    """The directory holds no Pol.is export we can read (message says what is missing)."""


def load_polis_export(
    path: str | Path,
    *,
    progress: Progress | None = None,
    matrix_from: Literal["auto", "votes", "participants-votes"] = "auto",
) -> PolisConversation:
    """Read a Pol.is export directory; ``progress(stage, fraction)`` is called as it goes.

    ``matrix_from="auto"`` uses the vote events (votes.csv/votes.json) when present, else the
    participants-votes matrix.
    """
    root = Path(path)
    if not root.is_dir():
        raise PolisImportError(f"not a directory: {root}")
    report = progress or (lambda _stage, _fraction: None)
    if (root / "votes.json").exists():
        return _load_json(root, report)
    return _load_csv(root, report, matrix_from)


def _find(root: Path, *names: str) -> Path | None:
    for name in names:
        if (root / name).exists():
            return root / name
    for name in names:
        # "...-participant-votes.csv" also ends in "-votes.csv": compare whole name parts.
        hits = sorted(
            p
            for p in root.glob(f"*-{name}")
            if not p.name.endswith(("participant-" + name, "participants-" + name))
        )
        if hits:
            return hits[0]
    return None


def _id(value: Any) -> int | str:
    if isinstance(value, int):
        return value
    text = str(value).strip()
    try:
        return int(text)
    except ValueError:
        try:
            f = float(text)
        except ValueError:
            return text
        return int(f) if f.is_integer() else text


def _vote(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return float("nan")


def _truthy(value: Any) -> bool:
    return str(value).strip().lower() in {"1", "true", "t", "yes"}


def _load_csv(root: Path, report: Progress, matrix_from: str) -> PolisConversation:
    votes_path = _find(root, "votes.csv")
    pv_path = _find(root, "participants-votes.csv", "participant-votes.csv")
    comments_path = _find(root, "comments.csv")
    if votes_path is None and pv_path is None:
        raise PolisImportError(
            f"no votes.csv or participants-votes.csv in {root}: not a Pol.is CSV export"
        )
    topic = ""
    summary = _find(root, "summary.csv")
    if summary is not None:
        with summary.open(newline="", encoding="utf-8") as fh:
            for cells in csv.reader(fh):
                if len(cells) >= 2 and cells[0] == "topic":
                    topic = cells[1]
    statements: list[PolisStatement] = []
    if comments_path is not None:
        report("comments", 0.0)
        with comments_path.open(newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                statements.append(
                    PolisStatement(
                        statement_id=_id(row["comment-id"]),
                        text=row.get("comment-body") or "",
                        moderated=int(_vote(row.get("moderated") or "0") or 0),
                        is_meta=_truthy(row.get("is-meta", "")),
                        author_id=_id(row["author-id"]) if row.get("author-id") else None,
                    )
                )
        statements.sort(key=lambda s: (str(type(s.statement_id)), s.statement_id))
    group_ids: dict[int | str, int | None] = {}
    pv_triples: tuple[list[Any], list[Any], list[float]] = ([], [], [])
    if pv_path is not None:
        report("participants-votes", 0.1)
        with pv_path.open(newline="", encoding="utf-8") as fh:
            reader = csv.reader(fh)
            header = next(reader, [])
            first_cid = header.index("n-disagree") + 1 if "n-disagree" in header else 6
            cids = [_id(h) for h in header[first_cid:]]
            g_col = header.index("group-id") if "group-id" in header else None
            for cells in reader:
                if not cells:
                    continue
                pid = _id(cells[0])
                if g_col is not None:
                    g = cells[g_col].strip()
                    group_ids[pid] = int(float(g)) if g else None
                for cid, cell in zip(cids, cells[first_cid:], strict=False):
                    if cell.strip():
                        pv_triples[0].append(pid)
                        pv_triples[1].append(cid)
                        pv_triples[2].append(_vote(cell))
    use_votes = votes_path is not None and matrix_from != "participants-votes"
    if matrix_from == "votes" and votes_path is None:
        raise PolisImportError(f"no votes.csv in {root}")
    if use_votes:
        assert votes_path is not None
        report("votes", 0.3)
        ts: list[float] = []
        pids: list[Any] = []
        tids: list[Any] = []
        vals: list[float] = []
        with votes_path.open(newline="", encoding="utf-8") as fh:
            for i, row in enumerate(csv.DictReader(fh)):
                ts.append(_vote(row.get("timestamp") or "0"))
                pids.append(_id(row["voter-id"]))
                tids.append(_id(row["comment-id"]))
                vals.append(_vote(row["vote"]))
                if i % 200_000 == 199_999:
                    report("votes", 0.5)
        order = np.argsort(np.nan_to_num(np.asarray(ts, dtype=np.float64)), kind="stable")
        p_arr = _obj_or_int(pids)[order]
        t_arr = _obj_or_int(tids)[order]
        v_arr = np.asarray(vals, dtype=np.float64)[order]
    else:
        p_arr, t_arr = _obj_or_int(pv_triples[0]), _obj_or_int(pv_triples[1])
        v_arr = np.asarray(pv_triples[2], dtype=np.float64)
    report("matrix", 0.8)
    known = [s.statement_id for s in statements] or None
    if known is not None:
        seen = {*known}
        known = known + sorted({x for x in t_arr.tolist() if x not in seen}, key=str)
    matrix = VoteMatrix.from_triples(p_arr, t_arr, v_arr, statement_ids=known)
    report("done", 1.0)
    return PolisConversation("csv", topic, matrix, tuple(statements), group_ids, None)


def _obj_or_int(values: list[Any]) -> np.ndarray[Any, Any]:
    if all(isinstance(v, int) for v in values):
        return np.asarray(values, dtype=np.int64)
    arr = np.empty(len(values), dtype=object)
    arr[:] = values
    return arr


def _load_json(root: Path, report: Progress) -> PolisConversation:
    report("votes", 0.0)
    with (root / "votes.json").open(encoding="utf-8") as fh:
        votes = json.load(fh)
    if not isinstance(votes, list):
        raise PolisImportError(f"{root / 'votes.json'} is not a list of votes")
    pids = [_id(v.get("participant_id", v.get("pid"))) for v in votes]
    tids = [_id(v.get("statement_id", v.get("tid"))) for v in votes]
    vals = [float(v.get("vote", "nan")) for v in votes]
    ts = [float(v.get("modified") or 0) for v in votes]
    order = np.argsort(np.asarray(ts, dtype=np.float64), kind="stable")
    statements: list[PolisStatement] = []
    comments_path = root / "comments.json"
    if comments_path.exists():
        report("comments", 0.5)
        with comments_path.open(encoding="utf-8") as fh:
            for c in json.load(fh):
                mod = c.get("moderated", c.get("mod"))
                statements.append(
                    PolisStatement(
                        statement_id=_id(c.get("statement_id", c.get("tid"))),
                        text=c.get("txt") or "",
                        moderated=int(mod) if mod is not None else 0,
                        is_meta=bool(c.get("is_meta")),
                        author_id=c.get("participant_id", c.get("pid")),
                    )
                )
        statements.sort(key=lambda s: (str(type(s.statement_id)), s.statement_id))
    topic = ""
    conv = root / "conversation.json"
    if conv.exists():
        with conv.open(encoding="utf-8") as fh:
            topic = str(json.load(fh).get("topic") or "")
    math = None
    math_path = root / "math-pca2.json"
    if math_path.exists():
        with math_path.open(encoding="utf-8") as fh:
            math = json.load(fh)
    report("matrix", 0.8)
    matrix = VoteMatrix.from_triples(
        _obj_or_int(pids)[order],
        _obj_or_int(tids)[order],
        np.asarray(vals, dtype=np.float64)[order],
    )
    report("done", 1.0)
    return PolisConversation("json", topic, matrix, tuple(statements), {}, math)
