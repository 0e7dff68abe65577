"""``accord demo`` reports every step of the build, in order, to the last (issue 9)."""

from __future__ import annotations

from accord.demo.scenario import build_demo

MEETINGS = [f"meeting {n} of 5" for n in range(1, 6)]


class Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[int, int, str]] = []

    def __call__(self, done: int, total: int, note: str = "") -> None:
        self.calls.append((done, total, note))


def test_the_full_build_reports_each_step_as_it_starts_and_the_end(db):
    progress = Recorder()
    build_demo(progress=progress)
    assert [(done, total) for done, total, _ in progress.calls] == [(n, 13) for n in range(14)]
    assert [note for _, _, note in progress.calls] == [
        "establishing the group",
        "members and negotiating groups",
        "roles",
        *MEETINGS,
        "the call for contributions",
        "the negotiation of the draft",
        "the mailing list",
        "the consensus call, silence and the Chair's summary",
        "publishing the group",
        "done",
    ]


def test_a_build_that_stops_at_the_negotiation_counts_only_its_own_steps(db):
    progress = Recorder()
    build_demo(progress=progress, through="negotiation")
    assert [(done, total) for done, total, _ in progress.calls] == [(n, 12) for n in range(13)]
    assert "the consensus call, silence and the Chair's summary" not in {
        note for _, _, note in progress.calls
    }
    assert progress.calls[-1] == (12, 12, "done")
