"""``accord archive GROUP DIR``: a working group's public site as static files that outlive it.

Every page is rendered by Django's own request handling as an anonymous visitor (the test
client, no cookie kept between requests, the page cache off), starting at the group overview
and following only the links that page gives (``href``, ``src``, ``srcset``, CSS ``url()``),
within ``/g/<slug>/`` and ``/static/``. The crawl is done in memory first, bounded in files and
bytes, so a crawl that is too large stops before anything is written; the files are then
written into a hidden folder beside DIR and renamed into place at the end.

Links are rewritten relative to each file (``index.html`` for directory-like URLs, a stable
``.q-<query>-<hash>`` part for query strings). A link the archive cannot hold (login, search,
languages, other groups, pages an anonymous visitor is refused) keeps its text but loses its
``href`` (an ``<a>`` without ``href`` is plain text) and is titled "Not in the archive".
Forms are removed (they need the live site); a comparison form (selects ``a`` and ``b``) is
replaced by links to the redline of each pair of versions it offers, earlier to later. htmx
attributes are dropped. ``manifest.json`` lists every file with its SHA-256 and source URL.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import mimetypes
import os
import posixpath
import re
import shutil
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape, unescape
from pathlib import Path
from urllib.parse import parse_qsl, quote, unquote, urlencode, urljoin, urlsplit

from django.conf import settings
from django.test import Client
from django.test.utils import override_settings
from django.utils import translation
from django.utils.translation import gettext as _

from accord.groups.models import WorkingGroup

MANIFEST = "manifest.json"
Progress = Callable[[int, int, str], None]


class ArchiveError(Exception):
    """An archive that cannot be made, with what to do about it."""


@dataclass(frozen=True)
class ArchiveLimits:
    max_files: int = 5000
    max_bytes: int = 512 * 1024 * 1024


@dataclass
class Fetched:
    url: str
    content_type: str
    body: bytes
    filename: str = ""


@dataclass
class ArchiveResult:
    folder: Path
    files: int
    bytes: int
    left_out: list[str] = field(default_factory=list)


_TAG = re.compile(r"<([a-zA-Z][\w-]*)(\s[^<>]*?)?(/?)>", re.S)
_ATTR = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?""")
_FORM = re.compile(r"<form\b.*?</form\s*>", re.S | re.I)
_SELECT = re.compile(r"<select\b([^>]*)>(.*?)</select>", re.S | re.I)
_OPTION = re.compile(r"<option\b([^>]*)>(.*?)</option>", re.S | re.I)
_HIDDEN = re.compile(r"<input\b[^>]*type=\"hidden\"[^>]*>", re.I)
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")
_URL_ATTRS = {"href", "src", "srcset", "poster", "action", "formaction"}
_EXTENSIONS = {
    "text/html": ".html",
    "text/plain": ".txt",
    "text/css": ".css",
    "text/javascript": ".js",
    "application/javascript": ".js",
    "application/pdf": ".pdf",
    "application/akn+xml": ".xml",
    "application/atom+xml": ".atom",
    "application/json": ".json",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
}


def _host() -> str:
    for host in settings.ALLOWED_HOSTS:
        if host and host != "*" and not host.startswith("."):
            return host
    return "localhost"


def _canonical(url: str) -> str:
    parts = urlsplit(url)
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    return parts.path + (f"?{query}" if query else "")


def _attr(tag_attrs: str, name: str) -> str | None:
    for key, value in _ATTR.findall(tag_attrs):
        if key.lower() == name:
            return unescape(value.strip("\"'"))
    return None


def _pairs(form: str) -> list[tuple[str, str]]:
    """The (query, label) of each earlier-to-later pair a comparison form offers."""
    selects = {
        _attr(attrs, "name"): [
            (_attr(o, "value") or "", unescape(t).strip()) for o, t in _OPTION.findall(body)
        ]
        for attrs, body in _SELECT.findall(form)
    }
    if set(selects) != {"a", "b"}:
        return []
    hidden = [(_attr(h, "name") or "", _attr(h, "value") or "") for h in _HIDDEN.findall(form)]
    options = selects["a"]
    found = []
    for i, (a, a_label) in enumerate(options):
        for b, b_label in options[i + 1 :]:
            query = urlencode(sorted([("a", a), ("b", b), *hidden]))
            found.append((query, f"{a_label} → {b_label}"))
    return found[:100]


