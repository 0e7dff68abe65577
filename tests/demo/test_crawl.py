"""Crawl the demo site as different people: no link they are shown is broken or fails."""

from __future__ import annotations

import re
from collections import deque
from urllib.parse import urldefrag, urljoin, urlparse

from accord.demo.scenario import PASSWORD, build_demo

HREF = re.compile(r'href="([^"]+)"')
SKIP = ("/admin/", "/accounts/logout/", "/static/", "/media/", "/api/v1/docs")


def crawl(client, start: str, limit: int) -> dict[str, int]:
    seen: dict[str, int] = {}
    queue = deque([start])
    while queue and len(seen) < limit:
        url = queue.popleft()
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = response.status_code
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for href in HREF.findall(response.content.decode()):
            href = urldefrag(urljoin(url, href.replace("&amp;", "&")))[0]
            parsed = urlparse(href)
            if parsed.netloc or not parsed.path.startswith("/") or href.startswith(SKIP):
                continue
            if href not in seen:
                queue.append(href)
    return seen


def test_every_link_shown_works(db, client):
    build_demo()  # once: building the demo is the slow part
    for username in [None, "delegate-bra", "secretariat", "chair"]:
        client.logout()
        if username:
            assert client.login(username=username, password=PASSWORD)
        seen = crawl(client, "/", limit=300)
        broken = {url: status for url, status in seen.items() if status not in (200, 302)}
        assert broken == {}, username
        assert len(seen) > 100
