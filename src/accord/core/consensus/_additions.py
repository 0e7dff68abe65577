"""What adding one item to a package does, for every item at once (members × items masks)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.core.consensus._arrays import Bools, Compiled, Ints


@dataclass(frozen=True, eq=False)
class Broken:
    """Conditions that hold for package vector ``x`` and break when item r alone is added:
    ``excl``/``tol``/``bal`` (M, N) — r is a red line / one objection more than tolerated /
    balance tips; conditionals (member ``req_m`` accepts ``req_a`` only with ``req_b``, which
    is not in); ``clash`` (N,) — r shares an option group with an item of x. Columns of items
    already in x are all False."""

    excl: Bools
    tol: Bools
    bal: Bools
    req_m: Ints
    req_a: Ints
    req_b: Ints
    clash: Bools
    blocked: Bools  # (M, N): any of the above for that member

    def counts(self) -> Ints:
        """(N,) number of members each item's addition breaks."""
        return np.asarray(self.blocked.sum(axis=0), dtype=np.int64)


def newly_broken(c: Compiled, x: Bools) -> Broken:
    out = ~x
    xi = x.astype(np.int64)
    tol_cnt = c.obj_tol_i @ xi
    excl = c.excl & out
    tol = c.obj_tol & (tol_cnt == c.tol)[:, None] & out
    if c.bal.any():
        tight = c.bal & (c.sup_i @ xi == c.obj_i @ xi)
        bal = c.obj & tight[:, None] & out
    else:
        bal = np.zeros_like(excl)
    sel = out[c.req_a] & out[c.req_b]
    req_m, req_a, req_b = c.req_m[sel], c.req_a[sel], c.req_b[sel]
    blocked = excl | tol | bal
    blocked[req_m, req_a] = True
    if c.groups.shape[0]:
        taken = (c.groups & x).any(axis=1)
        clash = (c.groups[taken].any(axis=0)) & out
    else:
        clash = np.zeros(c.n_items, dtype=np.bool_)
    return Broken(excl, tol, bal, req_m, req_a, req_b, clash, blocked)


def accept_after_adding(c: Compiled, x: Bools) -> Bools:
    """(M, N): member m accepts x ∪ {r} (columns of items in x: whether it accepts x)."""
    m, n = c.n_members, c.n_items
    xi = x.astype(np.int64)
    ok = ((c.excl & x).sum(axis=1) == 0)[:, None] & ~c.excl
    missing = (c.incl & ~x).sum(axis=1)
    ok &= (missing[:, None] - (c.incl & ~x)) == 0
    ok &= (c.obj_tol_i @ xi)[:, None] + (c.obj_tol & ~x) <= c.tol[:, None]
    if c.bal.any():
        margin = (c.sup_i @ xi - c.obj_i @ xi)[:, None] + (c.sup & ~x) - (c.obj & ~x)
        ok &= ~c.bal[:, None] | (margin >= 0)
    if c.req_m.size:
        now = x[c.req_a] & ~x[c.req_b]
        count = np.zeros((m, n), dtype=np.int64)
        count += np.bincount(c.req_m[now], minlength=m)[:, None]
        new = ~x[c.req_a] & ~x[c.req_b]
        np.add.at(count, (c.req_m[new], c.req_a[new]), 1)
        np.add.at(count, (c.req_m[now], c.req_b[now]), -1)
        ok &= count == 0
    if c.alo.shape[0]:
        unmet = ~(c.alo & x).any(axis=1)
        rows = np.flatnonzero(unmet)
        count = np.zeros((m, n), dtype=np.int64)
        count += np.bincount(c.alo_m[rows], minlength=m)[:, None]
        np.add.at(count, c.alo_m[rows], -c.alo[rows].astype(np.int64))
        ok &= count == 0
    return np.asarray(ok, dtype=np.bool_)
