"""Importing a draft with "2 bis." insertions and kramdown list breakers: the paragraphs get
their UN ids (OP2bis) and printed numbers, and the sub-items stay in their paragraph (issue 9)."""

# ruff: noqa: F811  (fixtures imported from versions_fixtures)
from __future__ import annotations

from accord.drafts.selectors import versions as selectors
from accord.drafts.services.imports import version_import
from tests.drafts.versions_fixtures import report  # noqa: F401

DRAFT = """# Draft resolution

## Preambular part

*Recalling* its resolution 70/1,

## Operative part

1. *Decides* to convene a forum;

2. *Requests* the secretariat:

<!-- -->

(a) To report on progress;

(b) To consult the members;

<!-- -->

2 bis. *Invites* observers to [contribute][comment];

3. *Decides* to remain seized of the matter.
"""


def test_insertions_get_their_ids_and_printed_numbers(world, report):
    version = version_import(
        actor=world.users["secretariat"],
        report=report,
        data=DRAFT.encode(),
        filename="draft.md",
        kind="zero_draft",
        label="Zero draft",
    )
    items = [
        (i.paragraph.key, i.paragraph.kind, i.display_number, i.text)
        for i in selectors.version_items(version)
    ]
    assert items == [
        ("H1", "heading", "", "Draft resolution"),
        ("H2", "heading", "", "Preambular part"),
        ("PP1", "pp", "PP1", "*Recalling* its resolution 70/1,"),
        ("H3", "heading", "", "Operative part"),
        ("OP1", "op", "1.", "*Decides* to convene a forum;"),
        (
            "OP2",
            "op",
            "2.",
            "*Requests* the secretariat:\n\n(a) To report on progress;\n\n"
            "(b) To consult the members;",
        ),
        ("OP2bis", "op", "2 bis.", "*Invites* observers to [contribute][comment];"),
        ("OP3", "op", "3.", "*Decides* to remain seized of the matter."),
    ]
