"""The decision and outcome API: consensus calls (stances, also for the "g2" bloc, the decision,
determinations, closing), silence on a frozen clock, the package view, outcomes; errors."""

# ruff: noqa: F811  (the auth fixture is imported from tests/positions/conftest)

from __future__ import annotations

import datetime as dt
import importlib
from contextlib import contextmanager
from unittest import mock

import pytest

from accord.accounts.services import api_token_create
from accord.outcomes.models import (
    ConsensusCall,
    Outcome,
    PackageCondition,
    SilenceBreak,
    StanceEvent,
)
from tests.positions.conftest import auth, make_version, post_json  # noqa: F401

from .conftest import TEXTS

V1 = "/api/v1/groups/wgec/drafts/recs/versions/1"
OUTCOMES = "/api/v1/groups/wgec/outcomes"
UTC = dt.UTC
T0 = dt.datetime(2026, 3, 24, 9, 0, tzinfo=UTC)  # a Tuesday; Geneva is on CET (UTC+1)

BRA, SWE, CS = "bra", "swe", "open-network-alliance"


@contextmanager
def frozen(at):
    with mock.patch("django.utils.timezone.now", return_value=at):
        yield


@pytest.fixture
def as_(dec, auth):
    """Headers for a role of the world, or for the delegate of a member ("BRA", "SWE", "cs")."""

    def headers(who: str) -> dict[str, str]:
        if who in dec.delegates:
            _, key = api_token_create(user=dec.delegates[who], name="test")
            return {"HTTP_AUTHORIZATION": f"Bearer {key}"}
        return auth(who)

    return headers


def _open(client, as_, body=None):
    response = post_json(client, f"{V1}/calls", body or {}, as_("chair"))
    assert response.status_code == 201, response.json()
    return response.json()["id"]


def _stance(client, as_, who, call_id, **body):
    return post_json(client, f"{V1}/calls/{call_id}/stances", body, as_(who))


def _fields(response):
    """The fields the error body names; a 422 names them by their place in the request
    ("payload.rule_params.majority"), which is shortened here to the field itself."""
    return {k.removeprefix("payload."): v for k, v in response.json()["error"]["fields"].items()}


# ---------------------------------------------------------------- the consensus call


