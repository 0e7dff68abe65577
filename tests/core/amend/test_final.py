"""The final text composed from plain data: amendments applied in id order, conflicts
reported, new paragraphs keyed, options settled, several-part amendments (no Django)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from accord.core.amend import Edit, apply_edits, covering_edit, edits_between
from accord.core.amend.final import (
    BaseParagraph,
    ChosenAmendment,
    ComposedItem,
    Conflict,
    OptionChoice,
    compose,
    new_key,
)

OP1 = "Decides that the Commission should review the implementation every five years;"
BASE = (
    BaseParagraph(1, "PP1", "pp", "Recalling its resolution 70/1,"),
    BaseParagraph(2, "OP1", "op", OP1, "1.", ({"label": "1", "text": "A note."},)),
    BaseParagraph(3, "OP2", "op", "Invites all Member States to share their experience;", "2."),
    BaseParagraph(4, "H1", "heading", "Follow-up"),
)


def span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def replace(pk: int, pid: int, text: str, words: str, new: str, **kw: object) -> ChosenAmendment:
    start, end = span(text, words)
    return ChosenAmendment(pk, pid, "replace_text", start, end, new, **kw)  # type: ignore[arg-type]


def by_key(items: tuple[ComposedItem, ...]) -> dict[str, ComposedItem]:
    return {item.key: item for item in items}


def test_nothing_chosen_is_the_base_text() -> None:
    out = compose(BASE, [])
    assert [(i.paragraph, i.key, i.text, i.change) for i in out.items] == [
        (1, "PP1", BASE[0].text, "unchanged"),
        (2, "OP1", OP1, "unchanged"),
        (3, "OP2", BASE[2].text, "unchanged"),
        (4, "H1", "Follow-up", "unchanged"),
    ]
    assert out.conflicts == ()
    assert out.items[1].footnotes == ({"label": "1", "text": "A note."},)
    assert out.items[1].display_number == "1."


def test_text_amendments_apply_and_the_earlier_wins_a_clash() -> None:
    a = replace(10, 2, OP1, "should", "shall")
    b = replace(11, 2, OP1, "should review", "reviews")  # same words as #10
    c = replace(12, 2, OP1, "five", "four")
    out = compose(BASE, [c, b, a])  # any order in: id order applies
    op1 = by_key(out.items)["OP1"]
    assert op1.text == OP1.replace("should", "shall").replace("five", "four")
    assert op1.change == "amended" and op1.applied == (10, 12)
    assert op1.edits == (Edit(28, 34, "shall"), Edit(*span(OP1, "five"), "four"))
    assert op1.base_text == OP1
    assert out.conflicts == (Conflict("overlap", 11, 10),)


def test_a_deleted_paragraph_refuses_text_amendments_on_it() -> None:
    delete = ChosenAmendment(20, 3, "delete_paragraph")
    edit = replace(21, 3, BASE[2].text, "Invites", "Urges")
    out = compose(BASE, [delete, edit])
    op2 = by_key(out.items)["OP2"]
    assert op2.change == "deleted" and op2.applied == (20,) and op2.text == BASE[2].text
    assert out.conflicts == (Conflict("deleted_paragraph", 21, 20),)
    assert [i.key for i in out.kept] == ["PP1", "OP1", "H1"]


def test_new_paragraphs_follow_their_anchor_alternatives_first() -> None:
    add = ChosenAmendment(30, 2, "add_paragraph", new_text="Decides to meet annually.")
    alt = ChosenAmendment(31, 2, "alternative", new_text="Decides to review in 2030.")
    after_heading = ChosenAmendment(32, 4, "add_paragraph", new_text="Free text.")
    out = compose(BASE, [add, alt, after_heading], taken_keys={"OP1bis"})
    assert [(i.key, i.change, i.paragraph, i.anchor, i.source) for i in out.items] == [
        ("PP1", "unchanged", 1, None, None),
        ("OP1", "unchanged", 2, None, None),
        ("OP1alt", "alternative", None, 2, 31),
        ("OP1ter", "added", None, 2, 30),  # OP1bis was taken before
        ("OP2", "unchanged", 3, None, None),
        ("H1", "unchanged", 4, None, None),
        ("H1bis", "added", None, 4, 32),  # after a heading: a text paragraph
    ]
    assert out.items[6].kind == "text" and out.items[3].kind == "op"
    assert out.items[3].text == "Decides to meet annually." and out.items[3].base_text == ""


def test_new_key() -> None:
    assert new_key("add_paragraph", "OP3", {"OP3"}) == "OP3bis"
    assert new_key("alternative", "OP3", {"OP3", "OP3alt"}) == "OP3alt2"
    assert new_key("add_paragraph", "H2", {"H2"}) == "H2bis"
    # A key outside the UN scheme gets a plain suffix.
    assert new_key("add_paragraph", "Title", {"Title", "Title.1"}) == "Title.2"
    assert new_key("alternative", "Title", {"Title"}) == "Title.1"


def test_sub_amendments_change_the_parents_text() -> None:
    parent = replace(40, 2, OP1, "should review", "shall review annually")
    start, end = span(parent.new_text, " annually")
    sub = ChosenAmendment(41, 2, "delete_text", start, end, "", parent_id=40)
    clash = ChosenAmendment(42, 2, "replace_text", start, end, " yearly", parent_id=40)
    out = compose(BASE, [parent, sub, clash])
    assert by_key(out.items)["OP1"].text == OP1.replace("should review", "shall review")
    assert by_key(out.items)["OP1"].applied == (40,)
    assert out.conflicts == (Conflict("overlap", 42, 41),)
    alone = compose(BASE, [sub])
    assert alone.conflicts == (Conflict("parent_not_chosen", 41, 40),)
    assert by_key(alone.items)["OP1"].change == "unchanged"


def test_sub_amendments_of_a_new_paragraph() -> None:
    add = ChosenAmendment(50, 3, "add_paragraph", new_text="Decides to meet annually.")
    start, end = span(add.new_text, "annually")
    sub = ChosenAmendment(51, 3, "replace_text", start, end, "every year", parent_id=50)
    bad = ChosenAmendment(52, 3, "insert_text", 99, 99, "x", parent_id=50)
    out = compose(BASE, [add, sub])
    assert by_key(out.items)["OP2bis"].text == "Decides to meet every year."
    broken = compose(BASE, [add, bad])
    assert by_key(broken.items)["OP2bis"].text == add.new_text
    assert broken.conflicts == (
        Conflict("sub_unapplicable", 50, detail="span 99–99 is outside the text (0–25 characters)"),
    )


def test_options_not_chosen_are_dropped() -> None:
    choice = OptionChoice(options=frozenset({2, 3}), chosen=3)
    edit = replace(60, 2, OP1, "should", "shall")
    out = compose(BASE, [edit], options=[choice])
    items = by_key(out.items)
    assert items["OP1"].change == "dropped" and items["OP2"].change == "unchanged"
    assert items["OP1"].text == OP1.replace("should", "shall")  # still applied, then dropped
    assert [i.key for i in out.kept] == ["PP1", "OP2", "H1"]
    deleted = compose(BASE, [ChosenAmendment(61, 2, "delete_paragraph")], options=[choice])
    assert by_key(deleted.items)["OP1"].change == "deleted"  # the amendment says why


EDITED = "Decides that the Commission shall review the implementation every four years;"


def several_parts(pk: int, old: str = OP1, new: str = EDITED) -> ChosenAmendment:
    """As the propose-by-editing service records it: the covering replace plus the parts."""
    edits = edits_between(old, new)
    cover = covering_edit(old, edits)
    return ChosenAmendment(pk, 2, "replace_text", cover.start, cover.end, cover.new, edits)


def test_an_amendment_with_parts_changes_only_their_words() -> None:
    parts = several_parts(70)
    assert len(parts.parts) == 2
    between = replace(71, 2, OP1, "implementation", "outcome")
    out = compose(BASE, [parts, between])
    op1 = by_key(out.items)["OP1"]
    assert out.conflicts == ()
    assert op1.text == EDITED.replace("implementation", "outcome")
    assert op1.applied == (70, 71) and len(op1.edits) == 3
    on_a_part = replace(72, 2, OP1, "five years", "ten years")
    clash = compose(BASE, [parts, on_a_part])
    assert by_key(clash.items)["OP1"].text == EDITED
    assert clash.conflicts == (Conflict("overlap", 72, 70),)


def test_a_sub_amendment_changes_the_covering_text_of_an_amendment_with_parts() -> None:
    parts = several_parts(80)
    start, end = span(parts.new_text, "four")
    sub = ChosenAmendment(81, 2, "replace_text", start, end, "three", parent_id=80)
    out = compose(BASE, [parts, sub])
    op1 = by_key(out.items)["OP1"]
    assert op1.text == EDITED.replace("four", "three")
    assert op1.edits == (Edit(parts.start, parts.end, parts.new_text.replace("four", "three")),)
    # Applied as the one covering replace: an amendment between the parts now clashes.
    between = replace(82, 2, OP1, "implementation", "outcome")
    assert compose(BASE, [parts, sub, between]).conflicts == (Conflict("overlap", 82, 80),)


words = st.lists(st.sampled_from(["the", "shall", "review", "every", "five", "years", ","]))


@settings(max_examples=60, deadline=None)
@given(words, words)
def test_parts_and_their_covering_replace_give_the_same_text(
    old: list[str], new: list[str]
) -> None:
    old_text, new_text = " ".join(old), " ".join(new)
    base = (BaseParagraph(1, "OP1", "op", old_text),)
    edits = edits_between(old_text, new_text)
    cover = covering_edit(old_text, edits) if edits else Edit(0, 0, "")
    with_parts = ChosenAmendment(5, 1, "replace_text", cover.start, cover.end, cover.new, edits)
    covering = ChosenAmendment(5, 1, "replace_text", cover.start, cover.end, cover.new)
    assert compose(base, [with_parts]).items[0].text == new_text
    assert compose(base, [covering]).items[0].text == new_text
    assert apply_edits(old_text, compose(base, [with_parts]).items[0].edits) == new_text


def test_deterministic() -> None:
    chosen = [several_parts(90), ChosenAmendment(91, 3, "alternative", new_text="Other.")]
    assert compose(BASE, chosen) == compose(BASE, list(reversed(chosen)))
