"""The Chair's summary drafted from a realistic record (see ``records.py`` for its design)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from fractions import Fraction

import pytest

from accord.core.summary import (
    AnnexTopic,
    DraftSummary,
    MemberRef,
    SilenceBreak,
    SilenceProcedure,
    SourceRef,
    SummaryOptions,
    SummaryRecord,
    draft_summary,
    naming_issues,
    unsourced,
    with_edits,
)
from accord.core.summary.record import SOURCE_KINDS
from tests.core.summary.records import consensus_record, geneva_record, ref

BROAD = [f"OP{n}" for n in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 16, 17, 18, 19)]
DIVERGENT = ["OP13", "OP15", "OP20"]


@pytest.fixture(scope="module")
def record() -> SummaryRecord:
    return geneva_record()


@pytest.fixture(scope="module")
def summary(record: SummaryRecord) -> DraftSummary:
    return draft_summary(record)


@pytest.fixture(scope="module")
def by_name() -> DraftSummary:
    return draft_summary(geneva_record("by_name"))


def listed(summary: DraftSummary, section: str) -> list[str]:
    prefix = {"broad_support": "broad.", "divergent": "divergent."}[section]
    return [
        p.key.removeprefix(prefix)
        for p in summary.section(section).paragraphs
        if p.key.removeprefix(prefix).startswith("OP")
    ]


def everything(summary: DraftSummary) -> str:
    """Every character the summary can print: texts, headings, source labels and URLs."""
    parts = [summary.title, summary.symbol]
    for section in summary.sections:
        parts.append(section.heading)
        for p in section.paragraphs:
            parts.append(p.text)
            parts.extend(f"{s.label} {s.url}" for s in p.sources)
    return "\n".join(parts)


# --- structure ----------------------------------------------------------------------


def test_sections_in_order(summary: DraftSummary) -> None:
    assert (
        summary.title == "Chair's summary of the work of the Working Group on Enhanced Cooperation"
    )
    assert [(s.key, s.heading) for s in summary.sections] == [
        ("introduction", "I. Introduction"),
        ("process", "II. The process"),
        ("broad_support", "III. Recommendations that had broad support"),
        ("divergent", "IV. Recommendations on which views diverged"),
        ("annex.mechanism", "Annex: Arguments for and against a new intergovernmental mechanism"),
    ]
    keys = [p.key for p in summary.paragraphs()]
    assert len(keys) == len(set(keys))
    assert [p.key for p in summary.section("process").paragraphs] == [
        "process.meetings",
        "process.call.1",
        "process.versions",
        "process.consultation.1",
        "process.consensus.1",
    ]


def test_which_recommendations_had_broad_support_and_which_diverged(
    summary: DraftSummary,
) -> None:
    assert listed(summary, "broad_support") == BROAD
    assert listed(summary, "divergent") == DIVERGENT
    # The dropped mechanism paragraph is in neither list, only mentioned as dropped.
    assert "OP21" not in BROAD + DIVERGENT
    assert "Recommendation 21 was dropped" in summary.paragraph("process.versions").text


# --- wording ------------------------------------------------------------------------


def test_introduction_wording(summary: DraftSummary) -> None:
    assert summary.paragraph("intro.mandate").text == (
        "The Working Group on Enhanced Cooperation (WGEC) was established by the Commission on "
        "Science and Technology for Development for the period from 2 May 2024 to 15 May 2026. "
        "Its mandate read: “to develop recommendations on how to further implement enhanced "
        "cooperation as envisioned in the Tunis Agenda”."
    )
    assert summary.paragraph("intro.membership").text == (
        "The Working Group had 60 members in five constituencies: 40 Member States, five "
        "members of the Private sector constituency, five members of the Civil society "
        "constituency, five members of the Technical and academic community constituency and "
        "five members of the Intergovernmental and international organisations constituency. "
        "It took its decisions by consensus. Members also negotiated in two negotiating "
        "groups: the G77 and China (21 members) and the Western European and Others Group "
        "(11 members)."
    )
    text = summary.paragraph("intro.responsibility").text
    assert text.startswith(
        "The Working Group did not reach consensus on a report. The Chair therefore issues "
        "this summary under the Chair's own responsibility. The summary does not represent a "
        "consensus of the Working Group and commits none of its members."
    )
    assert (
        "an annex sets out the arguments made for and against the proposal in recommendation 21"
        in text
    )
    assert text.endswith(
        "views are attributed to constituencies and negotiating groups, not to individual members."
    )


def test_process_wording(summary: DraftSummary) -> None:
    assert summary.paragraph("process.meetings").text == (
        "The Working Group held five meetings, totalling 14 days, between 23 September 2024 "
        "and 31 January 2026: First meeting (Geneva, 23–25 September 2024), Second meeting "
        "(Geneva, 27–29 January 2025), Third meeting (Geneva, 5–6 May 2025), Fourth meeting "
        "(Geneva, 6–8 October 2025) and Fifth meeting (Geneva, 29–31 January 2026). The "
        "transcripts of its meetings record 1,975 interventions."
    )
    assert summary.paragraph("process.call.1").text == (
        "The Chair issued a call for contributions, “Call for contributions on enhanced "
        "cooperation”. It put two questions to contributors: (a) What are the high-level "
        "characteristics of enhanced cooperation? (b) What recommendations should the Working "
        "Group make? A total of 52 contributions were received: 20 from Member States, four "
        "from members of the Private sector constituency, five from members of the Civil "
        "society constituency, five from members of the Technical and academic community "
        "constituency, three from members of the Intergovernmental and international "
        "organisations constituency, 13 from the public and two from other contributors. Three "
        "of them were received after the deadline of 15 December 2024."
    )
    assert summary.paragraph("process.versions").text == (
        "The text was negotiated in three versions: Zero draft (1 September 2025), Rev.1 "
        "(revision, 1 December 2025) and Rev.2 (revision, 30 January 2026). Each "
        "recommendation of the final text is linked to the contributions from which it was "
        "framed. Recommendation 21 was dropped in the course of the negotiations."
    )
    assert summary.paragraph("process.consultation.1").text == (
        "Informal consultations on recommendations 7, 8 and 9 were facilitated by Ms. Anna "
        "Lindqvist (10–20 November 2025)."
    )


def test_why_consensus_failed_by_constituency(summary: DraftSummary) -> None:
    assert summary.paragraph("process.consensus.1").text == (
        "On 31 January 2026, the Chair tested consensus on Rev.2. Consensus was not reached: "
        "three Member States objected. One Member State objected to recommendations 2, 4, 6, "
        "8, 10, 12 and 14; another Member State objected to recommendations 4, 6, 10, 12 and "
        "16; another Member State objected to recommendations 12 and 18. In all, nine of the "
        "20 recommendations drew at least one objection."
    )


def test_why_consensus_failed_by_name(by_name: DraftSummary) -> None:
    assert summary_text(by_name, "process.consensus.1") == (
        "On 31 January 2026, the Chair tested consensus on Rev.2. Consensus was not reached: "
        "Borduria, Ruritania and Syldavia objected. Ruritania objected to recommendations 2, "
        "4, 6, 8, 10, 12 and 14; Borduria objected to recommendations 4, 6, 10, 12 and 16; "
        "Syldavia objected to recommendations 12 and 18. In all, nine of the 20 "
        "recommendations drew at least one objection."
    )
    assert summary_text(by_name, "broad.OP4").endswith("; Borduria and Ruritania objected to it.")
    assert summary_text(by_name, "intro.responsibility").endswith(
        "Views are attributed to the members that held them, by name."
    )


def summary_text(summary: DraftSummary, key: str) -> str:
    return summary.paragraph(key).text


def test_definition_of_broad_support_is_explicit(summary: DraftSummary) -> None:
    assert summary_text(summary, "broad.definition") == (
        "In this summary, a recommendation is said to have had broad support when at least two "
        "thirds of the members that stated a final position on it supported or accepted it, "
        "and when in no constituency did more than half of the members that stated a position "
        "object to it. A member that reserved its position, awaiting instructions, is not "
        "counted as having stated one; a position stated by a negotiating group counts for "
        "each of its members that did not state its own."
    )


def test_broad_support_entries_and_plurals(summary: DraftSummary) -> None:
    assert summary_text(summary, "broad.OP1") == (
        "Recommendation 1 reads: “Recognizes that enhanced cooperation should enable all "
        "Governments, on an equal footing, to carry out their roles in international public "
        "policy issues pertaining to the Internet.” All 60 members that stated a final position "
        "on it supported or accepted it."
    )
    assert summary_text(summary, "broad.OP18").endswith(
        "Of the 60 members that stated a final position on it, 59 supported or accepted it; "
        "one Member State objected to it."
    )
    assert summary_text(summary, "broad.OP4").endswith(
        "58 supported or accepted it; two Member States objected to it."
    )
    assert summary_text(summary, "broad.OP12").endswith(
        "57 supported or accepted it; three Member States objected to it."
    )
    assert summary_text(summary, "broad.OP3").endswith(
        "All 60 members that stated a final position on it supported or accepted it; one "
        "Member State accepted it with a reservation."
    )
    # Boundaries: exactly two thirds; reserving members left out; exactly half of a
    # constituency objecting.
    assert summary_text(summary, "broad.OP19").endswith(
        "Of the 60 members that stated a final position on it, 40 supported or accepted it; "
        "the Western European and Others Group, six Member States and three members of the "
        "Private sector constituency stood aside."
    )
    assert summary_text(summary, "broad.OP11").endswith(
        "Of the 58 members that stated a final position on it, 39 supported or accepted it; "
        "the Western European and Others Group, six Member States and two members of the "
        "Private sector constituency stood aside; two members of the Intergovernmental and "
        "international organisations constituency reserved their positions, awaiting "
        "instructions."
    )
    assert summary_text(summary, "broad.OP17").endswith(
        "Of the 59 members that stated a final position on it, 57 supported or accepted it; two "
        "members of the Civil society constituency objected to it; one member of the Civil "
        "society constituency reserved its position, awaiting instructions."
    )


def test_divergent_entries_say_who_held_which_view(summary: DraftSummary) -> None:
    assert summary_text(summary, "divergent.OP20") == (
        "Recommendation 20 reads: “Recommends that the General Assembly hold an annual debate "
        "on enhanced cooperation.” Of the 58 members that stated a final position on it, 35 "
        "supported or accepted it. The G77 and China, one Member State and three members of "
        "the Civil society constituency supported it; six Member States, two members of the "
        "Civil society constituency and three members of the Intergovernmental and "
        "international organisations constituency could accept it; two Member States, all "
        "five members of the Private sector constituency and all five members of the Technical "
        "and academic community constituency stood aside; the Western European and Others "
        "Group dissociated itself from it; two members of the Intergovernmental and "
        "international organisations constituency reserved their positions, awaiting "
        "instructions. It therefore did not meet the test of broad support, because fewer "
        "than two thirds of the members that stated a position supported or accepted it."
    )
    op15 = summary_text(summary, "divergent.OP15")
    assert "57 supported or accepted it and three objected to it." in op15
    assert "; three members of the Civil society constituency objected to it." in op15
    assert op15.endswith(
        "because more than half of the members of the Civil society constituency that stated a "
        "position objected to it."
    )
    op13 = summary_text(summary, "divergent.OP13")
    assert (
        "Of the 60 members that stated a final position on it, 39 supported or accepted it." in op13
    )
    assert "all five members of the Civil society constituency" in op13


def test_annex_sets_out_three_points_for_and_three_against(summary: DraftSummary) -> None:
    keys = [p.key for p in summary.section("annex.mechanism").paragraphs]
    assert keys == [
        "annex.mechanism.proposal",
        "annex.mechanism.for",
        "annex.mechanism.for.1",
        "annex.mechanism.for.2",
        "annex.mechanism.for.3",
        "annex.mechanism.against",
        "annex.mechanism.against.1",
        "annex.mechanism.against.2",
        "annex.mechanism.against.3",
    ]
    assert summary_text(summary, "annex.mechanism.proposal").startswith(
        "The proposal, in recommendation 21, read: “Decides to establish an intergovernmental "
        "committee on Internet public policy.” The arguments for and against it"
    )
    assert summary_text(summary, "annex.mechanism.for.1") == (
        "(a) A dedicated intergovernmental body would allow all Governments to address "
        "international public policy issues on an equal footing. This argument was made by "
        "the G77 and China."
    )
    assert summary_text(summary, "annex.mechanism.for.2").endswith(
        "This argument was made by one Member State and one member of the Civil society "
        "constituency."
    )
    assert summary_text(summary, "annex.mechanism.against.2").endswith(
        "This argument was made by two members of the Private sector constituency and one "
        "member of the Technical and academic community constituency."
    )
    assert summary_text(summary, "annex.mechanism.against.3").endswith(
        "This argument was made by two Member States."
    )


# --- sources ------------------------------------------------------------------------


@pytest.mark.parametrize("naming", ["by_constituency", "by_name"])
def test_every_paragraph_cites_sources(naming: str) -> None:
    summary = draft_summary(geneva_record(naming))  # type: ignore[arg-type]
    assert unsourced(summary) == ()
    for paragraph in summary.paragraphs():
        for source in paragraph.sources:
            assert (
                source.kind in SOURCE_KINDS and source.label and source.url.startswith("https://")
            )
        assert len(paragraph.sources) == len(set(paragraph.sources)), paragraph.key


def test_unsourced_finds_a_paragraph_without_sources(summary: DraftSummary) -> None:
    broken = dataclasses.replace(
        summary,
        sections=tuple(
            dataclasses.replace(
                s,
                paragraphs=tuple(
                    dataclasses.replace(p, sources=()) if p.key == "broad.OP7" else p
                    for p in s.paragraphs
                ),
            )
            for s in summary.sections
        ),
    )
    assert unsourced(broken) == ("broad.OP7",)
    # Edits keep the sources of the paragraph.
    assert unsourced(with_edits(summary, {"broad.OP7": "Edited."})) == ()


def test_paragraphs_cite_what_they_state(record: SummaryRecord, summary: DraftSummary) -> None:
    op12 = summary.paragraph("broad.OP12").sources
    urls = {s.url for s in op12}
    rec = next(r for r in record.recommendations if r.key == "OP12")
    assert {s.source.url for s in rec.stances} <= urls  # every position it counts
    assert {s.url for s in rec.sources} <= urls  # the contributions it was framed from
    assert op12[0] == rec.source  # the paragraph of the final text first
    consensus = {s.url for s in summary.paragraph("process.consensus.1").sources}
    assert {o.source.url for o in record.consensus_calls[0].objections} <= consensus
    assert record.consensus_calls[0].source.url in consensus
    meetings = summary.paragraph("process.meetings").sources
    assert [s.url for s in meetings] == [m.source.url for m in record.meetings]
    point = summary.paragraph("annex.mechanism.for.2").sources
    assert [s.url for s in point] == [s.url for s in record.annex[0].points[1].sources]


# --- naming policy ------------------------------------------------------------------


def test_by_constituency_never_prints_a_member_name(summary: DraftSummary) -> None:
    text = everything(summary)
    for name in ("Ruritania", "Borduria", "Syldavia", "Japan", "Rights Online", "Sweden"):
        assert name not in text
    # Source labels are rewritten, group names kept.
    labels = {s.label for p in summary.paragraphs() for s in p.sources}
    assert "Final position of a Member State on OP2" in labels
    assert "Contribution 50 (a Member State)" in labels
    assert "Position of the G77 and China on OP1, counted for a Member State" in labels
    assert "Final position of a member of the Civil society constituency on OP15" in labels
    assert "Meeting 5, turn 131 (a Member State)" in labels


def test_by_constituency_check_holds_on_its_own_output(
    record: SummaryRecord, summary: DraftSummary
) -> None:
    assert naming_issues(summary, record) == ()
    edited = with_edits(summary, {"broad.OP2": "Ruritania objected to it."})
    assert naming_issues(edited, record) == (("broad.OP2", "Ruritania"),)
    # "China" inside the group name "G77 and China" is the group, not the member.
    assert "the G77 and China" in everything(summary)


def test_by_name_names_members(by_name: DraftSummary) -> None:
    text = everything(by_name)
    assert "Ruritania" in text and "Final position of Ruritania on OP2" in text
    assert summary_text(by_name, "annex.mechanism.for.2").endswith(
        "This argument was made by Rights Online and Ruritania."
    )
    # A group's position is attributed to the group, with the members it counted for.
    assert summary_text(by_name, "broad.OP11").endswith(
        "39 supported or accepted it; the Western European and Others Group (Austria, Belgium, "
        "Canada, Finland, France, Germany, Norway, Portugal, Spain, Sweden and Switzerland), "
        "Bulgaria, Chamber of Digital Commerce, Global Business Alliance, Japan, Latvia, "
        "Mexico, Poland and Türkiye stood aside; International Telecommunication Organisation "
        "and Regional Development Bank reserved their positions, awaiting instructions."
    )


# --- determinism --------------------------------------------------------------------


def test_the_same_record_gives_the_same_summary(record: SummaryRecord) -> None:
    first, second = draft_summary(record), draft_summary(geneva_record())
    assert first == second and repr(first) == repr(second)


def test_the_order_of_members_and_stances_does_not_matter(record: SummaryRecord) -> None:
    shuffled = dataclasses.replace(
        record,
        members=record.members[::-1],
        recommendations=tuple(
            dataclasses.replace(r, stances=r.stances[::-1]) for r in record.recommendations
        ),
        consensus_calls=tuple(
            dataclasses.replace(c, objections=c.objections[::-1]) for c in record.consensus_calls
        ),
    )
    assert draft_summary(shuffled) == draft_summary(record)


# --- variants -----------------------------------------------------------------------


def test_a_record_that_reached_consensus() -> None:
    summary = draft_summary(consensus_record())
    assert summary_text(summary, "intro.responsibility").startswith(
        "The Working Group adopted its report by consensus on 31 January 2026. The Chair "
        "issues this summary, as an account of the process, under the Chair's own "
        "responsibility; it does not replace the report and is not itself a consensus text."
    )
    assert summary_text(summary, "process.consensus.1") == (
        "On 31 January 2026, the Chair tested consensus on Rev.2; no member objected, and the "
        "text was adopted."
    )
    assert listed(summary, "broad_support") == [f"OP{n}" for n in range(1, 21)]
    assert listed(summary, "divergent") == []
    assert summary_text(summary, "divergent.none").startswith(
        "Every recommendation met the test of broad support"
    )
    assert unsourced(summary) == ()


def test_an_empty_annex() -> None:
    record = consensus_record()  # annex=()
    summary = draft_summary(record)
    assert [s.key for s in summary.sections][-1] == "divergent"
    assert "annex" not in summary_text(summary, "intro.responsibility")
    # A topic with no recorded arguments still gets its section, sourced.
    topic = AnnexTopic("mechanism", "Arguments on a new body", proposal_key="OP21")
    summary = draft_summary(dataclasses.replace(record, annex=(topic,)))
    section = summary.section("annex.mechanism")
    assert [(p.key, p.text) for p in section.paragraphs] == [
        (
            "annex.mechanism.proposal",
            "The proposal was made in paragraph OP21. The arguments for and against it that "
            "were made in the course of the negotiations are set out below as they were put, "
            "without endorsement by the Chair.",
        ),
        ("annex.mechanism.none", "No arguments for or against the proposal were recorded."),
    ]
    assert unsourced(summary) == ()


def test_one_sided_annex_says_so(record: SummaryRecord) -> None:
    topic = dataclasses.replace(
        record.annex[0], points=tuple(p for p in record.annex[0].points if p.side == "for")
    )
    summary = draft_summary(dataclasses.replace(record, annex=(topic,)))
    assert summary_text(summary, "annex.mechanism.against") == (
        "No argument against the proposal was recorded."
    )
    assert summary.paragraph("annex.mechanism.against").sources


def silence(*breaks: SilenceBreak) -> SilenceProcedure:
    return SilenceProcedure(
        circulated=dt.date(2026, 2, 3),
        deadline=dt.datetime(2026, 2, 10, 18, 0),
        time_zone="Central European Time",
        source=ref("silence", "Silence procedure on Rev.3", "silence/1/"),
        version_label="Rev.3",
        breaks=breaks,
    )


def test_a_broken_silence_procedure(record: SummaryRecord) -> None:
    breaks = (
        SilenceBreak(
            MemberRef("Ruritania", "states"),
            ref("silence", "Letter of Ruritania", "silence/1/breaks/1/"),
            ("OP4", "OP2"),
        ),
        SilenceBreak(
            MemberRef("Digital Equality Forum", "civil"),
            ref("silence", "Message", "silence/1/breaks/2/"),
        ),
    )
    summary = draft_summary(dataclasses.replace(record, silence=silence(*breaks)))
    assert summary_text(summary, "process.silence") == (
        "On 3 February 2026, the Chair circulated Rev.3 under a silence procedure until 18:00 "
        "(Central European Time) on 10 February 2026. One member of the Civil society "
        "constituency broke silence on the text as a whole. One Member State broke silence on "
        "recommendations 2 and 4."
    )
    assert "did not reach consensus" in summary_text(summary, "intro.responsibility")
    assert {s.url for s in summary.paragraph("intro.responsibility").sources} >= {
        "https://accord.example/g/wgec/silence/1/"
    }
    assert "Ruritania" not in everything(summary)


def test_silence_kept_adopts_the_text(record: SummaryRecord) -> None:
    summary = draft_summary(dataclasses.replace(record, silence=silence()))
    assert summary_text(summary, "process.silence").endswith(
        "Silence was not broken, and the text was adopted."
    )
    assert summary_text(summary, "intro.responsibility").startswith(
        "The Working Group adopted its report under a silence procedure that ended on 10 "
        "February 2026."
    )


def test_thresholds_change_the_lists_and_the_definition(record: SummaryRecord) -> None:
    strict = draft_summary(record, options=SummaryOptions(min_acceptance=Fraction(3, 4)))
    assert "OP19" in listed(strict, "divergent") and "OP11" in listed(strict, "divergent")
    assert "at least three quarters of the members" in summary_text(strict, "broad.definition")
    assert summary_text(strict, "divergent.OP19").endswith(
        "because fewer than three quarters of the members that stated a position supported or "
        "accepted it."
    )
    lax = draft_summary(record, options=SummaryOptions(max_constituency_objection=None))
    assert listed(lax, "divergent") == ["OP13", "OP20"]
    assert "constituency" not in summary_text(lax, "broad.definition").split(".")[0]
    none = draft_summary(record, options=SummaryOptions(max_constituency_objection=Fraction(0)))
    assert listed(none, "broad_support") == ["OP1", "OP3", "OP5", "OP7", "OP9", "OP11", "OP19"]
    assert summary_text(none, "divergent.OP2").endswith(
        "because members of the Member States constituency objected to it."
    )


def test_symbol_and_title_options(record: SummaryRecord) -> None:
    summary = draft_summary(
        record, options=SummaryOptions(symbol="WGEC/2026/CRP.1", title="Summary by the Chair")
    )
    assert (summary.title, summary.symbol) == ("Summary by the Chair", "WGEC/2026/CRP.1")


def test_a_sparse_record_still_drafts() -> None:
    group = geneva_record().group
    record = SummaryRecord(group=dataclasses.replace(group, parent_body="", start_date=None))
    summary = draft_summary(record)
    assert summary_text(summary, "intro.mandate").startswith(
        "This summary concerns the work of the Working Group on Enhanced Cooperation (WGEC)."
    )
    assert summary_text(summary, "intro.responsibility").startswith(
        "No decision of the Working Group on a report is recorded."
    )
    assert summary_text(summary, "broad.none") == "None of the recommendations met this test."
    assert unsourced(summary) == ()
    assert all(s.sources == (group.source,) for s in summary.paragraphs())


def test_source_ref_is_plain_data() -> None:
    source = SourceRef("turn", "Turn 1", "/t/1/")
    assert dataclasses.astuple(source) == ("turn", "Turn 1", "/t/1/")
