"""The silence procedure, on a frozen clock: deadlines across time zones and DST, breaks on
named paragraphs, the result recorded at the deadline without anyone logged in."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from unittest import mock

import pytest
from django.core.management import call_command

from accord.common.errors import Conflict, Gone, PermissionDenied, ValidationFailed
from accord.outcomes.models import SilenceBreak, SilenceProcedure
from accord.outcomes.services import silence

UTC = dt.UTC
T0 = dt.datetime(2026, 3, 24, 9, 0, tzinfo=UTC)  # a Tuesday, before Europe's clocks go forward


@contextmanager
def frozen(at):
    with mock.patch("django.utils.timezone.now", return_value=at):
        yield


def _start(dec, local, zone="Europe/Zurich", **kw):
    return silence.silence_start(
        actor=dec.chair, version=dec.version, deadline=local, time_zone=zone, **kw
    )


def test_deadline_is_the_stated_wall_clock_time_in_its_zone_across_dst(dec):
    with frozen(T0):
        # Friday 27 March 18:00 in Geneva is CET (UTC+1); clocks go forward on Sunday 29 March.
        p = _start(dec, dt.datetime(2026, 3, 27, 18, 0))
        assert p.deadline == dt.datetime(2026, 3, 27, 17, 0, tzinfo=UTC)
        silence.silence_withdraw(actor=dec.chair, procedure=p, reason="Wrong day.")
        # Monday 30 March 18:00 is CEST (UTC+2).
        p = _start(dec, dt.datetime(2026, 3, 30, 18, 0))
        assert p.deadline == dt.datetime(2026, 3, 30, 16, 0, tzinfo=UTC)
        silence.silence_withdraw(actor=dec.chair, procedure=p, reason="Wrong zone.")
        p = _start(dec, dt.datetime(2026, 3, 30, 18, 0), zone="America/New_York")
        assert p.deadline == dt.datetime(2026, 3, 30, 22, 0, tzinfo=UTC)


def test_times_the_clocks_skip_or_repeat_are_refused(dec):
    with frozen(T0), pytest.raises(ValidationFailed, match="does not exist"):
        _start(dec, dt.datetime(2026, 3, 29, 2, 30))
    autumn = dt.datetime(2026, 10, 20, 9, 0, tzinfo=UTC)
    with frozen(autumn), pytest.raises(ValidationFailed, match="happens twice"):
        _start(dec, dt.datetime(2026, 10, 25, 2, 30))


def test_minimum_duration_past_deadline_and_unknown_zone(dec):
    with frozen(T0):
        with pytest.raises(ValidationFailed, match="past"):
            _start(dec, dt.datetime(2026, 3, 23, 18, 0))
        with pytest.raises(ValidationFailed, match="at least 72 hours"):
            _start(dec, dt.datetime(2026, 3, 27, 9, 0))  # 71 hours in Geneva time
        with pytest.raises(ValidationFailed, match="Unknown time zone"):
            _start(dec, dt.datetime(2026, 3, 30, 18, 0), zone="Mars/Olympus")
        assert _start(dec, dt.datetime(2026, 3, 27, 11, 0)).deadline == T0 + dt.timedelta(hours=73)
        with pytest.raises(Conflict):
            _start(dec, dt.datetime(2026, 3, 30, 18, 0))
    assert SilenceProcedure.objects.count() == 1


def test_adopted_under_silence_when_nobody_breaks_it_by_the_scheduled_check(dec):
    with frozen(T0):
        p = _start(dec, dt.datetime(2026, 3, 27, 18, 0))
    with frozen(dt.datetime(2026, 3, 27, 16, 59, tzinfo=UTC)):
        assert silence.silence_settle_due() == 0
    with frozen(dt.datetime(2026, 3, 27, 17, 0, tzinfo=UTC)):
        call_command("tick", verbosity=0)
    p.refresh_from_db()
    assert p.result == "adopted"
    assert p.concluded_at == dt.datetime(2026, 3, 27, 17, 0, tzinfo=UTC)


def test_broken_on_named_paragraphs_then_follow_on_for_the_rest(dec):
    with frozen(T0):
        p = _start(dec, dt.datetime(2026, 3, 27, 18, 0))
    with frozen(T0 + dt.timedelta(hours=30)):
        made = silence.silence_break(
            actor=dec.delegates["cs"],
            procedure=p,
            paragraphs=[dec.p("OP2")],
            reason="We cannot accept a new mechanism.",
        )
        assert [x.key for x in made.paragraphs.all()] == ["OP2"]
        silence.silence_break(
            actor=dec.delegates["BRA"],
            procedure=p,
            paragraphs=[dec.p("OP1")],
            kind="amendment",
            reason="Qualify it.",
            proposed_text="Recommends that stakeholders take part, in their respective roles;",
            on_behalf_of=dec.bloc,
        )
    late = dt.datetime(2026, 3, 27, 17, 0, 1, tzinfo=UTC)
    with frozen(late):
        # The first action after the deadline records the result, then is refused itself.
        with pytest.raises(Gone, match="ended at 2026-03-27 17:00"):
            silence.silence_break(
                actor=dec.delegates["SWE"], procedure=p, paragraphs=[dec.p("OP3")], reason="Late."
            )
        p.refresh_from_db()
        assert p.result == "broken"
        assert SilenceBreak.objects.count() == 2
        assert [x.key for x in silence.unbroken_paragraphs(p)] == ["PP1", "OP3"]
        follow = silence.silence_follow_on(
            actor=dec.chair,
            procedure=p,
            deadline=dt.datetime(2026, 3, 31, 18, 0),
            time_zone="Europe/Zurich",
        )
    assert [x.key for x in follow.paragraphs.all()] == ["PP1", "OP3"]
    with frozen(late), pytest.raises(ValidationFailed, match="Not under silence: OP2"):
        silence.silence_break(
            actor=dec.delegates["cs"], procedure=follow, paragraphs=[dec.p("OP2")], reason="x"
        )


def test_who_may_break_silence_and_bad_breaks(dec, world):
    with frozen(T0):
        p = _start(dec, dt.datetime(2026, 3, 27, 18, 0))
        for role in ("chair", "secretariat", "observer", "facilitator", "outsider"):
            with pytest.raises(PermissionDenied):
                silence.silence_break(
                    actor=world.users[role], procedure=p, paragraphs=[dec.p("OP1")], reason="x"
                )
        with pytest.raises(ValidationFailed, match="Name the paragraphs"):
            silence.silence_break(
                actor=dec.delegates["BRA"], procedure=p, paragraphs=[], reason="x"
            )
        with pytest.raises(ValidationFailed, match="why"):
            silence.silence_break(
                actor=dec.delegates["BRA"], procedure=p, paragraphs=[dec.p("OP1")], reason=" "
            )
        with pytest.raises(ValidationFailed, match="wording"):
            silence.silence_break(
                actor=dec.delegates["BRA"],
                procedure=p,
                paragraphs=[dec.p("OP1")],
                reason="x",
                kind="amendment",
            )
        with pytest.raises(PermissionDenied, match="cannot speak for"):
            silence.silence_break(
                actor=dec.delegates["cs"],
                procedure=p,
                paragraphs=[dec.p("OP1")],
                reason="x",
                on_behalf_of=dec.bloc,
            )
        for role in ("delegate", "secretariat", "facilitator"):
            with pytest.raises(PermissionDenied):
                _start_as = world.users[role]
                silence.silence_start(
                    actor=_start_as,
                    version=dec.version,
                    deadline=dt.datetime(2026, 4, 1, 18, 0),
                    time_zone="UTC",
                )
    assert SilenceBreak.objects.count() == 0


def test_deadlines_at_the_calendar_edges_are_refused_not_a_crash(dec):
    with frozen(T0):
        for local, zone_name in [
            (dt.datetime(9999, 12, 31, 23, 59), "America/New_York"),
            (dt.datetime(1, 1, 1, 0, 0), "Asia/Tokyo"),
        ]:
            with pytest.raises(ValidationFailed):
                _start(dec, local, zone=zone_name)
