"""The API docs page loads everything from this site: it works without the internet (issue 9)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest


@pytest.mark.django_db
def test_docs_page_references_no_other_host_and_its_files_are_served(client):
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    html = page.content.decode()
    references = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert references, "the docs page loads no script or style"
    assert [r for r in references if urlsplit(r).netloc or r.startswith("//")] == []
    assert "cdn" not in html.lower()
    scripts = re.findall(r'<script[^>]+src="([^"]+)"', html)
    styles = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', html) + re.findall(
        r'<link[^>]+href="([^"]+)"[^>]+rel="stylesheet"', html
    )
    assert any(s.endswith("swagger-ui-bundle.js") for s in scripts)
    assert any(s.endswith("swagger-ui.css") for s in styles)
    for reference in references:
        response = client.get(reference)
        assert response.status_code == 200, reference
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert body, reference
    assert client.get("/api/v1/openapi.json").status_code == 200
