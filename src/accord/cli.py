"""The ``accord`` console script.

accord demo [--no-serve]          build the demonstration group on SQLite and serve it
accord serve [--host H --port P]  serve the app (migrating first)
accord import transcript|contributions|mbox|polis|progress ...   import files, with progress
accord tick                       conclude silence procedures whose deadline has passed (cron)
accord <django command> ...       any Django management command (migrate, createsuperuser, ...)
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

DEFAULT_SETTINGS = "accord.settings.base"  # DEBUG off unless ACCORD_DEBUG=1


def _setup_django(settings_module: str | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module or DEFAULT_SETTINGS)
    import django

    django.setup()


class Progress:
    """A one-line progress bar on stderr; quiet when stderr is not a terminal except at the end."""

    def __init__(self, label: str, stream=None) -> None:  # type: ignore[no-untyped-def]
        self.label = label
        self.stream = stream or sys.stderr
        self.started = time.monotonic()
        self.last_draw = 0.0
        self.is_tty = getattr(self.stream, "isatty", lambda: False)()

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        finished = total > 0 and done >= total
        if not finished and now - self.last_draw < 0.1:
            return
        self.last_draw = now
        width = 30
        filled = int(width * done / total) if total else width
        bar = "#" * filled + "-" * (width - filled)
        line = f"{self.label} [{bar}] {done}/{total} ({now - self.started:.1f}s)"
        if self.is_tty:
            self.stream.write("\r" + line + ("\n" if finished else ""))
        elif finished or done == 0 or done % max(1, total // 10) == 0:
            self.stream.write(line + "\n")
        self.stream.flush()


def _serve(host: str, port: int) -> None:
    from waitress import serve

    from accord.wsgi import application

    print(f"Serving accord at http://{host}:{port}/  (Ctrl+C to stop)", flush=True)
    serve(application, host=host, port=port, threads=8, ident="accord")


def cmd_demo(args: argparse.Namespace) -> int:
    if "DATABASE_URL" not in os.environ:
        db_path = Path(args.db).resolve()
        db_path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("ACCORD_VAR_DIR", str(Path(args.db).resolve().parent))
    _setup_django()
    from django.core.management import call_command

    from accord.demo.scenario import build_demo

    print("Creating the database ...", flush=True)
    call_command("migrate", verbosity=0, interactive=False)
    summary = build_demo(progress=Progress("Building the demo group"))
    print(summary.describe(base_url=f"http://{args.host}:{args.port}"), flush=True)
    if args.no_serve:
        return 0
    _serve(args.host, args.port)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    _setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    _serve(args.host, args.port)
    return 0


def _import_transcript(args: argparse.Namespace) -> int:
    _setup_django()
    from accord.cli_imports import import_transcript

    return import_transcript(args, Progress("Parsing transcript"))


def _import_contributions(args: argparse.Namespace) -> int:
    _setup_django()
    from accord.cli_imports import import_contributions

    return import_contributions(args, Progress("Importing contributions"))


def _import_mbox(args: argparse.Namespace) -> int:
    _setup_django()
    from accord.cli_imports import import_mbox

    return import_mbox(args, Progress("Importing messages"))


def _import_polis(args: argparse.Namespace) -> int:
    _setup_django()
    from accord.cli_imports import import_polis

    return import_polis(args, Progress("Importing the Pol.is conversation"))


def _import_progress(args: argparse.Namespace) -> int:
    _setup_django()
    from accord.cli_imports import import_progress

    return import_progress(args, Progress("Importing progress reports"))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="accord", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command")

    demo = sub.add_parser("demo", help="build the demonstration group and serve it")
    demo.add_argument("--no-serve", action="store_true", help="build, print what was built, exit")
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument("--db", default="var/demo.sqlite3", help="SQLite file to (re)build")
    demo.set_defaults(func=cmd_demo)

    serve = sub.add_parser("serve", help="serve the app with waitress")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(func=cmd_serve)

    imp = sub.add_parser("import", help="import files into a group")
    imp_sub = imp.add_subparsers(dest="what", required=True)
    tr = imp_sub.add_parser("transcript", help="a day's transcript (.txt, .docx, .pdf, .srt)")
    tr.add_argument("file")
    tr.add_argument("--group", required=True, help="group slug")
    tr.add_argument("--meeting", type=int, required=True, help="meeting number")
    tr.add_argument("--date", required=True, help="meeting day, YYYY-MM-DD")
    tr.add_argument("--format", default=None, choices=["captioning", "colon", "timestamped", "srt"])
    tr.add_argument("--as-user", default=None, help="username acting (default: first superuser)")
    tr.set_defaults(func=_import_transcript)
    co = imp_sub.add_parser("contributions", help="a folder of files, one per member (ISO3_*.txt)")
    co.add_argument("folder")
    co.add_argument("--group", required=True)
    co.add_argument("--call", type=int, required=True, help="call id")
    co.add_argument("--question", type=int, default=1, help="question number the files answer")
    co.add_argument(
        "--create-members", action="store_true", help="add unknown ISO3 codes as members"
    )
    co.add_argument("--as-user", default=None)
    co.set_defaults(func=_import_contributions)
    mb = imp_sub.add_parser(
        "mbox",
        help="a mailing-list archive (mbox, pipermail .txt/.txt.gz, hypermail .html/.zip, "
        "or a folder of hypermail pages)",
    )
    mb.add_argument("file", help="an archive file, or a folder (a hypermail month's pages)")
    mb.add_argument("--group", required=True)
    mb.add_argument("--list", default="Main list", help="mailing list name (created if missing)")
    mb.add_argument("--as-user", default=None)
    mb.set_defaults(func=_import_mbox)
    po = imp_sub.add_parser("polis", help="a Pol.is export folder (open-data CSV or API JSON)")
    po.add_argument("folder")
    po.add_argument("--group", required=True)
    po.add_argument("--as-user", default=None)
    po.set_defaults(func=_import_polis)
    pr = imp_sub.add_parser(
        "progress",
        help="implementation progress reports (CSV: public_id, reported_on, status, text, ...)",
    )
    pr.add_argument("file")
    pr.add_argument("--group", required=True)
    pr.add_argument("--as-user", default=None)
    pr.set_defaults(func=_import_progress)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    own = {"demo", "serve", "import", "-h", "--help"}
    if argv and argv[0] not in own:
        # Anything else is a Django management command: `accord migrate`, `accord shell`, ...
        _setup_django()
        from django.core.management import execute_from_command_line

        execute_from_command_line(["accord", *argv])
        return 0
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    handler: Callable[[argparse.Namespace], int] = args.func
    return handler(args)


if __name__ == "__main__":
    raise SystemExit(main())