def test_call_through_the_api_says_exactly_who_objects_to_what(dec, client, as_):
    call_id = _open(client, as_, {"note": "The Chair tests consensus on the zero draft."})
    listing = client.get(f"{V1}/calls", **as_("delegate"))
    assert listing.status_code == 200
    [summary] = listing.json()["items"]
    assert summary["id"] == call_id and summary["is_open"] and summary["rule"] == "consensus"
    assert summary["adopted"] is None and summary["record"] is None

    assert _stance(client, as_, "SWE", call_id, kind="support").status_code == 201
    assert (
        _stance(
            client,
            as_,
            "cs",
            call_id,
            kind="object",
            paragraph="OP2",
            reason="A new mechanism duplicates existing forums.",
        ).status_code
        == 201
    )
    group_stance = _stance(
        client,
        as_,
        "BRA",
        call_id,
        kind="object",
        paragraph="OP1",
        reason="Full participation must be qualified.",
        on_behalf_of="g2",
    )
    assert group_stance.status_code == 201
    assert group_stance.json()["on_behalf_of"] == "g2"
    assert group_stance.json()["member"] == BRA and group_stance.json()["paragraph"] == "OP1"

    body = client.get(f"{V1}/calls/{call_id}", **as_("observer")).json()
    assert body["adopted"] is False and body["failed"] == ["OP1", "OP2"]
    # The group's statement counts for Brazil and Sweden (Sweden said nothing on OP1 itself).
    assert [(o["member"], o["paragraphs"]) for o in body["objections"]] == [
        (BRA, ["OP1"]),
        (CS, ["OP2"]),
        (SWE, ["OP1"]),
    ]
    sweden = body["objections"][2]
    assert sweden["name"] == "Sweden" and sweden["constituency"] == "member-states"
    assert sweden["items"] == [
        {"paragraph": "OP1", "via_group": "g2", "reason": "Full participation must be qualified."}
    ]

    # Sweden's own stance on OP1 wins over the group's.
    own = _stance(client, as_, "SWE", call_id, kind="no_objection", paragraph="OP1")
    assert own.status_code == 201
    body = client.get(f"{V1}/calls/{call_id}", **as_("chair")).json()
    assert body["objections"] == [
        {
            "member": BRA,
            "name": "Brazil",
            "constituency": "member-states",
            "on_text": False,
            "paragraphs": ["OP1"],
            "items": [
                {
                    "paragraph": "OP1",
                    "via_group": "g2",
                    "reason": "Full participation must be qualified.",
                }
            ],
        },
        {
            "member": CS,
            "name": "Open Network Alliance",
            "constituency": "civil-society",
            "on_text": False,
            "paragraphs": ["OP2"],
            "items": [
                {
                    "paragraph": "OP2",
                    "via_group": None,
                    "reason": "A new mechanism duplicates existing forums.",
                }
            ],
        },
    ]
    items = {p["key"]: p for p in body["paragraphs"]}
    assert list(items) == ["PP1", "OP1", "OP2", "OP3"]
    assert items["OP1"]["objecting"] == [BRA] and items["OP1"]["adopted"] is False
    assert items["OP1"]["counts"] == {"no_objection": 1, "object": 1, "none": 1}
    assert items["OP3"]["adopted"] is True and items["OP3"]["counts"]["support"] == 1
    assert body["text"]["key"] is None and body["text"]["adopted"] is False

    explained = post_json(
        client,
        f"{V1}/calls/{call_id}/explanations",
        {"timing": "before", "text": "We cannot join consensus on OP2.", "paragraphs": ["OP2"]},
        as_("cs"),
    )
    assert explained.status_code == 201
    assert explained.json()["paragraphs"] == ["OP2"] and explained.json()["member"] == CS

    determined = post_json(
        client,
        f"{V1}/calls/{call_id}/determinations",
        {"paragraph": "OP1", "reason": "Broad support; the concern is met by OP3."},
        as_("chair"),
    )
    assert determined.status_code == 201
    assert determined.json()["paragraph"] == "OP1"
    assert determined.json()["overruled"] == [
        {
            "member": BRA,
            "name": "Brazil",
            "paragraph": "OP1",
            "via": "Group of Two",
            "reason": "Full participation must be qualified.",
        }
    ]
    again = post_json(
        client,
        f"{V1}/calls/{call_id}/determinations",
        {"paragraph": "OP1", "reason": "Once more."},
        as_("chair"),
    )
    assert again.status_code == 409
    nothing = post_json(
        client,
        f"{V1}/calls/{call_id}/determinations",
        {"paragraph": "OP3", "reason": "Nothing to overrule."},
        as_("chair"),
    )
    assert nothing.status_code == 400

    body = client.get(f"{V1}/calls/{call_id}", **as_("chair")).json()
    items = {p["key"]: p for p in body["paragraphs"]}
    assert items["OP1"]["adopted"] and items["OP1"]["determined"]
    assert not items["OP1"]["adopted_by_rule"]
    assert body["failed"] == ["OP2"]
    assert [e["text"] for e in body["explanations"]] == ["We cannot join consensus on OP2."]

    closed = post_json(client, f"{V1}/calls/{call_id}/close", {}, as_("chair"))
    assert closed.status_code == 200
    closed_body = closed.json()
    assert closed_body["is_open"] is False and closed_body["adopted"] is False
    assert closed_body["record"] == {"adopted": False, "failed": ["OP2"], "determined": ["OP1"]}

    # A closed call takes no more stances or determinations; an explanation after it, yes.
    late = _stance(client, as_, "SWE", call_id, kind="support", paragraph="OP2")
    assert late.status_code == 410 and late.json()["error"]["code"] == "closed"
    late_determination = post_json(
        client,
        f"{V1}/calls/{call_id}/determinations",
        {"paragraph": "OP2", "reason": "Too late."},
        as_("chair"),
    )
    assert late_determination.status_code == 410
    assert post_json(client, f"{V1}/calls/{call_id}/close", {}, as_("chair")).status_code == 410
    before = post_json(
        client,
        f"{V1}/calls/{call_id}/explanations",
        {"timing": "before", "text": "Too late."},
        as_("SWE"),
    )
    assert before.status_code == 410
    after = post_json(
        client,
        f"{V1}/calls/{call_id}/explanations",
        {"timing": "after", "text": "Sweden regrets that OP2 was not agreed.", "on_behalf_of": ""},
        as_("SWE"),
    )
    assert after.status_code == 201 and after.json()["timing"] == "after"
    assert StanceEvent.objects.count() == 4


def test_rules_and_thresholds_are_checked(dec, client, as_):
    unknown = post_json(client, f"{V1}/calls", {"rule": "unanimity"}, as_("chair"))
    assert unknown.status_code == 400 and "rule" in _fields(unknown)
    out_of_range = post_json(
        client,
        f"{V1}/calls",
        {"rule": "rough_consensus", "rule_params": {"default_objection_share": "2"}},
        as_("chair"),
    )
    assert out_of_range.status_code == 400 and "rule_params" in _fields(out_of_range)
    not_a_share = post_json(
        client,
        f"{V1}/calls",
        {"rule": "vote", "rule_params": {"majority": "two thirds"}},
        as_("chair"),
    )
    assert not_a_share.status_code == 422 and "rule_params.majority" in _fields(not_a_share)
    vote = post_json(
        client,
        f"{V1}/calls",
        {"rule": "vote", "rule_params": {"majority": "2/3", "strict": False}},
        as_("chair"),
    )
    assert vote.status_code == 201
    assert vote.json()["rule_params"]["majority"] == "2/3"
    assert vote.json()["rule_params"]["strict"] is False
    second = post_json(client, f"{V1}/calls", {}, as_("chair"))
    assert second.status_code == 409
    assert ConsensusCall.objects.count() == 1


