"""In production the static files are collected as hashed, compressed copies and served with a
year's cache lifetime (WhiteNoise); `accord serve` collects them before it starts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, django
django.setup()
from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client
call_command("collectstatic", interactive=False, verbosity=0)
url = static("accord/css/accord.css")
answer = Client().get(url, secure=True, HTTP_ACCEPT_ENCODING="gzip", HTTP_HOST="example.org")
print(json.dumps({
    "url": url,
    "status": answer.status_code,
    "cache": answer.get("Cache-Control", ""),
    "encoding": answer.get("Content-Encoding", ""),
}))
"""


def test_production_serves_hashed_compressed_static_files_for_a_year(tmp_path):
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="accord.settings.production",
        ACCORD_SECRET_KEY="k" * 50,
        ACCORD_ALLOWED_HOSTS="example.org",
        ACCORD_VAR_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    out = subprocess.run(
        [sys.executable, "-c", PROBE],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    ).stdout
    answer = json.loads(out.strip().splitlines()[-1])
    name = answer["url"].rsplit("/", 1)[-1]
    assert name.startswith("accord.") and name.endswith(".css") and name != "accord.css"
    assert answer["status"] == 200 and answer["encoding"] == "gzip"
    assert "max-age=315360000" in answer["cache"] and "immutable" in answer["cache"]
    assert (tmp_path / "static" / "staticfiles.json").exists()
