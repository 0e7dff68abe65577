from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from accord.accounts.models import ApiToken
from accord.accounts.services import api_token_authenticate


def test_create_use_and_revoke_a_token_from_the_page(client_as, world):
    client = client_as("delegate")
    html = client.post("/accounts/tokens/", {"name": "laptop"}).content.decode()
    key = html.split('id="new-token">')[1].split("<")[0]
    assert api_token_authenticate(key) == world.users["delegate"]
    token = ApiToken.objects.get(name="laptop")
    assert token.key_hash != key and key not in token.key_hash
    client.post(f"/accounts/tokens/{token.pk}/revoke/")
    assert api_token_authenticate(key) is None


def test_someone_elses_token_cannot_be_revoked(client_as, world):
    client_as("delegate").post("/accounts/tokens/", {"name": "mine"})
    token = ApiToken.objects.get(name="mine")
    assert client_as("observer").post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_tokens_page_needs_login(client):
    assert client.get("/accounts/tokens/").status_code == 302


def test_management_command_prints_a_working_token(world):
    out = StringIO()
    call_command("create_api_token", "chair", "--name", "ci", stdout=out)
    assert api_token_authenticate(out.getvalue().strip()) == world.users["chair"]