def test_stance_input_errors_name_the_field(dec, client, as_):
    call_id = _open(client, as_)
    cases = [
        ({"kind": "maybe"}, 400, "kind"),
        ({"kind": "object", "paragraph": "OP2"}, 400, "reason"),
        ({"kind": "dissociation"}, 400, "paragraph"),
        ({"kind": "support", "paragraph": "OP9"}, 400, "paragraph"),
        ({"kind": "support", "on_behalf_of": "eu"}, 400, "on_behalf_of"),
        ({"paragraph": "OP2"}, 422, "kind"),
        ({"kind": "support", "reason": 7}, 422, "reason"),
    ]
    for body, status, field in cases:
        response = _stance(client, as_, "BRA", call_id, **body)
        assert response.status_code == status, (body, response.json())
        assert field in _fields(response), (body, response.json())
        assert set(response.json()["error"]) == {"code", "message", "fields"}
    # The civil-society member is no member of G2 and cannot speak for it.
    not_in_group = _stance(client, as_, "cs", call_id, kind="support", on_behalf_of="g2")
    assert not_in_group.status_code == 403
    explanation = post_json(
        client,
        f"{V1}/calls/{call_id}/explanations",
        {"timing": "before", "text": "  "},
        as_("BRA"),
    )
    assert explanation.status_code == 400 and "text" in _fields(explanation)
    timing = post_json(
        client, f"{V1}/calls/{call_id}/explanations", {"timing": "during", "text": "x"}, as_("BRA")
    )
    assert timing.status_code == 400 and "timing" in _fields(timing)
    reasonless = post_json(
        client, f"{V1}/calls/{call_id}/determinations", {"reason": ""}, as_("chair")
    )
    assert reasonless.status_code == 400 and "reason" in _fields(reasonless)
    assert StanceEvent.objects.count() == 0


# ---------------------------------------------------------------- the package view


def test_package_view_on_a_case_checked_by_hand(dec, client, as_):
    """cs objects to OP2; Sweden accepts OP3 only if OP2 is in. Every member accepts {OP1};
    OP2 is out because of cs's objection, OP3 because Sweden's condition needs OP2."""
    call_id = _open(client, as_)
    _stance(client, as_, "cs", call_id, kind="object", paragraph="OP2", reason="Duplicates.")
    condition = post_json(
        client,
        f"{V1}/package/conditions",
        {"kind": "requires", "paragraph": "OP3", "requires": "OP2", "note": "A package deal."},
        as_("SWE"),
    )
    assert condition.status_code == 201, condition.json()
    assert condition.json()["member"] == SWE and condition.json()["requires"] == "OP2"

    view = client.get(f"{V1}/package", **as_("observer"))
    assert view.status_code == 200, view.json()
    body = view.json()
    assert body["items"] == ["OP1", "OP2", "OP3"] and body["members"] == 3
    assert body["package"] == ["OP1"]
    assert body["all_accept"] is True and body["status"] == "optimal"
    assert sorted(body["accepted_by"]) == sorted([BRA, SWE, CS])
    # An item weighs supporters − objectors + members/4: OP1 has neither, so 3/4; proven best.
    assert body["value"] == body["bound"] == 0.75 and body["gap"] == 0
    left = {row["item"]: row for row in body["left_out"]}
    assert set(left) == {"OP2", "OP3"}
    assert left["OP2"]["blockers"] == [CS]
    assert left["OP2"]["members"] == [
        {"member": CS, "violations": [{"kind": "objection", "items": ["OP2"]}]}
    ]
    assert left["OP3"]["blockers"] == [SWE]
    assert left["OP3"]["members"][0]["violations"] == [
        {"kind": "requires", "items": ["OP3", "OP2"]}
    ]
    # Counted by constituency and by negotiating group (Sweden is in G2; cs in none).
    assert left["OP3"]["by_group"] == {"g2": 1}
    assert left["OP2"]["by_group"] == {}
    assert sum(left["OP2"]["by_constituency"].values()) == 1
    assert [c["paragraph"] for c in body["conditions"]] == ["OP3"]

    why = client.get(f"{V1}/package/why/OP2", **as_("chair"))
    assert why.status_code == 200
    assert why.json()["possible"] is False
    assert [(c["member"], c["stance"]) for c in why.json()["core"]] == [(CS, "object")]
    # The one withdrawal that lets OP2 in: cs's objection; then all three fit (Sweden's
    # condition is met), and no other single withdrawal would do.
    assert why.json()["withdrawals"] == {
        "minimum": 1,
        "status": "optimal",
        "more_exist": False,
        "sets": [
            {
                "withdrawals": [{"member": CS, "kind": "objection", "items": ["OP2"]}],
                "package": ["OP1", "OP2", "OP3"],
            }
        ],
    }
    # OP3's obstacle is Sweden's condition, which needs OP2, which cs blocks: one withdrawal.
    why3 = client.get(f"{V1}/package/why/OP3", **as_("chair")).json()
    assert why3["possible"] is False and why3["withdrawals"]["minimum"] == 1
    assert [s["withdrawals"] for s in why3["withdrawals"]["sets"]] == [
        [{"member": CS, "kind": "objection", "items": ["OP2"]}],
        [{"member": SWE, "kind": "requires", "items": ["OP3", "OP2"]}],
    ] or [s["withdrawals"] for s in why3["withdrawals"]["sets"]] == [
        [{"member": SWE, "kind": "requires", "items": ["OP3", "OP2"]}],
        [{"member": CS, "kind": "objection", "items": ["OP2"]}],
    ]
    assert client.get(f"{V1}/package/why/OP9", **as_("chair")).status_code == 404
    # Members-only, like the page: the public and outsiders get the version's 404.
    assert client.get(f"{V1}/package").status_code == 404
    assert client.get(f"{V1}/package", **as_("outsider")).status_code == 404


