"""Centring, PCA and the sparsity-aware 2-D projection of Pol.is (math/pca.clj).

Pol.is replaces a missing vote by its column mean and then centres the columns, so every
missing cell becomes exactly 0: the centred matrix has the sparsity of the vote matrix. We never
densify it (except for tiny matrices, where an exact dense SVD is cheapest).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.linalg
import scipy.sparse as sp
from numpy.typing import NDArray

from accord.core.opinions.matrix import VoteMatrix

FloatArray = NDArray[np.float64]

#: Below this many cells (participants × statements) PCA is an exact dense SVD.
DENSE_CELLS = 60_000
#: Up to this many statements (or participants), PCA is exact via the Gram matrix.
GRAM_SIDE = 400


@dataclass(frozen=True, eq=False)
class Centred:
    """The centred sparse matrix and what the projection needs from it.

    Attributes:
        x: CSR (n_participants × n_statements), value (vote - column mean) where voted, with
            excluded (moderated-out) statements set to 0.
        xt: the same matrix transposed (a free CSC view, for X^T products).
        means: shape (n_statements,), column mean over voters (0 for excluded columns).
        scale: shape (n_participants,), sqrt(n_statements / max(n_votes, 1)) per participant
            (Pol.is counts the zeroed excluded columns as votes, and so do we).
    """

    x: sp.csr_matrix
    xt: sp.csc_matrix
    means: FloatArray
    scale: FloatArray


def centre(matrix: VoteMatrix, excluded: NDArray[np.int64]) -> Centred:
    """Centre the vote matrix column-wise over voters; O(n_votes)."""
    n_p, n_s = matrix.shape
    cols = matrix.indices
    votes = matrix.votes.astype(np.float64)
    counts = np.bincount(cols, minlength=n_s).astype(np.float64)
    sums = np.bincount(cols, weights=votes, minlength=n_s)
    means = np.divide(sums, counts, out=np.zeros(n_s), where=counts > 0)
    keep_col = np.ones(n_s, dtype=bool)
    n_votes = matrix.votes_per_participant().astype(np.float64)
    if excluded.size:
        keep_col[excluded] = False
        means[excluded] = 0.0
        # Pol.is zeroes moderated-out columns for everybody, so they count as "voted".
        n_votes = (
            n_votes
            - np.bincount(matrix.row_index()[~keep_col[cols]], minlength=n_p)
            + float(excluded.size)
        )
    data = votes - means[cols]
    if excluded.size:
        data[~keep_col[cols]] = 0.0
    # int32 index arrays when they fit: no copy inside scipy and less memory traffic.
    indptr = matrix.indptr.astype(np.int32) if matrix.n_votes < 2**31 - 1 else matrix.indptr
    x = sp.csr_matrix((data, cols, indptr), shape=(n_p, n_s), copy=False)
    xt = x.T  # a CSC view: scatter-adds into a small (n_statements, b) block, cache friendly
    scale = np.sqrt(n_s / np.maximum(n_votes, 1.0))
    return Centred(x=x, xt=xt, means=means, scale=scale)


@dataclass(frozen=True)
class PCAResult:
    """Top principal axes of the centred matrix.

    Attributes:
        components: shape (n_components, n_statements), orthonormal rows, signs fixed so the
            largest-magnitude loading of each row is positive.
        singular_values: shape (n_components,), non-increasing.
        n_iter: iterations of the sparse solver (0 for the exact dense path).
    """

    components: FloatArray
    singular_values: FloatArray
    n_iter: int


def pca(
    c: Centred,
    *,
    n_components: int = 2,
    random_state: int = 0,
    init: FloatArray | None = None,
    tol: float = 5e-3,
    max_iter: int = 300,
    block: int = 3,
) -> PCAResult:
    """Top ``n_components`` right singular vectors of the centred matrix.

    Tiny matrices use an exact dense SVD. Others use block subspace iteration with
    Rayleigh–Ritz on X^T X (two sparse products per iteration, O(n_votes · block)), started
    from ``init`` (previous components: a warm start) padded with seeded random vectors.
    Stops when every wanted Ritz pair has relative residual ≤ ``tol``. Deterministic for a
    given ``random_state`` and ``init`` (run with BLAS pinned to one thread for bit-identity).
    """
    n_p, n_s = c.x.shape
    k = min(n_components, n_s, n_p)
    if k == 0:
        return PCAResult(np.zeros((n_components, n_s)), np.zeros(n_components), 0)
    if n_p * n_s <= DENSE_CELLS or min(n_p, n_s) <= block + 2:
        dense = c.x.toarray()
        _, svals, vt = np.linalg.svd(dense, full_matrices=False)
        comps = vt[:k]
        sv = svals[:k]
        n_iter = 0
    elif min(n_p, n_s) <= GRAM_SIDE:
        comps, sv = _gram_eigh(c, k)
        n_iter = 0
    else:
        comps, sv, n_iter = _block_krylov(c, k, random_state, init, tol, max_iter, block)
    comps = _fix_signs(comps)
    if k < n_components:
        comps = np.vstack([comps, np.zeros((n_components - k, n_s))])
        sv = np.concatenate([sv, np.zeros(n_components - k)])
    return PCAResult(np.ascontiguousarray(comps), np.asarray(sv, dtype=np.float64), n_iter)


def _gram_eigh(c: Centred, k: int) -> tuple[FloatArray, FloatArray]:
    n_p, n_s = c.x.shape
    if n_s <= n_p:
        gram = (c.xt @ c.x).toarray()
        lam, vec = scipy.linalg.eigh(gram, subset_by_index=[n_s - k, n_s - 1])
        lam, vec = lam[::-1], vec[:, ::-1]
        return vec.T.copy(), np.sqrt(np.maximum(lam, 0.0))
    gram = (c.x @ c.xt).toarray()
    lam, u = scipy.linalg.eigh(gram, subset_by_index=[n_p - k, n_p - 1])
    lam, u = lam[::-1], u[:, ::-1]
    sv = np.sqrt(np.maximum(lam, 0.0))
    v = np.asarray(c.xt @ u) / np.where(sv > 0, sv, 1.0)
    return v.T.copy(), sv


def _block_krylov(
    c: Centred,
    k: int,
    random_state: int,
    init: FloatArray | None,
    tol: float,
    max_iter: int,
    block: int,
) -> tuple[FloatArray, FloatArray, int]:
    """Block Lanczos-style Krylov iteration on X^T X with full reorthogonalisation.

    Each iteration applies X^T X once to a new block (two sparse products), adds it to the
    basis and does Rayleigh–Ritz over the whole basis; it converges like Lanczos (with the
    square root of the relative eigengap), several times faster than subspace iteration on
    vote data, whose eigengaps are small. The basis restarts from the best Ritz vectors
    when it reaches ``max_basis`` columns.
    """
    n_s = c.x.shape[1]
    b = min(max(block, k + 1), n_s)
    max_basis = min(n_s, max(8 * b, 40))
    rng = np.random.default_rng(random_state)
    start = rng.standard_normal((n_s, b))
    if init is not None and init.shape[1] == n_s:
        m = min(init.shape[0], b)
        start[:, :m] = init[:m].T
    q, _ = np.linalg.qr(start)
    basis = q
    images = np.zeros((n_s, 0))
    ritz = q[:, :k]
    lam = np.zeros(k)
    it = 0
    for it in range(1, max_iter + 1):  # noqa: B007 - the count is reported
        new = basis[:, images.shape[1] :]
        images = np.hstack([images, c.xt @ (c.x @ new)])
        h = basis.T @ images
        h = (h + h.T) * 0.5
        evals, w = np.linalg.eigh(h)
        evals, w = evals[::-1], w[:, ::-1]
        ritz = basis @ w[:, :k]
        lam = evals[:k]
        resid = np.linalg.norm(images @ w[:, :k] - ritz * lam, axis=0)
        if np.all(resid <= tol * np.maximum(lam, 1e-300)):
            break
        if basis.shape[1] + b > max_basis:
            keep = min(2 * b, basis.shape[1])
            basis = basis @ w[:, :keep]
            images = images @ w[:, :keep]
        nxt = images[:, -b:] if basis.shape[1] == images.shape[1] else images[:, :b]
        for _ in range(2):
            nxt = nxt - basis @ (basis.T @ nxt)
        nq, r = np.linalg.qr(nxt)
        good = np.abs(np.diag(r)) > 1e-10 * max(float(np.abs(r).max()), 1e-300)
        if not good.any():
            break
        basis = np.hstack([basis, nq[:, good]])
    sv = np.sqrt(np.maximum(lam, 0.0))
    return ritz.T.copy(), sv, it


def _fix_signs(comps: FloatArray) -> FloatArray:
    out = comps.copy()
    for i in range(out.shape[0]):
        j = int(np.argmax(np.abs(out[i])))
        if out[i, j] < 0:
            out[i] = -out[i]
    return out


def project_participants(c: Centred, components: FloatArray) -> FloatArray:
    """Pol.is's sparsity-aware projection, shape (n_participants, n_components).

    p_i = sqrt(n_statements / n_votes_i) · Σ_{voted j} (x_ij - μ_j) · pc_j
    """
    proj = np.asarray(c.x @ components.T)
    return proj * c.scale[:, None]


def project_statements(c: Centred, components: FloatArray) -> FloatArray:
    """Where a participant with a single agree vote on each statement lands, (n_statements, 2)."""
    n_s = c.x.shape[1]
    return np.asarray((components * (1.0 - c.means)).T * np.sqrt(float(n_s)), dtype=np.float64)
