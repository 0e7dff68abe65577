"""Measure one call's time and memory, stopping it if it runs away.

``measure(call)`` runs ``call`` twice: once timed (wall time, ``time.perf_counter``, and the
calling thread's CPU time, ``time.thread_time``), with the process's
resident high-water mark reset before it where Linux allows (it also sees memory that C
libraries such as lxml allocate), and once under ``tracemalloc`` for the peak of Python
allocations (tracemalloc slows Python code down, so the two are not measured together).
A call still running after ``guard_seconds`` is interrupted (``SIGALRM``) and reported as
:class:`RanAway`: a test of a stall fails in seconds, not minutes.

The time bound is on CPU time: the work a call does is what stalls a server, and CPU time
does not grow when a shared machine (CI beside other jobs) gives the process less of a core,
as wall time does. It is the calling thread's own time: the process's would also count what
other threads of the test process do meanwhile (a live server or worker another test left
running), and once did (2.05 s for a call that costs 0.25 s). Wall time is still bounded,
more loosely (``WALL_SLACK``), so that a call that waits without working (a lock, a sleep)
cannot pass.
"""

from __future__ import annotations

import contextlib
import gc
import signal
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MB = 1024 * 1024
#: The bounds of issue 10 for a refused input.
MAX_SECONDS = 2.0
MAX_EXTRA_BYTES = 200 * MB
#: How much longer than its CPU bound a call may take on the wall clock.
WALL_SLACK = 4.0


class RanAway(BaseException):
    """The call was still running when the guard went off.

    A ``BaseException``, as ``KeyboardInterrupt`` is, so that the ``except Exception`` of the
    code under test (pypdf skips a damaged form that way) cannot swallow it.
    """


@contextlib.contextmanager
def guard(seconds: float) -> Iterator[None]:
    """Interrupt the block with :class:`RanAway` after ``seconds`` (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def ran_away(signum: int, frame: Any) -> None:
        raise RanAway(f"still running after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, ran_away)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _status_kb(field: str) -> int | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def _reset_high_water() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


@dataclass
class Measured:
    """What a call cost: ``seconds`` of wall time, ``cpu_seconds`` of its thread's CPU
    time, ``peak_bytes`` of Python allocations at
    their peak, ``rss_bytes`` of resident memory it added at its peak (None where the high
    water mark cannot be reset), and what it returned or raised."""

    seconds: float
    cpu_seconds: float
    peak_bytes: int
    rss_bytes: int | None
    value: Any = None
    error: BaseException | None = None

    def check_time(self, seconds: float) -> None:
        """At most ``seconds`` of CPU time, and ``WALL_SLACK`` times that of wall time."""
        assert self.cpu_seconds <= seconds, f"took {self.cpu_seconds:.2f} s of CPU time"
        wall = seconds * WALL_SLACK
        assert self.seconds <= wall, f"took {self.seconds:.2f} s (wall; bound {wall:g} s)"

    def check(self, seconds: float = MAX_SECONDS, extra_bytes: int = MAX_EXTRA_BYTES) -> None:
        """Assert the bounds (and that the call did not run away)."""
        assert not isinstance(self.error, RanAway), self.error
        self.check_time(seconds)
        assert self.peak_bytes <= extra_bytes, f"allocated {self.peak_bytes / MB:.0f} MB"
        if self.rss_bytes is not None:
            assert self.rss_bytes <= extra_bytes, f"grew by {self.rss_bytes / MB:.0f} MB"

    def raised(self, kind: type[BaseException]) -> BaseException:
        """The error the call raised, which must be a ``kind``."""
        assert isinstance(self.error, kind), f"expected {kind.__name__}, got {self.error!r}"
        return self.error


def _run(call: Callable[[], Any]) -> tuple[Any, BaseException | None]:
    try:
        return call(), None
    except Exception as error:  # the measured outcome, examined by the test
        return None, error


def measure(
    call: Callable[[], Any], *, guard_seconds: float = 10.0, warm_up: bool = False
) -> Measured:
    """Run ``call`` (timed, then under tracemalloc); see the module docstring.

    ``warm_up`` runs it once more first, untimed (still guarded), so that what a process
    does once (importing a module, compiling a template) is not counted: for requests.
    """
    if warm_up:
        with guard(guard_seconds):
            _run(call)
    resettable = _reset_high_water()
    before = _status_kb("VmRSS") if resettable else None
    # What the process holds already (late in a long test run: hundreds of MB of earlier
    # tests' objects) is frozen out of the cyclic collector while the call runs: its
    # collections then walk only what the call made, so the CPU time is the call's own (a
    # bounded parse once read 2.4 s, over a 2 s bound, late in a full run).
    gc.collect()
    gc.freeze()
    try:
        started, cpu_started = time.perf_counter(), time.thread_time()
        with guard(guard_seconds):
            try:
                value, error = _run(call)
            except RanAway as stopped:
                value, error = None, stopped
        seconds = time.perf_counter() - started
        cpu_seconds = time.thread_time() - cpu_started
    finally:
        gc.unfreeze()
    high = _status_kb("VmHWM") if resettable else None
    rss = (high - before) * 1024 if high is not None and before is not None else None
    if isinstance(error, RanAway):
        return Measured(seconds, cpu_seconds, 0, rss, value, error)
    tracemalloc.start()
    try:
        with contextlib.suppress(Exception, RanAway), guard(guard_seconds * 3):
            call()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return Measured(seconds, cpu_seconds, peak, rss, value, error)