def test_condition_errors(dec, client, as_):
    path = f"{V1}/package/conditions"
    cases = [
        ({"kind": "requires", "paragraph": "OP3"}, "requires"),
        ({"kind": "requires", "paragraph": "OP3", "requires": "OP9"}, "requires"),
        ({"kind": "must_include", "paragraph": "OP9"}, "paragraph"),
        ({"kind": "sometimes", "paragraph": "OP1"}, "kind"),
    ]
    for body, field in cases:
        response = post_json(client, path, body, as_("BRA"))
        assert response.status_code == 400, (body, response.json())
        assert field in _fields(response), (body, response.json())
    red_line = post_json(client, path, {"kind": "must_include", "paragraph": "OP2"}, as_("BRA"))
    assert red_line.status_code == 201
    contradiction = post_json(
        client, path, {"kind": "must_exclude", "paragraph": "OP2"}, as_("BRA")
    )
    assert contradiction.status_code == 400 and "kind" in _fields(contradiction)
    chair = post_json(client, path, {"kind": "must_include", "paragraph": "OP1"}, as_("chair"))
    assert chair.status_code == 403
    assert PackageCondition.objects.count() == 1


# ---------------------------------------------------------------- silence


def test_silence_started_broken_and_a_late_break_is_gone(dec, client, as_):
    path = f"{V1}/silence"
    with frozen(T0):
        started = post_json(
            client,
            path,
            {"deadline_local": "2026-03-27T18:00", "time_zone": "Europe/Zurich", "note": "Text"},
            as_("chair"),
        )
        assert started.status_code == 201, started.json()
        body = started.json()
        # 18:00 in Geneva on 27 March is 17:00 UTC (CET, before the clocks go forward).
        assert body["deadline"] == "2026-03-27T17:00:00Z"
        assert body["time_zone"] == "Europe/Zurich" and body["deadline_local"] == "2026-03-27T18:00"
        assert body["running"] and body["result"] == "" and body["paragraphs"] == []
        assert body["scope"] == ["PP1", "OP1", "OP2", "OP3"]
        silence_id = body["id"]
        again = post_json(
            client,
            path,
            {"deadline_local": "2026-03-30T18:00", "time_zone": "Europe/Zurich"},
            as_("chair"),
        )
        assert again.status_code == 409

    breaks = f"{path}/{silence_id}/breaks"
    with frozen(T0 + dt.timedelta(days=1)):
        broke = post_json(
            client,
            breaks,
            {"paragraphs": ["OP2"], "reason": "OP2 duplicates existing forums."},
            as_("cs"),
        )
        assert broke.status_code == 201
        assert broke.json()["member"] == CS and broke.json()["kind"] == "objection"
        for_group = post_json(
            client,
            breaks,
            {
                "paragraphs": ["OP1"],
                "reason": "G2 proposes other wording.",
                "kind": "amendment",
                "proposed_text": "Recommends that stakeholders take part in the follow-up;",
                "on_behalf_of": "g2",
            },
            as_("BRA"),
        )
        assert for_group.status_code == 201 and for_group.json()["on_behalf_of"] == "g2"
        cases = [
            ({"paragraphs": [], "reason": "x"}, 400, "paragraphs"),
            ({"paragraphs": ["OP9"], "reason": "x"}, 400, "paragraphs"),
            ({"paragraphs": ["OP3"], "reason": ""}, 400, "reason"),
            ({"paragraphs": ["OP3"], "reason": "x", "kind": "amendment"}, 400, "proposed_text"),
            ({"paragraphs": ["OP3"], "reason": "x", "kind": "veto"}, 400, "kind"),
            ({"reason": "x"}, 422, "paragraphs"),
        ]
        for body, status, field in cases:
            response = post_json(client, breaks, body, as_("SWE"))
            assert response.status_code == status, (body, response.json())
            assert field in _fields(response)
        chair = post_json(client, breaks, {"paragraphs": ["OP3"], "reason": "x"}, as_("chair"))
        assert chair.status_code == 403
        running = client.get(path, **as_("observer")).json()["items"]
        assert running[0]["running"] and len(running[0]["breaks"]) == 2

    with frozen(dt.datetime(2026, 3, 27, 17, 0, tzinfo=UTC)):
        late = post_json(
            client, breaks, {"paragraphs": ["OP3"], "reason": "Just in time?"}, as_("SWE")
        )
        assert late.status_code == 410 and late.json()["error"]["code"] == "closed"
        [done] = client.get(path, **as_("delegate")).json()["items"]
        assert done["result"] == "broken" and done["running"] is False
        assert done["concluded_at"] == "2026-03-27T17:00:00Z"
        assert done["unbroken"] == ["PP1", "OP3"]
        assert [(b["member"], b["paragraphs"]) for b in done["breaks"]] == [
            (CS, ["OP2"]),
            (BRA, ["OP1"]),
        ]
        withdraw = post_json(
            client, f"{path}/{silence_id}/withdraw", {"reason": "Ended."}, as_("chair")
        )
        assert withdraw.status_code == 410
    assert SilenceBreak.objects.count() == 2


