"""The baseline of ``bench/pages.py``: the negotiation screen's content rendered the naive way,
one paragraph at a time, each asking the database for its own amendments, brackets, positions
and status (the N+1 shape that the real screen avoids). Same data, same permission rule
(members of the group only), no caching."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.template import engines
from django.utils.html import escape

from accord.drafts.models import Amendment, Bracket, Report, VersionParagraph
from accord.groups.models import Role
from accord.positions.models import PositionEvent, StatusEvent

PARAGRAPH = engines["django"].from_string(
    "".join(
        [
            '<section id="p-{{ item.paragraph.key }}">',
            "<h2>{{ item.display_number }} {{ item.paragraph.key }} <span>{{ status }}</span></h2>",
            "<p>{{ item.text }}</p>",
            "{% if brackets %}<ul>{% for b in brackets %}<li>{{ b.text }} — ",
            "{% for h in b.holders.all %}{{ h.member.name }} {% endfor %}</li>{% endfor %}</ul>",
            "{% endif %}{% if amendments %}<ul>{% for a in amendments %}",
            "<li>{{ a.get_kind_display }} by {{ a.proposer.name }}: ",
            "<del>{{ a.old_text }}</del> <ins>{{ a.new_text }}</ins> ",
            "{% for s in a.supports.all %}{{ s.member.name }} ({{ s.kind }}) {% endfor %}</li>",
            "{% endfor %}</ul>{% endif %}<table>{% for p in positions %}<tr>",
            "<td>{{ p.member.name }}</td><td>{{ p.member.constituency.name }}</td>",
            "<td>{{ p.kind }}</td><td>{{ p.reason }}</td></tr>{% endfor %}</table></section>",
        ]
    )
)


def naive_negotiation(
    request: HttpRequest, group_slug: str, report_slug: str, number: int
) -> HttpResponse:
    report = Report.objects.filter(group__slug=group_slug, slug=report_slug).first()
    if report is None or not request.user.is_authenticated:
        raise Http404
    if not Role.objects.filter(group=report.group, user=request.user).exists():
        raise Http404
    version = report.versions.get(number=number)
    parts = [f"<h1>{escape(report.title)}, {escape(version.label)}</h1>"]
    for item in VersionParagraph.objects.filter(version=version).order_by("order"):
        paragraph = item.paragraph  # one query per paragraph
        latest = StatusEvent.objects.filter(version=version, paragraph=paragraph).order_by("-id")
        status = latest.first()
        positions = PositionEvent.objects.filter(version=version, paragraph=paragraph).order_by(
            "-id"
        )
        parts.append(
            PARAGRAPH.render(
                {
                    "item": item,
                    "status": status.status if status else "open",
                    "brackets": list(Bracket.objects.filter(version=version, paragraph=paragraph)),
                    "amendments": list(
                        Amendment.objects.filter(version=version, paragraph=paragraph)
                    ),
                    "positions": list(positions),
                }
            )
        )
    return HttpResponse("<!DOCTYPE html><html><body>" + "".join(parts) + "</body></html>")
