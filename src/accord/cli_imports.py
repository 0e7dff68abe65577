"""The ``accord import ...`` commands: resolve names from the command line, call the services.

Each import is one transaction inside its service: a failure prints the reason and changes
nothing.
"""

from __future__ import annotations

import argparse
import io
import sys
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from accord.accounts.models import User
from accord.common.errors import ApplicationError
from accord.groups.selectors import group_get


def _actor(username: str | None) -> User:
    if username:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise ApplicationError(_("No user '%(username)s'.") % {"username": username})
        return user
    user = User.objects.filter(is_superuser=True).order_by("id").first()
    if user is None:
        raise ApplicationError(
            _("No superuser to act as: run 'accord createsuperuser' or pass --as-user USERNAME.")
        )
    return user


def _fail(exc: ApplicationError) -> int:
    print(f"error: {exc.message}", file=sys.stderr)
    return 2


def import_transcript(args: argparse.Namespace, progress: Any) -> int:
    from accord.meetings.models import MeetingDay
    from accord.meetings.services import transcript_upload

    try:
        actor = _actor(args.as_user)
        group = group_get(slug=args.group)
        try:
            day_date = date.fromisoformat(args.date)
        except ValueError as exc:
            raise ApplicationError(
                _("'%(date)s' is not a date: use YYYY-MM-DD.") % {"date": args.date}
            ) from exc
        day = MeetingDay.objects.filter(
            meeting__group=group, meeting__number=args.meeting, date=day_date
        ).first()
        if day is None:
            raise ApplicationError(
                _("Meeting %(meeting)s of %(slug)s has no day %(day_date)s.")
                % {"meeting": args.meeting, "slug": group.slug, "day_date": day_date}
            )
        path = Path(args.file)
        if not path.is_file():
            raise ApplicationError(_("No such file: %(path)s") % {"path": path})
        transcript = transcript_upload(
            actor=actor,
            day=day,
            data=path.read_bytes(),
            filename=path.name,
            format=args.format,
            progress=progress,
        )
    except ApplicationError as exc:
        return _fail(exc)
    turns = transcript.turns.count()
    matched = transcript.turns.exclude(member=None).values("member").distinct().count()
    print(f"Imported {turns} turns ({transcript.format}); {matched} speakers matched to members.")
    return 0


def import_contributions(args: argparse.Namespace, progress: Any) -> int:
    from accord.contributions.models import Call
    from accord.contributions.services import contribution_import_folder

    try:
        actor = _actor(args.as_user)
        group = group_get(slug=args.group)
        call = Call.objects.filter(group=group, pk=args.call).first()
        if call is None:
            raise ApplicationError(
                _("No call %(call)s in %(slug)s.") % {"call": args.call, "slug": group.slug}
            )
        question = call.questions.filter(number=args.question).first()
        if question is None:
            raise ApplicationError(
                _("The call has no question %(question)s.") % {"question": args.question}
            )
        folder = Path(args.folder)
        if not folder.is_dir():
            raise ApplicationError(_("No such folder: %(folder)s") % {"folder": folder})
        paths = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
        report = contribution_import_folder(
            actor=actor,
            call=call,
            question=question,
            paths=paths,
            create_missing_members=args.create_members,
            progress=progress,
        )
    except ApplicationError as exc:
        return _fail(exc)
    print(report.message)
    return 0


def import_mbox(args: argparse.Namespace, progress: Any) -> int:
    from accord.correspondence.services.mail_import import mail_archive_import_to_list

    try:
        actor = _actor(args.as_user)
        group = group_get(slug=args.group)
        path = Path(args.file)
        if path.is_dir():
            data, filename = _zip_folder(path), f"{path.name}.zip"
        elif path.is_file():
            data, filename = _read_archive_file(path), path.name
        else:
            raise ApplicationError(_("No such file or folder: %(path)s") % {"path": path})
        _run, report = mail_archive_import_to_list(
            actor=actor,
            group=group,
            list_name=args.list,
            data=data,
            filename=filename,
            progress=lambda text: print(text, file=sys.stderr, flush=True),
        )
    except ApplicationError as exc:
        return _fail(exc)
    print(report.summary)
    return 0


def _read_archive_file(path: Path) -> bytes:
    """The file's bytes, refused before they are read when the file alone is larger than
    the reader's budget for a whole archive (compressed files count as they are on disk;
    the reader then counts what they unpack to)."""
    from django.utils.translation import gettext

    from accord.core.mail.reader import MAX_ARCHIVE_BYTES

    if path.stat().st_size > MAX_ARCHIVE_BYTES:
        limit = MAX_ARCHIVE_BYTES // (1024 * 1024)
        raise ApplicationError(
            gettext("%(file)s is larger than %(limit)s MB: import it month by month.")
            % {"file": path, "limit": limit}
        )
    return path.read_bytes()


def _zip_folder(folder: Path) -> bytes:
    """A folder's files as one (uncompressed) ZIP: the archive reader takes it as it takes
    an uploaded ZIP of a hypermail month, with the same size limits."""
    from accord.core.mail.reader import MAX_ARCHIVE_BYTES

    files = sorted(p for p in folder.rglob("*") if p.is_file())
    if sum(p.stat().st_size for p in files) > MAX_ARCHIVE_BYTES:  # before reading any of it
        limit = MAX_ARCHIVE_BYTES // (1024 * 1024)
        raise ApplicationError(
            _("%(folder)s holds more than %(limit)s MB: import it month by month.")
            % {"folder": folder, "limit": limit}
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for path in files:
            archive.write(path, path.relative_to(folder).as_posix())
    return buffer.getvalue()


def import_polis(args: argparse.Namespace, progress: Any) -> int:
    from accord.consultations.services import polis_import

    try:
        actor = _actor(args.as_user)
        group = group_get(slug=args.group)
        folder = Path(args.folder)
        if not folder.is_dir():
            raise ApplicationError(_("No such folder: %(folder)s") % {"folder": folder})
        consultation = polis_import(actor=actor, group=group, path=folder, progress=progress)
    except ApplicationError as exc:
        return _fail(exc)
    statements = consultation.statements.count()
    participants = consultation.participants.count()
    print(
        f"Imported '{consultation}': {statements} statements, {participants} participants. "
        f"Opinion map: /g/{group.slug}/consultations/{consultation.pk}/map/"
    )
    return 0


def import_progress(args: argparse.Namespace, progress: Any) -> int:
    from accord.outcomes.services.followup import progress_reports_import_path

    try:
        actor = _actor(args.as_user)
        group = group_get(slug=args.group)
        path = Path(args.file)
        if not path.is_file():
            raise ApplicationError(_("No such file: %(path)s") % {"path": path})
        progress(0, 1)
        report = progress_reports_import_path(actor=actor, group=group, path=path)
        progress(1, 1)
    except ApplicationError as exc:
        return _fail(exc)
    print(report.message)
    return 0