def test_silence_start_errors_and_withdraw(dec, client, as_):
    path = f"{V1}/silence"
    with frozen(T0):
        cases = [
            ({"deadline_local": "27/03/2026 18:00", "time_zone": "UTC"}, 422, "deadline_local"),
            ({"deadline_local": 1774630800, "time_zone": "UTC"}, 422, "deadline_local"),
            ({"deadline_local": "2026-02-30T18:00", "time_zone": "UTC"}, 400, "deadline_local"),
            ({"deadline_local": "2026-03-25T18:00", "time_zone": "UTC"}, 400, "deadline_local"),
            ({"deadline_local": "2026-03-20T18:00", "time_zone": "UTC"}, 400, "deadline_local"),
            (
                {"deadline_local": "2026-03-29T02:30", "time_zone": "Europe/Zurich"},
                400,
                "deadline_local",
            ),
            (
                {"deadline_local": "9999-12-31T23:59", "time_zone": "America/New_York"},
                400,
                "deadline_local",
            ),
            ({"deadline_local": "2026-03-30T18:00", "time_zone": "Mars/Olympus"}, 400, "time_zone"),
            (
                {"deadline_local": "2026-03-30T18:00", "time_zone": "UTC", "paragraphs": ["OP9"]},
                400,
                "paragraphs",
            ),
            ({"time_zone": "UTC"}, 422, "deadline_local"),
        ]
        for body, status, field in cases:
            response = post_json(client, path, body, as_("chair"))
            assert response.status_code == status, (body, response.json())
            assert field in _fields(response), (body, response.json())
        delegate = post_json(
            client, path, {"deadline_local": "2026-03-30T18:00", "time_zone": "UTC"}, as_("BRA")
        )
        assert delegate.status_code == 403
        started = post_json(
            client,
            path,
            {
                "deadline_local": "2026-03-30T18:00",
                "time_zone": "America/New_York",
                "paragraphs": ["OP3"],
            },
            as_("chair"),
        )
        assert started.status_code == 201
        assert started.json()["deadline"] == "2026-03-30T22:00:00Z"  # EDT, UTC-4
        assert started.json()["paragraphs"] == started.json()["scope"] == ["OP3"]
        withdraw = f"{path}/{started.json()['id']}/withdraw"
        assert post_json(client, withdraw, {"reason": "x"}, as_("BRA")).status_code == 403
        reasonless = post_json(client, withdraw, {"reason": ""}, as_("chair"))
        assert reasonless.status_code == 400 and "reason" in _fields(reasonless)
        done = post_json(client, withdraw, {"reason": "Consultations continue."}, as_("chair"))
        assert done.status_code == 200
        assert done.json()["result"] == "cancelled" and done.json()["running"] is False
        missing = post_json(client, f"{path}/99999/withdraw", {"reason": "x"}, as_("chair"))
        assert missing.status_code == 404


