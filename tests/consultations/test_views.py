"""Pages: list, detail, voting (plain POST and htmx), anonymous cookie, moderation, the map."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np
from django.test import Client
from django.urls import reverse

from accord.consultations import selectors, services
from accord.consultations.models import Participant, Statement, Vote

from .conftest import two_camps, write_polis_csv

HX = {"HTTP_HX_REQUEST": "true"}


def _url(name: str, c: Any, **kw: Any) -> str:
    return reverse(f"consultations:{name}", kwargs={"group_slug": c.group.slug, "pk": c.pk, **kw})


def _first(c: Any) -> Statement:
    s = selectors.statement_list(consultation=c).first()
    assert s is not None
    return s


def test_list_shows_public_to_everyone_members_only_to_members(
    client_as: Any, world: Any, consultation: Any, public_consultation: Any
) -> None:
    url = reverse("consultations:list", kwargs={"group_slug": world.group.slug})
    page = client_as("delegate").get(url).content.decode()
    assert page.count("consultations/") >= 2 and "Open a consultation" not in page
    assert "Open a consultation" in client_as("chair").get(url).content.decode()
    anon = client_as("anonymous").get(url)
    assert anon.status_code == 200
    assert _url("detail", public_consultation) in anon.content.decode()
    assert _url("detail", consultation) not in anon.content.decode()


def test_detail_hidden_and_missing_are_404(client_as: Any, world: Any, consultation: Any) -> None:
    assert client_as("delegate").get(_url("detail", consultation)).status_code == 200
    assert client_as("anonymous").get(_url("detail", consultation)).status_code == 404
    missing = reverse(
        "consultations:detail", kwargs={"group_slug": world.group.slug, "pk": 999_999}
    )
    assert client_as("chair").get(missing).status_code == 404


def test_open_page(client_as: Any, world: Any) -> None:
    url = reverse("consultations:open", kwargs={"group_slug": world.group.slug})
    assert client_as("delegate").get(url).status_code == 403
    client = client_as("chair")
    assert client.get(url).status_code == 200
    resp = client.post(
        url,
        {"question": "What next?", "seed_statements": "One.\nTwo.\n", "moderation_required": "on"},
    )
    assert resp.status_code == 302
    assert Statement.objects.filter(is_seed=True).count() == 2
    assert client.post(url, {"question": ""}).status_code == 400


def test_vote_plain_post_and_htmx_fragment(client_as: Any, consultation: Any) -> None:
    client = client_as("delegate")
    page = client.get(_url("vote", consultation)).content.decode()
    first = _first(consultation)
    assert first.text in page and 'name="value" value="1"' in page
    resp = client.post(_url("vote", consultation), {"statement": first.pk, "value": "1"})
    assert resp.status_code == 302 and resp["Location"] == _url("vote", consultation)
    nxt = selectors.statement_list(consultation=consultation)[1]
    resp = client.post(_url("vote", consultation), {"statement": nxt.pk, "value": "-1"}, **HX)
    body = resp.content.decode()
    assert resp.status_code == 200
    assert "<html" not in body and 'id="vote-card"' in body
    assert "Your vote was recorded" in body
    third = selectors.statement_list(consultation=consultation)[2]
    assert third.text in body  # the next statement is swapped in
    assert Vote.objects.count() == 2 and Participant.objects.count() == 1


def test_anonymous_cookie_is_one_participant(world: Any, public_consultation: Any) -> None:
    statements = list(selectors.statement_list(consultation=public_consultation))
    browser = Client()
    for s in statements[:2]:
        resp = browser.post(_url("vote", public_consultation), {"statement": s.pk, "value": "1"})
        assert resp.status_code == 302
    assert "accord_participant" in browser.cookies
    assert Participant.objects.count() == 1 and Vote.objects.count() == 2
    # The vote page remembers this browser's votes.
    page = browser.get(_url("vote", public_consultation)).content.decode()
    assert "Your votes" in page and statements[2].text in page
    other = Client()
    other.post(_url("vote", public_consultation), {"statement": statements[0].pk, "value": "-1"})
    assert Participant.objects.count() == 2
    # A forged cookie is ignored (a new participant, not someone else's).
    forged = Client()
    forged.cookies["accord_participant"] = "not-signed"
    forged.post(_url("vote", public_consultation), {"statement": statements[0].pk, "value": "0"})
    assert Participant.objects.count() == 3


def test_vote_errors(client_as: Any, world: Any, consultation: Any) -> None:
    s = _first(consultation)
    client = client_as("delegate")
    assert (
        client.post(_url("vote", consultation), {"statement": 999_999, "value": "1"}).status_code
        == 404
    )
    assert (
        client.post(_url("vote", consultation), {"statement": s.pk, "value": "7"}).status_code
        == 400
    )
    # Anonymous on a members-only consultation: the consultation is hidden.
    assert (
        client_as("anonymous")
        .post(_url("vote", consultation), {"statement": s.pk, "value": "1"})
        .status_code
        == 404
    )
    services.consultation_close(actor=world.users["chair"], consultation=consultation)
    client = client_as("delegate")
    resp = client.post(_url("vote", consultation), {"statement": s.pk, "value": "1"})
    assert resp.status_code == 410 and "closed" in resp.content.decode()
    resp = client.post(_url("vote", consultation), {"statement": s.pk, "value": "1"}, **HX)
    assert resp.status_code == 410 and "<html" not in resp.content.decode()
    assert Vote.objects.count() == 0


def test_submit_statement_page(client_as: Any, consultation: Any) -> None:
    client = client_as("delegate")
    assert client.get(_url("submit", consultation)).status_code == 200
    resp = client.post(_url("submit", consultation), {"text": "Fund the secretariat."})
    assert resp.status_code == 302
    assert Statement.objects.get(text="Fund the secretariat.").status == "submitted"
    assert client.post(_url("submit", consultation), {"text": "x" * 501}).status_code == 400
    assert (
        client.post(_url("submit", consultation), {"text": "Fund the secretariat."}).status_code
        == 409
    )


def test_moderation_queue_page_and_htmx(client_as: Any, world: Any, consultation: Any) -> None:
    s = services.statement_submit(
        actor=world.users["delegate"], consultation=consultation, text="Pending."
    )
    assert client_as("delegate").get(_url("moderation", consultation)).status_code == 403
    client = client_as("chair")
    assert "Pending." in client.get(_url("moderation", consultation)).content.decode()
    url = _url("moderate", consultation, statement_id=s.pk)
    resp = client.post(url, {"action": "publish"}, **HX)
    assert resp.status_code == 200 and "<html" not in resp.content.decode()
    assert "Now published" in resp.content.decode()
    resp = client.post(url, {"action": "reject"})
    assert resp.status_code == 302
    s.refresh_from_db()
    assert s.status == "rejected"
    assert (
        client.post(
            _url("moderate", consultation, statement_id=999_999), {"action": "publish"}
        ).status_code
        == 404
    )
    assert client_as("delegate").post(url, {"action": "publish"}).status_code == 403


def test_close_page(client_as: Any, consultation: Any) -> None:
    assert client_as("delegate").post(_url("close", consultation)).status_code == 403
    assert client_as("chair").post(_url("close", consultation)).status_code == 302


def test_map_empty_consultation_says_why(client_as: Any, consultation: Any) -> None:
    body = client_as("delegate").get(_url("map", consultation)).content.decode()
    assert "Not enough votes to form groups: there are no votes yet" in body
    assert '<svg class="om-svg"' not in body
    assert "nan" not in body.lower().replace("nanosecond", "")


def _imported(world: Any, tmp_path: Path, dense: np.ndarray) -> Any:
    path = write_polis_csv(tmp_path / "conv", dense)
    c = services.polis_import(actor=world.users["secretariat"], group=world.group, path=path)
    c.allow_public = True
    c.save()
    return c


def test_map_page_svg_and_tables(client_as: Any, world: Any, tmp_path: Path) -> None:
    c = _imported(world, tmp_path, two_camps())
    result, _ = selectors.opinion_map_for_consultation(c)
    resp = client_as("anonymous").get(_url("map", c))
    body = resp.content.decode()
    assert resp.status_code == 200
    assert 'role="img"' in body and "<title id=" in body and "<desc id=" in body
    circles = re.findall(r'<circle class="om-point', body)
    assert len(circles) == len(result.participant_ids) == 30
    assert body.count("<title>") >= 30  # a tooltip per point
    assert "Opinion groups" in body and "What each group stands for" in body
    assert "What unites" in body and "By constituency" in body and "What divides" in body
    assert body.count('<table class="om-table"') >= 5
    assert "accord/css/consultations.css" in body and "accord/js/opinion_map.js" in body
    assert "nan" not in re.sub(r"[a-z]*nan[a-z]+", "", body.lower())
    frag = client_as("anonymous").get(_url("map", c), **HX).content.decode()
    assert "<html" not in frag and 'id="opinion-map"' in frag
    assert len(re.findall(r'<circle class="om-point', frag)) == 30


def test_map_all_pass_votes(client_as: Any, world: Any, tmp_path: Path) -> None:
    c = _imported(world, tmp_path, np.zeros((20, 8), dtype=int))
    body = client_as("anonymous").get(_url("map", c)).content.decode()
    assert "Not enough votes to form groups" in body
    assert len(re.findall(r'<circle class="om-point', body)) == 20
    assert "nan" not in re.sub(r"[a-z]*nan[a-z]+", "", body.lower())


def test_open_map_refreshes_itself_closed_map_does_not(
    client_as: Any, world: Any, tmp_path: Path
) -> None:
    c = _imported(world, tmp_path, two_camps())  # an imported conversation is closed
    assert "hx-trigger" not in client_as("anonymous").get(_url("map", c)).content.decode()
    c.status, c.closes_at = c.Status.OPEN, None
    c.save()
    body = client_as("anonymous").get(_url("map", c)).content.decode()
    assert f'hx-get="{_url("map", c)}"' in body and 'hx-swap="outerHTML"' in body
    assert 'hx-trigger="every 60s" data-poll-guard="focus"' in body
    assert "redrawn from the latest votes every 60 seconds" in body
    frag = client_as("anonymous").get(_url("map", c), **HX).content.decode()
    assert frag.lstrip().startswith('<section id="opinion-map"') and "hx-trigger" in frag
    services.consultation_close(actor=world.users["chair"], consultation=c)
    closed = client_as("anonymous").get(_url("map", c)).content.decode()
    assert "hx-trigger" not in closed and "redrawn" not in closed