class _Crawler:
    def __init__(self, slug: str, limits: ArchiveLimits, progress: Progress | None) -> None:
        self.slug = slug
        self.limits = limits
        self.progress = progress
        self.host = _host()
        self.client = Client()
        self.pages: dict[str, Fetched] = {}
        self.alias: dict[str, str] = {}  # a redirecting URL -> its archived target
        self.missing: set[str] = set()
        self.total = 0

    def in_scope(self, path: str) -> bool:
        return path.startswith((f"/g/{self.slug}/", "/static/"))

    def site_url(self, base: str, href: str) -> str | None:
        """The canonical site URL of ``href`` found on ``base``, or None when not the site's."""
        href = href.strip()
        if not href or href.startswith(("#", "mailto:", "tel:", "data:", "javascript:")):
            return None
        parts = urlsplit(urljoin(f"https://{self.host}{base}", href))
        if parts.scheme not in ("http", "https") or parts.netloc != self.host:
            return None
        return _canonical(parts.path + (f"?{parts.query}" if parts.query else ""))

    def fetch(self, url: str) -> tuple[int, str, bytes, str, str]:
        self.client.cookies.clear()  # every request is a first visit: anonymous, no session
        parts = urlsplit(url)
        response = self.client.get(
            parts.path, dict(parse_qsl(parts.query)), secure=True, HTTP_HOST=self.host
        )
        body = b"" if response.streaming else response.content
        if response.streaming:
            body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
        disposition = response.get("Content-Disposition", "")
        name = re.search(r'filename="?([^";]+)"?', disposition)
        return (
            response.status_code,
            response.get("Content-Type", "application/octet-stream"),
            body,
            response.get("Location", ""),
            name.group(1) if name else "",
        )

    def links(self, page: Fetched) -> list[str]:
        kind = page.content_type.split(";")[0].strip()
        found: list[str] = []
        if kind == "text/html":
            text = page.body.decode("utf-8", "replace")
            for form in _FORM.findall(text):
                base = _attr(form[: form.find(">")], "action") or page.url
                found += [f"{urlsplit(base).path or page.url}?{q}" for q, _label in _pairs(form)]
            text = _FORM.sub("", text)
            for match in _TAG.finditer(text):
                for key, value in _ATTR.findall(match.group(2) or ""):
                    key = key.lower()
                    value = unescape(value.strip("\"'"))
                    if key == "srcset":
                        found += [c.split()[0] for c in value.split(",") if c.split()]
                    elif key in ("href", "src", "poster"):
                        found.append(value)
        elif kind == "text/css":
            text = page.body.decode("utf-8", "replace")
            found += [m.group(2) or m.group(4) for m in _CSS_URL.finditer(text)]
        return [u for u in (self.site_url(page.url, h) for h in found) if u]

    def crawl(self) -> None:
        start = f"/g/{self.slug}/"
        queue: deque[str] = deque([start])
        queued = {start}
        while queue:
            url = queue.popleft()
            status, kind, body, location, filename = self.fetch(url)
            if status in (301, 302, 303, 307, 308) and location:
                target = self.site_url(url, location)
                if target and self.in_scope(urlsplit(target).path):
                    self.alias[url] = target
                    if target not in queued:
                        queued.add(target)
                        queue.append(target)
                    continue
            if status != 200:
                if url == start:
                    raise ArchiveError(
                        _("The group's overview answered %(status)s.") % {"status": status}
                    )
                self.missing.add(url)
                continue
            page = Fetched(url, kind, body, filename)
            self.pages[url] = page
            self.total += len(body)
            if len(self.pages) > self.limits.max_files:
                raise ArchiveError(
                    _("The archive would hold more than %(n)s files; give a larger --max-files.")
                    % {"n": self.limits.max_files}
                )
            if self.total > self.limits.max_bytes:
                raise ArchiveError(
                    _("The archive would be larger than %(n)s bytes; give a larger --max-bytes.")
                    % {"n": self.limits.max_bytes}
                )
            for link in self.links(page):
                if link not in queued and self.in_scope(urlsplit(link).path):
                    queued.add(link)
                    queue.append(link)
            if self.progress:
                self.progress(len(self.pages), len(self.pages) + len(queue), url)