# ---------------------------------------------------------------- outcomes


def _summary_available() -> bool:
    try:
        module = importlib.import_module("accord.core.summary")
    except ImportError:
        return False
    return hasattr(module, "draft_summary")


def _closed_failed_call(client, as_):
    call_id = _open(client, as_)
    _stance(client, as_, "cs", call_id, kind="object", paragraph="OP2", reason="Duplicates.")
    assert post_json(client, f"{V1}/calls/{call_id}/close", {}, as_("chair")).status_code == 200
    return call_id


def test_chairs_summary_created_edited_issued_and_public_only_once_issued(dec, client, as_):
    if not _summary_available():
        pytest.skip("accord.core.summary.draft_summary is not there yet (another engineer's work)")
    call_id = _closed_failed_call(client, as_)
    naming = post_json(
        client,
        OUTCOMES,
        {"kind": "chairs_summary", "call": call_id, "title": "S", "naming": "by_mood"},
        as_("chair"),
    )
    assert naming.status_code == 400 and "naming" in _fields(naming)
    assert not Outcome.objects.exists()  # all or nothing: no empty summary is left behind
    created = post_json(
        client,
        OUTCOMES,
        {"kind": "chairs_summary", "call": call_id, "title": "Chair's summary", "symbol": "S/1"},
        as_("chair"),
    )
    assert created.status_code == 201, created.json()
    outcome = created.json()
    assert outcome["kind"] == "chairs_summary" and outcome["status"] == "draft"
    assert outcome["call"] == call_id and outcome["symbol"] == "S/1"
    assert outcome["paragraphs"], "the summary is drafted from the record"
    text = next(p for p in outcome["paragraphs"] if p["kind"] == "text")
    assert all(set(s) == {"kind", "label", "url"} for s in text["sources"])
    one = f"{OUTCOMES}/{outcome['id']}"

    # A draft: members see it; the public gets the same 404 as for a missing outcome.
    assert client.get(OUTCOMES).json() == {"items": [], "count": 0}
    hidden, missing = client.get(one), client.get(f"{OUTCOMES}/99999")
    assert hidden.status_code == missing.status_code == 404 and hidden.json() == missing.json()
    assert [o["id"] for o in client.get(OUTCOMES, **as_("delegate")).json()["items"]] == [
        outcome["id"]
    ]

    edit = f"{one}/paragraphs/{text['key']}"
    new_text = "The Chair notes broad support for OP1 and OP3."
    assert (
        client.patch(edit, {"text": new_text}, content_type="application/json").status_code == 401
    )
    by_delegate = client.patch(
        edit, {"text": new_text}, content_type="application/json", **as_("BRA")
    )
    assert by_delegate.status_code == 403
    empty = client.patch(edit, {"text": " "}, content_type="application/json", **as_("chair"))
    assert empty.status_code == 400 and "text" in _fields(empty)
    unknown = client.patch(
        f"{one}/paragraphs/Z9", {"text": new_text}, content_type="application/json", **as_("chair")
    )
    assert unknown.status_code == 404
    edited = client.patch(edit, {"text": new_text}, content_type="application/json", **as_("chair"))
    assert edited.status_code == 200
    assert edited.json()["text"] == new_text and edited.json()["is_edited"] is True
    assert edited.json()["drafted_text"] == text["text"]

    assert post_json(client, f"{one}/issue", {}, as_("BRA")).status_code == 403
    issued = post_json(client, f"{one}/issue", {}, as_("chair"))
    assert issued.status_code == 200
    assert issued.json()["status"] == "issued" and len(issued.json()["content_hash"]) == 64
    public = client.get(one)
    assert public.status_code == 200 and public.json()["status"] == "issued"
    assert new_text in [p["text"] for p in public.json()["paragraphs"]]
    assert [o["id"] for o in client.get(OUTCOMES).json()["items"]] == [outcome["id"]]
    # Issued: sealed.
    sealed = client.patch(edit, {"text": "Later."}, content_type="application/json", **as_("chair"))
    assert sealed.status_code == 410
    assert post_json(client, f"{one}/issue", {}, as_("chair")).status_code == 410


