"""One-thread BLAS/OpenMP for the math: faster on 2 cores and bit-reproducible."""

from __future__ import annotations

from typing import Any

from threadpoolctl import ThreadpoolController

_CONTROLLER: ThreadpoolController | None = None


def single_thread() -> Any:
    """Context manager limiting BLAS and OpenMP pools to one thread (cheap after first use)."""
    global _CONTROLLER
    if _CONTROLLER is None:
        _CONTROLLER = ThreadpoolController()
    return _CONTROLLER.limit(limits=1)
