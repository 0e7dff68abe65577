"""The opinion map of an open consultation redraws itself, and stays interactive (Chromium)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accord.consultations import services
from tests.consultations.conftest import two_camps, write_polis_csv

pytestmark = pytest.mark.browser


def test_open_map_is_redrawn_and_still_highlights_groups(
    live_server, page, world, tmp_path, settings
):
    settings.ACCORD_MAP_REFRESH_SECONDS = 1
    path = write_polis_csv(tmp_path / "conv", two_camps())
    consultation = services.polis_import(
        actor=world.users["secretariat"], group=world.group, path=path
    )
    consultation.allow_public = True
    consultation.status, consultation.closes_at = consultation.Status.OPEN, None
    consultation.save()
    url = reverse(
        "consultations:map", kwargs={"group_slug": world.group.slug, "pk": consultation.pk}
    )
    page.goto(f"{live_server.url}{url}")
    first = page.locator("[data-om-root]").first.element_handle()
    # The map swapped in next says "every hour", so nothing changes under the mouse below.
    settings.ACCORD_MAP_REFRESH_SECONDS = 3600
    with page.expect_response(
        lambda r: r.url.endswith(url) and r.request.headers.get("hx-request")
    ):
        pass  # the refresh fires after a second
    page.wait_for_function("el => !el.isConnected", arg=first)  # the old map was swapped out
    legend = page.locator("[data-om-root] [data-om-group]:not(.om-point)").first
    group = legend.get_attribute("data-om-group")
    legend.hover()
    root = page.locator("[data-om-root]").first
    assert root.get_attribute("data-om-active") == group
    assert page.locator(".om-point.om-active").count() > 0