def test_consensus_report_and_no_outcome(dec, client, as_):
    call_id = _open(client, as_)
    _stance(client, as_, "BRA", call_id, kind="support", on_behalf_of="g2")
    summary = post_json(
        client, OUTCOMES, {"kind": "consensus_report", "call": call_id, "title": "R"}, as_("chair")
    )
    assert summary.status_code == 400  # the call is still open
    post_json(client, f"{V1}/calls/{call_id}/close", {}, as_("chair"))
    cases = [
        ({"kind": "treaty", "call": call_id}, 400, "kind"),
        ({"kind": "consensus_report", "call": 99999, "title": "R"}, 400, "call"),
        ({"kind": "consensus_report", "title": "R"}, 400, "call"),
        ({"kind": "none", "call": call_id, "statement": ""}, 400, "statement"),
        ({"kind": "none", "call": call_id, "silence": 1}, 400, "silence"),
        ({"kind": "consensus_report", "call": call_id, "title": ""}, 400, "title"),
        ({"kind": "consensus_report", "call": "first"}, 422, "call"),
        ({"call": call_id}, 422, "kind"),
    ]
    for body, status, field in cases:
        response = post_json(client, OUTCOMES, body, as_("chair"))
        assert response.status_code == status, (body, response.json())
        assert field in _fields(response), (body, response.json())
    body = {"kind": "consensus_report", "call": call_id, "title": "Report of the working group"}
    assert post_json(client, OUTCOMES, body, as_("BRA")).status_code == 403
    wrong_kind = post_json(
        client, OUTCOMES, {"kind": "chairs_summary", "call": call_id, "title": "S"}, as_("chair")
    )
    assert wrong_kind.status_code == 400  # the text was adopted: a report, not a summary
    report = post_json(client, OUTCOMES, body, as_("chair"))
    assert report.status_code == 201
    assert report.json()["adopted_version"] == 1 and report.json()["report"] == "recs"
    issued = post_json(client, f"{OUTCOMES}/{report.json()['id']}/issue", {}, as_("chair"))
    assert issued.status_code == 200
    none = post_json(
        client,
        OUTCOMES,
        {"kind": "none", "call": call_id, "statement": "The group concludes without a text."},
        as_("chair"),
    )
    assert none.status_code == 409  # an outcome of this call is already issued
    assert Outcome.objects.count() == 1


# ---------------------------------------------------------------- who, and what exists


def test_writes_need_a_token(dec, client):
    call_id = ConsensusCall.objects.create(group=dec.world.group, version=dec.version).pk
    for path in [
        f"{V1}/calls",
        f"{V1}/calls/{call_id}/stances",
        f"{V1}/calls/{call_id}/explanations",
        f"{V1}/calls/{call_id}/determinations",
        f"{V1}/calls/{call_id}/close",
        f"{V1}/silence",
        f"{V1}/silence/1/breaks",
        f"{V1}/silence/1/withdraw",
        f"{V1}/package/conditions",
        OUTCOMES,
        f"{OUTCOMES}/1/issue",
    ]:
        response = post_json(client, path, {}, {"HTTP_AUTHORIZATION": "Bearer nonsense"})
        assert response.status_code == 401, path
        assert response.json()["error"]["code"] == "unauthorized"
        assert post_json(client, path, {}, {}).status_code == 401, path
    patch = client.patch(
        f"{OUTCOMES}/1/paragraphs/S1", {"text": "x"}, content_type="application/json"
    )
    assert patch.status_code == 401


def test_wrong_roles_are_refused(dec, client, as_):
    assert post_json(client, f"{V1}/calls", {}, as_("BRA")).status_code == 403
    assert post_json(client, f"{V1}/calls", {}, as_("facilitator")).status_code == 403
    call_id = _open(client, as_)
    for role in ("chair", "observer", "secretariat"):
        response = _stance(client, as_, role, call_id, kind="support")
        assert response.status_code == 403, role
        assert response.json()["error"]["code"] == "permission_denied"
    for action, body in [("determinations", {"reason": "x"}), ("close", {})]:
        response = post_json(client, f"{V1}/calls/{call_id}/{action}", body, as_("BRA"))
        assert response.status_code == 403, action
    # An outsider cannot see the members-only call at all: the same 404 as a missing one.
    outsider = _stance(client, as_, "outsider", call_id, kind="support")
    assert outsider.status_code == 404
    assert ConsensusCall.objects.get(pk=call_id).is_open