def _safe(segment: str) -> str:
    return re.sub(r"[^A-Za-z0-9._~-]", "_", segment) or "_"


def file_for(url: str, content_type: str, filename: str = "") -> str:
    """The archive path of a site URL: ``index.html`` for a directory, the query as a
    readable and hashed part (``index.q-a-1-b-2-1a2b3c4d.html``) so distinct queries never
    share a file and the same query always gets the same one."""
    parts = urlsplit(url)
    kind = content_type.split(";")[0].strip()
    ext = _EXTENSIONS.get(kind) or mimetypes.guess_extension(kind) or ".bin"
    segments = [_safe(unquote(s)) for s in parts.path.strip("/").split("/") if s]
    if parts.path.endswith("/") or not segments:
        stem, suffix = (
            (Path(_safe(filename)).stem, Path(filename).suffix)
            if (filename and kind != "text/html")
            else ("index", ext)
        )
        segments.append(stem + suffix)
    elif kind == "text/html" and not segments[-1].endswith((".html", ".htm")):
        segments[-1] += ".html"
    elif "." not in segments[-1]:
        segments[-1] += ext
    if parts.query:
        readable = re.sub(r"[^A-Za-z0-9]+", "-", parts.query)[:60].strip("-")
        digest = hashlib.sha256(parts.query.encode()).hexdigest()[:8]
        stem, dot, last = segments[-1].rpartition(".")
        segments[-1] = f"{stem}.q-{readable}-{digest}.{last}" if dot else f"{last}.q-{digest}"
    return "/".join(segments)


class _Writer:
    def __init__(self, crawler: _Crawler) -> None:
        self.crawler = crawler
        self.paths = {u: file_for(u, p.content_type, p.filename) for u, p in crawler.pages.items()}
        self.absent_title = escape(_("Not in the archive"))

    def target(self, url: str | None) -> str | None:
        if url is None:
            return None
        url = self.crawler.alias.get(url, url)
        return self.paths.get(url)

    def relative(self, from_path: str, base_url: str, href: str) -> str | None:
        """``href`` made relative to the file, or None when it is the site's but not archived
        (a link that is not the site's is returned as it stands)."""
        site = self.crawler.site_url(base_url, href)
        if site is None:
            return href
        target = self.target(site)
        if target is None:
            return None
        fragment = urlsplit(href).fragment
        rel = posixpath.relpath(target, posixpath.dirname(from_path) or ".")
        return quote(rel, safe="/._-~") + (f"#{fragment}" if fragment else "")

    def choices(self, path: str, url: str, form: str) -> str:
        base = _attr(form[: form.find(">")], "action") or url
        items = []
        for query, label in _pairs(form):
            rel = self.relative(path, url, f"{urlsplit(base).path or url}?{query}")
            if rel:
                items.append(f'<li><a href="{escape(rel)}">{escape(label)}</a></li>')
        return f'<ul class="archive-choices">{"".join(items)}</ul>' if items else ""

    def tag(self, path: str, url: str, match: re.Match[str]) -> str:
        name, attrs, close = match.group(1), match.group(2) or "", match.group(3)
        lower = name.lower()
        if lower == "base" or (lower == "meta" and "refresh" in attrs.lower()):
            return ""
        kept: list[str] = []
        absent = False
        for key, raw in _ATTR.findall(attrs):
            k = key.lower()
            value = unescape(raw.strip("\"'")) if raw else ""
            if k.startswith(("hx-", "data-hx-")):
                continue
            if k in _URL_ATTRS:
                if k == "srcset":
                    cands = []
                    for cand in value.split(","):
                        bits = cand.split()
                        rel = self.relative(path, url, bits[0]) if bits else None
                        if rel:
                            cands.append(" ".join([rel, *bits[1:]]))
                    if cands:
                        kept.append(f'srcset="{escape(", ".join(cands))}"')
                    continue
                rel = self.relative(path, url, value)
                if rel is None:
                    if lower == "link":
                        return ""
                    absent = True
                    continue
                kept.append(f'{key}="{escape(rel)}"')
                continue
            if k.startswith("data-") and value.startswith("/"):
                continue  # a URL for a script that talks to the live site
            kept.append(f"{key}={raw}" if raw else key)
        if absent and lower in ("a", "area"):
            kept += ["data-archive-absent", f'title="{self.absent_title}"']
        return f"<{name}{''.join(' ' + a for a in kept)}{close}>"

    def html(self, path: str, url: str, text: str) -> str:
        text = _FORM.sub(lambda m: self.choices(path, url, m.group(0)), text)
        return _TAG.sub(lambda m: self.tag(path, url, m), text)

    def css(self, path: str, url: str, text: str) -> str:
        def one(m: re.Match[str]) -> str:
            href = m.group(2) or m.group(4)
            rel = self.relative(path, url, href)
            return m.group(0).replace(href, rel or "about:blank")

        return _CSS_URL.sub(one, text)

    def body(self, url: str) -> bytes:
        page = self.crawler.pages[url]
        path = self.paths[url]
        kind = page.content_type.split(";")[0].strip()
        if kind == "text/html":
            return self.html(path, url, page.body.decode("utf-8", "replace")).encode()
        if kind == "text/css":
            return self.css(path, url, page.body.decode("utf-8", "replace")).encode()
        return page.body


