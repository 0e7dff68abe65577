"""The ``accord`` console script; ``accord --help`` shows ``DESCRIPTION``."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

DEFAULT_SETTINGS = "accord.settings.base"  # DEBUG off unless ACCORD_DEBUG=1

# Plain text for the terminal: argparse prints it as it stands.
DESCRIPTION = """\
commands:
  accord demo [--no-serve]         build the demonstration group on SQLite and serve it
  accord serve [--host H] [--port P] [--no-worker]
                                   serve the app (migrating first), with a job worker beside it
  accord worker [--queue Q] [--batch]
                                   run queued jobs (imports started from the web or the API)
  accord import WHAT FILE --group SLUG
                                   import a transcript, contributions, a mail archive, a
                                   Pol.is conversation or progress reports, with progress
  accord create_group NAME [--as-user USERNAME]
                                   create a working group; USERNAME becomes its secretariat
  accord archive GROUP DIR         write a group's public pages as a static site
  accord tick                      conclude silence procedures whose deadline has passed (cron)
  accord DJANGO_COMMAND ...        any Django management command (migrate, createsuperuser, ...)

Run 'accord COMMAND --help' for a command's options.
"""


def _setup_django(settings_module: str | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module or DEFAULT_SETTINGS)
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as exc:  # a missing secret key, say: the reason, no traceback
        raise SystemExit(f"accord: {exc}") from None


class Progress:
    """A one-line progress bar on stderr, with an optional note of what is under way.

    Counting rows (imports), it redraws at most ten times a second and, when stderr is not a
    terminal, writes about ten lines. With ``every_call`` (a few named steps, the demo build)
    every call is shown: a step that takes long then says what it is doing.
    """

    def __init__(
        self, label: str, stream: TextIO | None = None, *, every_call: bool = False
    ) -> None:
        self.label = label
        self.stream = stream or sys.stderr
        self.every_call = every_call
        self.started = time.monotonic()
        self.last_draw = 0.0
        self.last_width = 0
        self.is_tty = getattr(self.stream, "isatty", lambda: False)()

    def __call__(self, done: int, total: int, note: str = "") -> None:
        now = time.monotonic()
        finished = total > 0 and done >= total
        if not (finished or self.every_call) and now - self.last_draw < 0.1:
            return
        self.last_draw = now
        width = 30
        filled = int(width * done / total) if total else width
        bar = "#" * filled + "-" * (width - filled)
        about = f" {note}" if note else ""
        line = f"{self.label} [{bar}] {done}/{total}{about} ({now - self.started:.1f}s)"
        if self.is_tty:
            # Blank out what a longer previous line leaves behind.
            padded = line.ljust(self.last_width)
            self.last_width = len(line)
            self.stream.write("\r" + padded + ("\n" if finished else ""))
        elif finished or self.every_call or done == 0 or done % max(1, total // 10) == 0:
            self.stream.write(line + "\n")
        self.stream.flush()


class _WorkerProcess:
    """``accord worker`` beside the server, as a separate process (a job that holds the
    interpreter never stalls the pages), started again if it dies, stopped with the server."""

    def __init__(self) -> None:
        self.process: subprocess.Popen[bytes] | None = None
        self.stopping = False

    def _spawn(self) -> subprocess.Popen[bytes]:
        command = [sys.executable, "-m", "accord.cli", "worker", "--exit-with-parent"]
        return subprocess.Popen(command)

    def start(self) -> None:
        self.process = self._spawn()
        threading.Thread(target=self._watch, daemon=True, name="worker-watch").start()

    def _watch(self) -> None:
        while not self.stopping and self.process is not None:
            code = self.process.wait()
            if self.stopping:
                return
            print(f"The job worker stopped (exit code {code}); starting it again.", flush=True)
            time.sleep(2.0)
            if not self.stopping:
                self.process = self._spawn()

    def stop(self) -> None:
        self.stopping = True
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


def _serve(args: argparse.Namespace) -> None:
    from accord import serving

    jobs = _WorkerProcess()
    if args.worker:
        jobs.start()
    server = "gunicorn" if serving.has_gunicorn() else "waitress"
    shape = (
        f"{args.processes} processes × {args.threads} threads"
        if server == "gunicorn"
        else f"1 process × {args.threads} threads"
    )
    print(
        f"Serving accord at http://{args.host}:{args.port}/  ({server}, {shape}; Ctrl+C to stop)",
        flush=True,
    )
    try:
        serving.serve(args.host, args.port, processes=args.processes, threads=args.threads)
    finally:
        jobs.stop()


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
    summary = build_demo(progress=Progress("Building the demo group", every_call=True))
    print(summary.describe(base_url=f"http://{args.host}:{args.port}"), flush=True)
    if args.no_serve:
        return 0
    _serve(args)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    _setup_django()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    if "Manifest" in settings.STORAGES["staticfiles"]["BACKEND"]:
        # Production serves hashed, compressed copies: make them for this release first.
        call_command("collectstatic", verbosity=0, interactive=False)
    _serve(args)
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    _setup_django()
    from accord.backup import BackupError, backup

    try:
        backup(Path(args.folder), say=lambda line: print(line, flush=True))
    except BackupError as exc:
        print(f"accord backup: {exc}", file=sys.stderr)
        return 2
    return 0


def cmd_archive(args: argparse.Namespace) -> int:
    _setup_django()
    from accord.archive import ArchiveError, ArchiveLimits, archive_group

    limits = ArchiveLimits(max_files=args.max_files, max_bytes=args.max_bytes)
    try:
        result = archive_group(
            args.group, Path(args.folder), limits=limits, progress=Progress("Archiving")
        )
    except ArchiveError as exc:
        print(f"accord archive: {exc}", file=sys.stderr)
        return 2
    print(f"Archived {result.files} files ({result.bytes} bytes) into {result.folder}", flush=True)
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    _setup_django()
    from accord.backup import BackupError, restore

    try:
        result = restore(Path(args.folder), say=lambda line: print(line, flush=True))
    except BackupError as exc:
        print(f"accord restore: {exc}", file=sys.stderr)
        return 2
    for line in result.differences:
        print(f"accord restore: {line}", file=sys.stderr)
    return 0 if result.ok else 1


def cmd_worker(args: argparse.Namespace) -> int:
    _setup_django()
    from accord.jobs.worker import WorkerOptions, run_worker, tables_ready

    if not tables_ready():
        print(
            "The database has no job tables yet: run 'accord migrate' (or 'accord serve', "
            "which migrates) first.",
            file=sys.stderr,
        )
        return 2
    if not args.batch:
        print(f"accord worker: running jobs from '{args.queue}' (Ctrl+C to stop)", flush=True)
    options = WorkerOptions(
        queues=args.queue,
        interval=args.interval,
        batch=args.batch,
        max_tasks=args.max_tasks,
        reload=args.reload,
        recover=not args.no_recover,
        exit_with_parent=args.exit_with_parent,
    )
    run_worker(options, sys.stdout)
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


GROUP_HELP = "the group's slug, as in its address /g/SLUG/"
AS_USER_HELP = "username of the account acting (default: the first superuser)"


def _host_and_port(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1, this machine only; 0.0.0.0 for all)",
    )
    parser.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")


def _server_shape(parser: argparse.ArgumentParser) -> None:
    from accord import serving

    parser.add_argument(
        "--processes",
        type=int,
        default=serving.default_processes(),
        metavar="N",
        help="web processes, one core each (gunicorn; default: ACCORD_WEB_PROCESSES or the "
        "number of cores, at least 2)",
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=serving.default_threads(),
        metavar="N",
        help="threads per process (default: ACCORD_WEB_THREADS or 8)",
    )


def _no_worker(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--no-worker",
        dest="worker",
        action="store_false",
        help="do not start a job worker beside the server (run 'accord worker' yourself)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="accord", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = sub.add_parser("demo", help="build the demonstration group and serve it")
    demo.add_argument("--no-serve", action="store_true", help="build, print what was built, exit")
    _host_and_port(demo)
    demo.add_argument("--db", default="var/demo.sqlite3", help="SQLite file to (re)build")
    _server_shape(demo)
    _no_worker(demo)
    demo.set_defaults(func=cmd_demo)

    serve = sub.add_parser(
        "serve", help="serve the app (gunicorn: several processes of several threads)"
    )
    _host_and_port(serve)
    _server_shape(serve)
    _no_worker(serve)
    serve.set_defaults(func=cmd_serve)

    backup = sub.add_parser(
        "backup",
        help="copy the database and the uploaded files into a new folder",
        description="Copy the database (SQLite's online backup, or pg_dump on PostgreSQL, safe "
        "while others write) and the uploaded files into FOLDER, with a manifest of row "
        "counts, issued versions' hashes and the audit chain's head read at the same moment.",
    )
    backup.add_argument("folder", metavar="FOLDER", help="a new or empty folder")
    backup.set_defaults(func=cmd_backup)
    archive = sub.add_parser(
        "archive",
        help="write a group's public pages as a static site into a new folder",
        description="Render the group's public pages as an anonymous visitor sees them and "
        "write them, with their exports, attachments and static files, into FOLDER with "
        "relative links and a manifest.json of SHA-256 hashes.",
    )
    archive.add_argument("group", metavar="GROUP", help="the group's slug")
    archive.add_argument("folder", metavar="FOLDER", help="a new or empty folder")
    archive.add_argument("--max-files", type=int, default=5000, help="default: 5000")
    archive.add_argument(
        "--max-bytes", type=int, default=512 * 1024 * 1024, help="default: 512 MiB"
    )
    archive.set_defaults(func=cmd_archive)
    restore = sub.add_parser(
        "restore",
        help="restore a backup into the configured, empty database and check it",
        description="Restore FOLDER (made by 'accord backup') into the configured database, "
        "which must be empty, and the uploaded files into the media folder; then compare the "
        "rows with the manifest, recompute every issued version's hash and verify the audit "
        "chain. Exits 1 when anything differs.",
    )
    restore.add_argument("folder", metavar="FOLDER", help="a folder made by 'accord backup'")
    restore.set_defaults(func=cmd_restore)

    worker = sub.add_parser(
        "worker",
        help="run queued jobs (imports started from the web or the API)",
        description="Run the jobs that pages and the API queue (transcript, mail and draft "
        "imports), one at a time, until stopped. Run one or more beside 'accord serve "
        "--no-worker' in production; on start, a job whose worker died is run again once "
        "(nothing of it was kept) or marked failed.",
    )
    worker.add_argument(
        "--queue",
        default="default",
        metavar="NAMES",
        help="queues to take jobs from, separated by commas, or '*' for all (default: default)",
    )
    worker.add_argument(
        "--interval",
        type=float,
        default=1.0,
        metavar="SECONDS",
        help="how long to wait before looking again when no job is queued (default: 1)",
    )
    worker.add_argument(
        "--batch", action="store_true", help="run the jobs queued now, then exit (for tests, cron)"
    )
    worker.add_argument(
        "--max-tasks", type=int, default=None, metavar="N", help="exit after running N jobs"
    )
    worker.add_argument(
        "--reload", action="store_true", help="restart when the code changes (development only)"
    )
    worker.add_argument(
        "--no-recover",
        action="store_true",
        help="do not look for jobs whose worker died (another worker does it)",
    )
    worker.add_argument("--exit-with-parent", action="store_true", help=argparse.SUPPRESS)
    worker.set_defaults(func=cmd_worker)

    imp = sub.add_parser("import", help="import files into a group")
    imp_sub = imp.add_subparsers(dest="what", required=True, metavar="WHAT")
    tr = imp_sub.add_parser("transcript", help="a day's transcript (.txt, .docx, .pdf, .srt)")
    tr.add_argument("file", help="the transcript file")
    tr.add_argument("--group", required=True, metavar="SLUG", help=GROUP_HELP)
    tr.add_argument("--meeting", type=int, required=True, help="meeting number")
    tr.add_argument("--date", required=True, help="meeting day, YYYY-MM-DD")
    tr.add_argument(
        "--format",
        default=None,
        choices=["captioning", "colon", "timestamped", "srt"],
        help="how speakers are marked (default: recognised from the text)",
    )
    tr.add_argument("--as-user", default=None, metavar="USERNAME", help=AS_USER_HELP)
    tr.set_defaults(func=_import_transcript)
    co = imp_sub.add_parser("contributions", help="a folder of files, one per member (ISO3_*.txt)")
    co.add_argument("folder", help="the folder of files")
    co.add_argument("--group", required=True, metavar="SLUG", help=GROUP_HELP)
    co.add_argument("--call", type=int, required=True, help="call id")
    co.add_argument("--question", type=int, default=1, help="question number the files answer")
    co.add_argument(
        "--create-members", action="store_true", help="add unknown ISO3 codes as members"
    )
    co.add_argument("--as-user", default=None, metavar="USERNAME", help=AS_USER_HELP)
    co.set_defaults(func=_import_contributions)
    mb = imp_sub.add_parser(
        "mbox",
        help="a mailing-list archive (mbox, pipermail .txt/.txt.gz, hypermail .html/.zip, "
        "or a folder of hypermail pages)",
    )
    mb.add_argument("file", help="an archive file, or a folder (a hypermail month's pages)")
    mb.add_argument("--group", required=True, metavar="SLUG", help=GROUP_HELP)
    mb.add_argument("--list", default="Main list", help="mailing list name (created if missing)")
    mb.add_argument("--as-user", default=None, metavar="USERNAME", help=AS_USER_HELP)
    mb.set_defaults(func=_import_mbox)
    po = imp_sub.add_parser("polis", help="a Pol.is export folder (open-data CSV or API JSON)")
    po.add_argument("folder", help="the export folder")
    po.add_argument("--group", required=True, metavar="SLUG", help=GROUP_HELP)
    po.add_argument("--as-user", default=None, metavar="USERNAME", help=AS_USER_HELP)
    po.set_defaults(func=_import_polis)
    pr = imp_sub.add_parser(
        "progress",
        help="implementation progress reports (CSV: public_id, reported_on, status, text, ...)",
    )
    pr.add_argument("file", help="the CSV file")
    pr.add_argument("--group", required=True, metavar="SLUG", help=GROUP_HELP)
    pr.add_argument("--as-user", default=None, metavar="USERNAME", help=AS_USER_HELP)
    pr.set_defaults(func=_import_progress)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    own = {"demo", "serve", "worker", "import", "backup", "restore", "archive", "-h", "--help"}
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
