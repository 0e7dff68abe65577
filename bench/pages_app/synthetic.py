"""A large negotiation for ``bench/pages.py``: a report in the demo group with PARAGRAPHS
paragraphs (a heading every 20) and AMENDMENTS amendments from the delegations, plus positions,
built through the services like real use. Run in the benchmark's database:

    DATABASE_URL=sqlite:///... DJANGO_SETTINGS_MODULE=pages_app.settings \\
        python -m pages_app.synthetic 200 2000
"""

from __future__ import annotations

import random
import sys
import time


def build(paragraphs: int, amendments: int, group_slug: str = "wgedc") -> str:
    from accord.drafts.models import Paragraph, Version
    from accord.drafts.services import amendments as amend
    from accord.drafts.services import versions
    from accord.groups.models import Role, WorkingGroup
    from accord.positions import services as positions

    rng = random.Random(7)
    group = WorkingGroup.objects.get(slug=group_slug)
    chair = Role.objects.filter(group=group, kind=Role.Kind.CHAIR).first().user
    delegates = [
        r.user
        for r in Role.objects.filter(group=group, kind=Role.Kind.DELEGATE, member__status="member")
        .select_related("user", "member")
        .order_by("member__name")
    ]
    report = versions.report_create(actor=chair, group=group, title="Synthetic negotiation")
    version = versions.version_create(
        actor=chair, report=report, kind=Version.Kind.ZERO_DRAFT, label="Zero draft"
    )
    words = [
        "recommends",
        "encourages",
        "cooperation",
        "stakeholders",
        "capacity",
        "digital",
        "participation",
        "forum",
        "development",
        "governments",
        "secretariat",
        "resources",
        "regional",
        "international",
        "access",
        "policy",
    ]
    after = None
    for n in range(paragraphs):
        kind = Paragraph.Kind.HEADING if n % 20 == 0 else Paragraph.Kind.OPERATIVE
        text = " ".join(rng.choice(words) for _ in range(8 if kind == "heading" else 40)) + ";"
        item = versions.version_paragraph_add(
            actor=chair, version=version, kind=kind, text=text.capitalize(), after=after
        )
        after = item.paragraph
    version = versions.version_issue(actor=chair, version=version)
    items = [i for i in version.items.select_related("paragraph") if i.paragraph.kind == "op"]
    made = 0
    while made < amendments:
        item = rng.choice(items)
        start = rng.randrange(0, max(1, len(item.text) - 20))
        start = item.text.rfind(" ", 0, start) + 1
        end = item.text.find(" ", start + 1)
        replacement = rng.choice(words)
        if end <= start or item.text[start:end] == replacement:
            continue
        amend.amendment_propose(
            actor=rng.choice(delegates),
            version=version,
            paragraph=item.paragraph,
            kind="replace_text",
            start=start,
            end=end,
            new_text=replacement,
            rationale="Clearer.",
        )
        made += 1
    for user in delegates[:10]:
        for item in items:
            positions.position_record(
                actor=user,
                version=version,
                paragraph=item.paragraph,
                kind=rng.choice(["support", "support", "object", "reserve"]),
                reason="Not in this form.",
            )
    return report.slug


if __name__ == "__main__":
    import django

    django.setup()
    t0 = time.perf_counter()
    slug = build(int(sys.argv[1]), int(sys.argv[2]))
    print(f"{slug} built in {time.perf_counter() - t0:.1f} s", flush=True)