def _root_page(group: WorkingGroup, files: int) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Archive of %(name)s") % {"name": group.name}
        link = _("Open the group's pages")
        about = _(
            "A static copy of the group's public pages, made on %(date)s: %(files)s files, "
            "each listed with its SHA-256 in manifest.json."
        ) % {"date": dt.date.today().isoformat(), "files": files}
        lang = settings.LANGUAGE_CODE
    return (
        f'<!doctype html>\n<html lang="{escape(lang)}"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title></head><body><h1>{escape(title)}</h1>"
        f"<p>{escape(about)}</p>"
        f'<p><a href="g/{escape(group.slug)}/index.html">{escape(link)}</a></p>'
        f'<p><a href="{MANIFEST}">{MANIFEST}</a></p></body></html>\n'
    ).encode()


def archive_group(
    slug: str,
    folder: Path,
    *,
    limits: ArchiveLimits | None = None,
    progress: Progress | None = None,
) -> ArchiveResult:
    group = WorkingGroup.objects.filter(slug=slug).first()
    if group is None:
        raise ArchiveError(_("There is no working group called %(slug)s.") % {"slug": slug})
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ArchiveError(_("%(folder)s exists and is not an empty folder.") % {"folder": folder})
    crawler = _Crawler(slug, limits or ArchiveLimits(), progress)
    with override_settings(ACCORD_PAGE_CACHE_SECONDS=0):
        crawler.crawl()
    writer = _Writer(crawler)
    staging = folder.parent / f".{folder.name}.partial-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    try:
        entries = []
        total = 0
        for url in sorted(crawler.pages):
            data = writer.body(url)
            target = staging / writer.paths[url]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            total += len(data)
            entries.append(
                {
                    "path": writer.paths[url],
                    "sha256": hashlib.sha256(data).hexdigest(),
                    "bytes": len(data),
                    "content_type": crawler.pages[url].content_type,
                    "source_url": url,
                }
            )
        root = _root_page(group, len(entries) + 1)
        (staging / "index.html").write_bytes(root)
        entries.append(
            {
                "path": "index.html",
                "sha256": hashlib.sha256(root).hexdigest(),
                "bytes": len(root),
                "content_type": "text/html; charset=utf-8",
                "source_url": None,
            }
        )
        manifest = {
            "group": slug,
            "made_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "files": entries,
            "left_out": sorted(crawler.missing),
        }
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        if folder.exists():
            folder.rmdir()
        staging.rename(folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return ArchiveResult(folder, len(entries), total + len(root), sorted(crawler.missing))
