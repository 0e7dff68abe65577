"""How ``accord serve`` (and the demo) run the app: several processes of several threads.

Python runs one thread at a time per process, so one process serves pages on one core however
many threads it has. On Linux and macOS the app runs under gunicorn with ``processes`` worker
processes of ``threads`` threads each (its ``gthread`` worker); where gunicorn does not run
(Windows), under waitress in one process. Each process keeps its own in-memory caches unless
``REDIS_URL`` names a shared one; the page cache stays right either way, as its key is the
group's state stamp read from the database.
"""

from __future__ import annotations

import os
from typing import Any

# Waitress would drop X-Forwarded-Proto from any peer but one fixed address; it is passed on,
# and accord.common.proxy believes it only from ACCORD_TRUSTED_PROXIES.
WAITRESS_OPTIONS = {"ident": "accord", "clear_untrusted_proxy_headers": False}


def default_processes() -> int:
    return int(os.environ.get("ACCORD_WEB_PROCESSES") or max(2, os.cpu_count() or 1))


def default_threads() -> int:
    return int(os.environ.get("ACCORD_WEB_THREADS") or 8)


def has_gunicorn() -> bool:
    try:
        import gunicorn.app.base  # noqa: F401
    except ImportError:
        return False
    return True


def serve(host: str, port: int, *, processes: int, threads: int) -> str:
    """Serve until stopped; answers which server ran ("gunicorn" or "waitress")."""
    if has_gunicorn() and processes >= 1:
        _gunicorn(host, port, processes=processes, threads=threads)
        return "gunicorn"
    from waitress import serve as waitress_serve

    from accord.wsgi import application

    waitress_serve(application, host=host, port=port, threads=threads, **WAITRESS_OPTIONS)
    return "waitress"


def _gunicorn(host: str, port: int, *, processes: int, threads: int) -> None:
    from gunicorn.app.base import BaseApplication

    options: dict[str, Any] = {
        "bind": f"{host}:{port}",
        "workers": processes,
        "threads": threads,
        "worker_class": "gthread",
        # Every process loads the app itself: no database connection crosses a fork.
        "preload_app": False,
        "timeout": 60,
        "graceful_timeout": 20,
        "keepalive": 5,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
        "proc_name": "accord",
        # gunicorn believes no proxy header itself: accord.common.proxy judges them, from
        # ACCORD_TRUSTED_PROXIES, whichever server runs.
        "forwarded_allow_ips": "",
    }

    class App(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            from accord.wsgi import application

            return application

    App().run()
