"""The live feed page (htmx and plain POST) and its Atom feed."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from accord.meetings import services
from accord.meetings.models import LivePost

ATOM = "{http://www.w3.org/2005/Atom}"


def live_url(world):
    return reverse("meetings:live", args=[world.group.slug])


def test_live_page_newest_first_with_alternate_link(client_as, world, meeting):
    for body in ["Opening at 10:00.", "Item 3 adopted.", "Lunch break."]:
        services.live_post_create(actor=world.users["secretariat"], group=world.group, body=body)
    page = client_as("anonymous").get(live_url(world))
    body = page.content.decode()
    assert page.status_code == 200
    feed = reverse("meetings:live-feed", args=[world.group.slug])
    assert '<link rel="alternate" type="application/atom+xml"' in body and feed in body
    assert body.index("Lunch break.") < body.index("Item 3 adopted.") < body.index("Opening")
    assert "Post the update" not in body


def test_plain_post_redirects(client_as, world, meeting):
    client = client_as("chair")
    response = client.post(live_url(world), {"body": "The chair opens item 2.", "meeting": "3"})
    assert response.status_code == 302 and response["Location"] == live_url(world)
    post = LivePost.objects.get()
    assert post.meeting == meeting and post.posted_by == world.users["chair"]
    assert "The chair opens item 2." in client.get(live_url(world)).content.decode()


def test_htmx_post_returns_the_fragment(client_as, world):
    client = client_as("secretariat")
    response = client.post(live_url(world), {"body": "Resuming now."}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body and body.strip().startswith('<div id="live-feed">')
    assert "Resuming now." in body
    htmx_get = client.get(live_url(world), HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in htmx_get and "Resuming now." in htmx_get


def test_too_long_and_forbidden_posts(client_as, world):
    client = client_as("secretariat")
    response = client.post(live_url(world), {"body": "x" * 1001}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    assert "at most 1000 characters" in response.content.decode()
    assert "<html" not in response.content.decode()
    empty = client.post(live_url(world), {"body": "  "})
    assert empty.status_code == 400
    for role in ["delegate", "outsider", "anonymous"]:
        assert client_as(role).post(live_url(world), {"body": "hi"}).status_code == 403
    assert LivePost.objects.count() == 0


@pytest.mark.parametrize("count", [0, 3])
def test_atom_feed(client_as, world, meeting, count):
    for i in range(count):
        services.live_post_create(
            actor=world.users["secretariat"],
            group=world.group,
            body=f"Update {i} <b>& more</b>",
            meeting=meeting if i == 0 else None,
        )
    response = client_as("anonymous").get(reverse("meetings:live-feed", args=[world.group.slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}id").text
    assert root.find(f"{ATOM}updated").text
    assert root.find(f"{ATOM}title").text == "WGEC: live updates"
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == count
    ids = [e.find(f"{ATOM}id").text for e in entries]
    assert len(set(ids)) == count and all(i.startswith("tag:") for i in ids)
    for entry in entries:
        assert entry.find(f"{ATOM}updated").text
        assert entry.find(f"{ATOM}link").get("href").startswith("http://testserver/g/wgec/")
    if count:
        assert entries[-1].find(f"{ATOM}title").text == "Meeting 3: Update 0 <b>& more</b>"
