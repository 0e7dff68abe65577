"""The synthesis pipeline on a Dask cluster (``dask.distributed``), same result as one process.

    from dask.distributed import Client
    from accord.core.synthesis import SynthesisParams
    from accord.core.synthesis.on_dask import run_on_dask

    with Client("tcp://scheduler:8786") as client:   # or Client(LocalCluster(...))
        result = run_on_dask(client, sources, SynthesisParams())

What runs where (the stages of :mod:`accord.core.synthesis.pipeline`):

* segmentation — one task per batch of ``batch_size`` contributions, concatenated in order;
* campaigns and near-duplicate proposals — one task each (their LSH joins every text with
  every other), run side by side;
* embedding — one task per batch of representatives; for wordllama, first one task per batch
  counting tokens, summed, so every batch weighs tokens by the frequencies of the whole
  (TF-IDF is fitted on all the representatives in one task: its vocabulary is the whole's);
* centring, grouping and ranking — on the client, from the gathered vectors.

Every batch's output is exactly what the single-process stage gives for those rows, so the
result equals :func:`synthesise`'s (tested on a two-worker LocalCluster). Workers need the
same ``accord`` installed (wordllama's weights come with it).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from accord.core.synthesis.embed import centre, embed, wordllama_token_counts
from accord.core.synthesis.embed import wordllama_vectors as _wordllama_vectors
from accord.core.synthesis.pipeline import (
    Progress,
    Source,
    SynthesisParams,
    SynthesisResult,
    campaign_stage,
    check_sources,
    duplicate_stage,
    finish,
    group_stage,
    segment_stage,
)
from accord.core.synthesis.segment import Segment


def _batches(n: int, size: int) -> list[tuple[int, int]]:
    return [(s, min(s + size, n)) for s in range(0, n, size)]


def _segment_batch(sources: Sequence[Source], max_chars: int) -> list[Segment]:
    return segment_stage(sources, max_chars)


def _pool_batch(texts: Sequence[str], counts: Any) -> Any:
    return _wordllama_vectors(texts, token_counts=counts)


def run_on_dask(
    client: Any,
    sources: Sequence[Source],
    params: SynthesisParams | None = None,
    *,
    batch_size: int = 20_000,
    progress: Progress | None = None,
) -> SynthesisResult:
    """:func:`accord.core.synthesis.synthesise` with its batch stages on ``client``'s workers."""
    params = params or SynthesisParams()
    check_sources(sources)

    def tick(stage: str, done: int, total: int = 1) -> None:
        if progress:
            progress(stage, done, total)

    sources = list(sources)
    tick("segment", 0, len(sources))
    parts = [
        client.submit(_segment_batch, sources[s:e], params.max_chars, pure=False)
        for s, e in _batches(len(sources), batch_size)
    ]
    camp_f = client.submit(campaign_stage, sources, params, pure=False)
    segments: list[Segment] = [seg for part in client.gather(parts) for seg in part]
    tick("segment", len(sources), len(sources))
    texts = [s.text for s in segments]
    dup_f = client.submit(duplicate_stage, texts, params.dedup, pure=False)
    tick("campaigns", 0)
    camp = camp_f.result()
    tick("campaigns", 1)
    tick("duplicates", 0)
    duplicate_of = dup_f.result()
    tick("duplicates", 1)
    reps = np.flatnonzero(duplicate_of == np.arange(len(segments))).tolist()
    rep_texts = [texts[i] for i in reps]
    tick("embed", 0, len(rep_texts))
    if params.method == "wordllama" and rep_texts:
        ranges = _batches(len(rep_texts), batch_size)
        counted = [
            client.submit(wordllama_token_counts, rep_texts[s:e], pure=False) for s, e in ranges
        ]
        counts = np.sum(client.gather(counted), axis=0)
        counts_f = client.scatter(counts, broadcast=True)
        pooled = [
            client.submit(_pool_batch, rep_texts[s:e], counts_f, pure=False) for s, e in ranges
        ]
        vectors = centre(np.concatenate(client.gather(pooled)))
    else:
        raw = client.submit(
            embed,
            rep_texts,
            params.method,
            svd_dims=params.svd_dims,
            seed=params.seed,
            pure=False,
        ).result()
        vectors = centre(raw)
    tick("embed", len(rep_texts), len(rep_texts))
    tick("group", 0)
    labels = group_stage(vectors, params)
    tick("group", 1)
    return finish(sources, segments, camp, duplicate_of, vectors, labels, params, progress)
