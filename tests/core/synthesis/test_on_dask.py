"""The pipeline on a two-worker Dask LocalCluster gives exactly the single-process result."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from accord.core.synthesis import Source, SynthesisParams, synthesise, synthetic_comments
from tests.core.synthesis.test_pipeline import sources as working_group

distributed = pytest.importorskip("dask.distributed")


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    )
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


def comments() -> list[Source]:
    c = synthetic_comments(1_500, seed=7)
    return [
        Source(id=i, text=t, submitter=s, constituency=("Public", "Industry")[i % 2])
        for i, (t, s) in enumerate(zip(c.texts, c.submitter.tolist(), strict=True))
    ]


@pytest.mark.parametrize("method", ["wordllama", "tfidf"])
def test_same_result_as_one_process(client: Any, method: str) -> None:
    from accord.core.synthesis.on_dask import run_on_dask

    params = SynthesisParams(method=method)
    for batch in (working_group(), comments()):
        here = synthesise(batch, params)
        there = run_on_dask(client, batch, params, batch_size=400)
        assert there == here
    assert len(here.campaigns) >= 1 and len(here.groups) >= 2
