"""The final night under load: the real server, delegates recording positions while others read.

Builds the demo in a fresh SQLite database (or uses ``--database-url``), starts ``accord serve``
(gunicorn, one process per core) on loopback, logs delegates in through the real login form,
then for a fixed time runs together:

- **writers**: delegates recording positions on Rev.2's paragraphs (support / can live with),
  as the negotiation screen does (htmx POST with the CSRF header);
- **readers**: delegates reading the negotiation screen, the chair refreshing it, and the
  public reading the live feed page.

It prints throughput and p50/p95/p99 per request type, beside the same run against one
server process (the baseline), and checks the record afterwards: exactly one position event
and one audit event per accepted write, and an audit chain that verifies.

    uv run python bench/load.py            # 200 sessions, 20 writers, 40 readers, 30 s
    uv run python bench/load.py --quick    # 40 sessions, 8 writers, 12 readers, 8 s
    uv run python bench/load.py --database-url postgres://postgres@127.0.0.1:5432/NAME

Target on this machine (2 cores): ≥ 50 position writes/s with p95 ≤ 300 ms while the others
read; 0 server or connection errors; the counts match and the chain verifies.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from pages import TIMEOUT, Server, _env, _run, log_in  # noqa: E402

REPORT = "draft-report-of-the-working-group-on-enhanced-digital-cooperation"
SCREEN = f"/g/wgedc/positions/{REPORT}/v/3/"
LIVE = "/g/wgedc/meetings/live/"

# The record so far, the delegations' logins and Rev.2's operative paragraphs.
COUNTS = """
import json, django
django.setup()
REPORT = "draft-report-of-the-working-group-on-enhanced-digital-cooperation"
from accord.common.audit import audit_verify
from accord.common.models import AuditEvent
from accord.groups.models import Member, Role
from accord.drafts.models import VersionParagraph
from accord.positions.models import PositionEvent
delegates = sorted(set(Role.objects.filter(
    kind="delegate", member__status=Member.Status.MEMBER, group__slug="wgedc"
).values_list("user__username", flat=True)))
print(json.dumps({
    "positions": PositionEvent.objects.count(),
    "audit_positions": AuditEvent.objects.filter(action="accord.position.record").count(),
    "chain_ok": audit_verify()[0],
    "delegates": delegates,
    "keys": list(VersionParagraph.objects.filter(
        version__report__slug=REPORT, version__number=3, paragraph__kind="op"
    ).order_by("order").values_list("paragraph__key", flat=True)),
}))
"""


@dataclass
class Kind:
    name: str
    latencies: list[float] = field(default_factory=list)
    ok: int = 0
    errors: int = 0
    refused: int = 0  # 4xx: a clear answer, counted apart from errors
    statuses: dict[int, int] = field(default_factory=dict)

    def pct(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    def line(self, seconds: float) -> str:
        return (
            f"  {self.name:<26} {self.ok / seconds:7.1f}/s  p50 {1000 * self.pct(0.5):6.1f} ms  "
            f"p95 {1000 * self.pct(0.95):6.1f} ms  p99 {1000 * self.pct(0.99):6.1f} ms  "
            f"ok {self.ok}  refused {self.refused}{self.statuses or ''}  errors {self.errors}"
        )


def _csrf(cookie: str) -> str:
    for part in cookie.split("; "):
        name, _, value = part.partition("=")
        if name == "csrftoken":
            return value
    return ""


def _request(
    conn: http.client.HTTPConnection, method: str, path: str, headers: dict[str, str], body: str
) -> int:
    conn.request(method, path, body or None, headers)
    answer = conn.getresponse()
    answer.read()
    return answer.status


def _worker(
    port: int,
    kind: Kind,
    lock: threading.Lock,
    stop: threading.Event,
    start: threading.Barrier,
    make: object,
) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    start.wait()
    while not stop.is_set():
        method, path, headers, body = make()  # type: ignore[operator]
        t0 = time.perf_counter()
        try:
            status = _request(conn, method, path, headers, body)
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            conn.close()  # a closed keep-alive connection: one new try, as browsers do
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
            try:
                status = _request(conn, method, path, headers, body)
            except (OSError, http.client.HTTPException):
                status = 0
        except (OSError, http.client.HTTPException):
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
            status = 0
        took = time.perf_counter() - t0
        with lock:
            kind.latencies.append(took)
            if status == 200:
                kind.ok += 1
            elif 400 <= status < 500:
                kind.refused += 1
                kind.statuses[status] = kind.statuses.get(status, 0) + 1
            else:
                kind.errors += 1
    conn.close()


def _counts(env: dict[str, str]) -> dict:
    out = _run([sys.executable, "-c", COUNTS], env, "  reading the record")
    return json.loads(out.strip().splitlines()[-1])


def run(
    env: dict[str, str],
    *,
    processes: int,
    sessions: int,
    writers: int,
    readers: int,
    seconds: float,
) -> tuple[dict[str, Kind], float, dict, dict, float]:
    before = _counts(env)
    delegates, keys = before["delegates"], before["keys"]
    server = Server(env, processes=processes)
    try:
        t0 = time.perf_counter()
        cookies = [log_in(server.port, delegates[i % len(delegates)]) for i in range(sessions)]
        chair = log_in(server.port, "chair")
        login_seconds = time.perf_counter() - t0
        rng = random.Random(2027)
        kinds = {n: Kind(n) for n in ("position write", "delegate screen", "chair screen", "live")}
        lock, stop = threading.Lock(), threading.Event()
        # Each writer is one delegation's session; readers cycle through the others.
        writer_cookies = cookies[:writers]
        reader_cookies = cookies[writers:] or cookies

        def writer(cookie: str):  # type: ignore[no-untyped-def]
            def make():  # type: ignore[no-untyped-def]
                key = rng.choice(keys)
                stance = rng.choice(("support", "can_live_with"))
                return (
                    "POST",
                    f"{SCREEN}p/{key}/position/",
                    {
                        "Cookie": cookie,
                        "X-CSRFToken": _csrf(cookie),
                        "HX-Request": "true",
                        "Content-Type": "application/x-www-form-urlencoded",
                    },
                    f"p-{key}-kind={stance}",
                )

            return make

        def reader(cookies: list[str], path: str):  # type: ignore[no-untyped-def]
            def make():  # type: ignore[no-untyped-def]
                return ("GET", path, {"Cookie": rng.choice(cookies)} if cookies else {}, "")

            return make

        plan = [(kinds["position write"], writer(c)) for c in writer_cookies]
        plan += [(kinds["delegate screen"], reader(reader_cookies, SCREEN)) for _ in range(readers)]
        plan += [(kinds["chair screen"], reader([chair], SCREEN))]
        plan += [(kinds["live"], reader([], LIVE)) for _ in range(2)]
        start = threading.Barrier(len(plan) + 1)
        threads = [
            threading.Thread(target=_worker, args=(server.port, k, lock, stop, start, m))
            for k, m in plan
        ]
        for t in threads:
            t.start()
        start.wait()
        time.sleep(seconds)
        stop.set()
        for t in threads:
            t.join()
    finally:
        server.stop()
    after = _counts(env)
    return kinds, login_seconds, before, after, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, about a minute")
    parser.add_argument("--database-url", default="", help="use this (empty) database")
    args = parser.parse_args()
    shape = (
        {"sessions": 40, "writers": 8, "readers": 12, "seconds": 8.0}
        if args.quick
        else {"sessions": 200, "writers": 20, "readers": 40, "seconds": 30.0}
    )
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{tmp}/load.sqlite3"
        env = _env(url)
        _run([sys.executable, "-m", "accord.cli", "demo", "--no-serve"], env, "building the demo")
        results = {}
        for label, processes in (("one process (baseline)", 1), ("accord serve", 0)):
            print(f"\n{label}:", flush=True)
            kinds, login_s, before, after, seconds = run(env, processes=processes or 0, **shape)
            print(f"  {shape['sessions'] + 1} logins in {login_s:.1f} s")
            for k in kinds.values():
                print(k.line(seconds), flush=True)
            results[label] = (kinds, before, after, seconds)
    kinds, before, after, seconds = results["accord serve"]
    base_kinds, _, _, base_seconds = results["one process (baseline)"]
    writes = kinds["position write"]
    base_writes = base_kinds["position write"]
    accepted = sum(r[0]["position write"].ok for r in results.values())
    first_before = results["one process (baseline)"][1]
    recorded = after["positions"] - first_before["positions"]
    audited = after["audit_positions"] - first_before["audit_positions"]
    errors = sum(k.errors for r in results.values() for k in r[0].values())
    rate, base_rate = writes.ok / seconds, base_writes.ok / base_seconds
    checks = {
        "position writes >= 50/s": rate >= 50,
        "write p95 <= 300 ms": writes.pct(0.95) <= 0.300,
        "no server or connection errors": errors == 0,
        "one position event per accepted write": recorded == accepted,
        "one audit event per accepted write": audited == accepted,
        "audit chain verifies": bool(after["chain_ok"]),
    }
    print(
        f"\n  writes {rate:.1f}/s (p95 {1000 * writes.pct(0.95):.0f} ms) vs one process "
        f"{base_rate:.1f}/s (p95 {1000 * base_writes.pct(0.95):.0f} ms); accepted {accepted}, "
        f"recorded {recorded}, audited {audited}"
    )
    for what, ok in checks.items():
        print(f"  {what}: {'met' if ok else 'NOT met'}{' (quick size)' if args.quick else ''}")
    print(
        json.dumps(
            {
                "bench": "load",
                "metric": "position_writes_per_second_while_reading",
                "value": round(rate, 1),
                "unit": "writes/s",
                "baseline": round(base_rate, 1),
                "ratio": round(rate / base_rate, 2) if base_rate else None,
                "target": ">= 50 writes/s, p95 <= 300 ms, 0 errors, counts match, chain verifies",
                "met": all(checks.values()) and not args.quick,
                "write_p95": round(writes.pct(0.95), 4),
                "errors": errors,
            }
        )
    )


if __name__ == "__main__":
    main()