def test_reads_hide_what_the_viewer_may_not_see_and_unknown_ids_are_404(dec, client, as_):
    call_id = _open(client, as_)
    missing_version = client.get("/api/v1/groups/wgec/drafts/recs/versions/9/calls", **as_("BRA"))
    assert missing_version.status_code == 404
    # The version is circulated to members, not published: the public's 404 is the same.
    public = client.get(f"{V1}/calls")
    assert public.status_code == 404 and public.json() == missing_version.json()
    assert client.get(f"{V1}/silence").status_code == 404
    assert client.get(f"{V1}/calls/{call_id}", **as_("outsider")).status_code == 404
    assert client.get(f"{V1}/calls/99999", **as_("BRA")).status_code == 404
    assert client.get("/api/v1/groups/nope/outcomes").status_code == 404
    assert client.get(f"{V1}/silence", **as_("BRA")).json() == {"items": [], "count": 0}
    unknown_silence = post_json(
        client, f"{V1}/silence/99999/breaks", {"paragraphs": ["OP1"], "reason": "x"}, as_("BRA")
    )
    assert unknown_silence.status_code == 404
    assert post_json(client, f"{OUTCOMES}/99999/issue", {}, as_("chair")).status_code == 404
    # A call belongs to its version: under another version's path it does not exist.
    make_version(dec.report, 2, TEXTS, dec.paragraphs, label="Rev.1")
    other = client.get(
        f"/api/v1/groups/wgec/drafts/recs/versions/2/calls/{call_id}", **as_("chair")
    )
    assert other.status_code == 404
    bad_id = client.get(f"{V1}/calls/first", **as_("chair"))
    assert bad_id.status_code == 422 and "call_id" in _fields(bad_id)


def test_a_draft_version_takes_no_decision(dec, client, as_):
    make_version(dec.report, 2, TEXTS, dec.paragraphs, issued=False)
    path = "/api/v1/groups/wgec/drafts/recs/versions/2/calls"
    response = post_json(client, path, {}, as_("chair"))
    assert response.status_code == 400
    assert post_json(client, path, {}, as_("BRA")).status_code == 404  # drafts are hidden


def test_odd_input_is_refused_never_a_server_error(dec, client, as_):
    """Values the fuzz (which knows no group, report or call) cannot reach: huge ids, long or
    odd text, dates at the end of the calendar, against real rows."""
    call_id = _open(client, as_)
    huge = 2**70
    posts = [
        ("chair", f"{V1}/calls/{huge}/close", {}),
        ("chair", f"{V1}/calls/-1/close", {}),
        ("BRA", f"{V1}/calls/{call_id}/stances", {"kind": "object", "reason": "x" * 6000}),
        ("BRA", f"{V1}/calls/{call_id}/stances", {"kind": "withdrawn"}),
        ("BRA", f"{V1}/calls/{call_id}/explanations", {"timing": "before", "text": "é" * 6000}),
        (
            "BRA",
            f"{V1}/calls/{call_id}/explanations",
            {"timing": "before", "text": "x", "paragraphs": ["OP1", "OP1"]},
        ),
        (
            "chair",
            f"{V1}/calls",
            {
                "rule": "rough_consensus",
                "rule_params": {"max_objection_share": {"civil-society": "1/0"}},
            },
        ),
        ("chair", f"{V1}/calls", {"note": "n" * 6000}),
        (
            "chair",
            f"{V1}/silence",
            {"deadline_local": "0001-01-01T00:00", "time_zone": "Asia/Tokyo"},
        ),
        ("chair", f"{V1}/silence", {"deadline_local": "2026-03-30T18:00", "time_zone": ""}),
        ("chair", f"{V1}/silence", {"deadline_local": "2026-03-30T18:00", "time_zone": "x" * 500}),
        ("chair", f"{V1}/silence", {"deadline_local": "2026-99-99T99:99", "time_zone": "UTC"}),
        ("chair", f"{V1}/silence/{huge}/withdraw", {"reason": "x"}),
        (
            "BRA",
            f"{V1}/package/conditions",
            {"kind": "requires", "paragraph": "OP1", "requires": "OP1"},
        ),
        ("BRA", f"{V1}/package/conditions", {"kind": "must_include", "paragraph": "PP1"}),
        (
            "BRA",
            f"{V1}/package/conditions",
            {"kind": "must_include", "paragraph": "OP1", "note": "n" * 6000},
        ),
        ("chair", OUTCOMES, {"kind": "consensus_report", "call": huge, "title": "R"}),
        ("chair", OUTCOMES, {"kind": "consensus_report", "silence": huge, "title": "R"}),
        ("chair", OUTCOMES, {"kind": "consensus_report", "call": call_id, "title": "t" * 600}),
        (
            "chair",
            OUTCOMES,
            {"kind": "chairs_summary", "call": call_id, "title": "S", "naming": "x"},
        ),
        ("chair", f"{OUTCOMES}/{huge}/issue", {}),
    ]
    for who, path, body in posts:
        response = post_json(client, path, body, as_(who))
        assert response.status_code < 500, (path, body, response.status_code)
        if response.status_code >= 400:
            assert set(response.json()["error"]) == {"code", "message", "fields"}
    for path in [
        f"{V1}/calls/{huge}",
        f"{V1}/package/why/{'x' * 300}",
        f"/api/v1/groups/wgec/drafts/recs/versions/{huge}/silence",
        f"{OUTCOMES}/{huge}",
    ]:
        assert client.get(path, **as_("chair")).status_code == 404, path
    assert Outcome.objects.count() == 0
