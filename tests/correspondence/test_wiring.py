"""Once the lead mounts the router in accord.api.urls, the real /api/v1/ serves it too."""

from __future__ import annotations

import pytest


def test_router_is_wired_into_the_project_api(client, imported):
    response = client.get("/api/v1/groups/wgec/correspondence/threads")
    if response.status_code == 404 and response["Content-Type"].startswith("text/html"):
        pytest.skip("accord.api.correspondence.router is not mounted in accord.api.urls yet")
    assert response.status_code == 200
    assert response.json()["count"] == 2
