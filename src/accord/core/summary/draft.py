"""Drafting a Chair's summary from the record, deterministically.

:func:`draft_summary` turns a :class:`~accord.core.summary.record.SummaryRecord` into a
:class:`~accord.core.summary.model.DraftSummary` with these sections, in this order:

1. ``introduction`` — the group, its mandate and membership; that the summary is issued under
   the Chair's own responsibility and does not represent a consensus (or, when the text was
   adopted, that it accompanies the report); how views are attributed.
2. ``process`` — meetings, calls for contributions, versions, informal consultations, each
   consensus call (who objected to what) and the silence procedure.
3. ``broad_support`` — the definition of broad support (thresholds from
   :class:`~accord.core.summary.model.SummaryOptions`), then each recommendation that met it,
   with the tally and any objections, reservations or stand-asides.
4. ``divergent`` — each other recommendation: who held which view, and why the test failed.
5. ``annex.<key>`` — one per annex topic: the proposal, then the arguments for and against.

Who is named follows ``record.group.naming``: ``"by_name"`` names members;
``"by_constituency"`` names only negotiating groups and counts members per constituency
("two Member States"), and also removes member names from the labels of the sources it cites.

Every paragraph cites the sources of what it states; the same record gives the same
summary, byte for byte (names are sorted, nothing depends on the clock or on the order of
members and stances in the record).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from accord.core.summary import english as en
from accord.core.summary import templates as t
from accord.core.summary.model import (
    DraftSummary,
    SummaryOptions,
    SummaryParagraph,
    SummarySection,
)
from accord.core.summary.record import (
    ACCEPTING,
    NOT_A_POSITION,
    AnnexTopic,
    ConsensusCall,
    Constituency,
    ContributionCall,
    MemberRef,
    Recommendation,
    SourceRef,
    Stance,
    SummaryRecord,
)

# The order in which views are listed, and the kinds that merge in the text.
_KIND_ORDER = (
    "support",
    "can_live_with",
    "reservation",
    "object",
    "stand_aside",
    "dissociation",
    "reserve",
)
_SAME_AS = {"no_objection": "can_live_with"}
_NOT_ACCEPTING_ORDER = ("reservation", "object", "stand_aside", "dissociation", "reserve")


@dataclass(frozen=True, slots=True)
class Support:
    """How a recommendation fared against the test of broad support."""

    positioned: int  # members that stated a final position (all stances but "reserve")
    accepting: int  # of those: support, can live with / no objection, reservation
    objecting: int
    broad: bool
    too_few: bool  # fewer than ``options.min_positions`` positions
    below_share: bool  # accepting / positioned < ``options.min_acceptance``
    # Constituency keys, in the order given, where objectors exceed the allowed share.
    constituencies: tuple[str, ...]


def effective_stances(recommendation: Recommendation) -> tuple[Stance, ...]:
    """One stance per member (the later one if a member appears twice), sorted by name."""
    latest: dict[str, Stance] = {}
    for stance in recommendation.stances:
        latest[stance.member.name] = stance
    return tuple(sorted(latest.values(), key=lambda s: en.sort_key(s.member.name)))


def assess_support(
    recommendation: Recommendation,
    options: SummaryOptions | None = None,
    *,
    constituency_order: Sequence[str] = (),
) -> Support:
    """Apply the test of broad support (see :class:`SummaryOptions`) to one recommendation."""
    options = options or SummaryOptions()
    stances = [s for s in effective_stances(recommendation) if s.kind not in NOT_A_POSITION]
    positioned = len(stances)
    accepting = sum(1 for s in stances if s.kind in ACCEPTING)
    objecting = sum(1 for s in stances if s.kind == "object")
    too_few = positioned < options.min_positions
    below = positioned == 0 or Fraction(accepting, positioned) < options.min_acceptance
    over: list[str] = []
    limit = options.max_constituency_objection
    if limit is not None:
        per: dict[str, list[int]] = {}
        for stance in stances:
            tally = per.setdefault(stance.member.constituency, [0, 0])
            tally[0] += 1
            tally[1] += stance.kind == "object"
        rank = {key: i for i, key in enumerate(constituency_order)}
        for key in sorted(per, key=lambda k: (rank.get(k, len(rank)), k)):
            total, objections = per[key]
            if Fraction(objections, total) > limit:
                over.append(key)
    return Support(
        positioned=positioned,
        accepting=accepting,
        objecting=objecting,
        broad=not (too_few or below or over),
        too_few=too_few,
        below_share=below,
        constituencies=tuple(over),
    )


def draft_summary(record: SummaryRecord, *, options: SummaryOptions | None = None) -> DraftSummary:
    """The Chair's summary drafted from the record (see the module docstring)."""
    return _Drafter(record, options or SummaryOptions()).draft()


def naming_issues(summary: DraftSummary, record: SummaryRecord) -> tuple[tuple[str, str], ...]:
    """(paragraph key, member name) for each member name printed anywhere in the summary
    (texts, source labels and URLs), for groups whose naming policy is ``"by_constituency"``;
    empty for ``"by_name"``. A drafted summary names members only where the record's own
    texts (recommendations, annex points, titles) do; an edited one may, and the Chair should
    be told."""
    if record.group.naming == "by_name":
        return ()
    drafter = _Drafter(record, SummaryOptions())
    found: set[tuple[str, str]] = set()
    for section in summary.sections:
        items = [(section.key, section.heading)]
        for paragraph in section.paragraphs:
            items.append((paragraph.key, paragraph.text))
            items.extend((paragraph.key, f"{s.label} {s.url}") for s in paragraph.sources)
        for key, text in items:
            for name in drafter.member_names_in(text):
                found.add((key, name))
    return tuple(sorted(found))


class _Drafter:
    def __init__(self, record: SummaryRecord, options: SummaryOptions) -> None:
        self.record = record
        self.options = options
        self.by_name = record.group.naming == "by_name"
        self.constituencies: dict[str, Constituency] = {c.key: c for c in record.constituencies}
        self.constituency_order = tuple(c.key for c in record.constituencies)
        self.sizes: dict[str, int] = {}
        for member in record.members:
            self.sizes[member.constituency] = self.sizes.get(member.constituency, 0) + 1
        self.groups = {g.key: g for g in record.negotiating_groups}
        self.rec_index = {r.key: i for i, r in enumerate(record.recommendations)}
        self.recs = {r.key: r for r in record.recommendations}
        self._scrubber = self._build_scrubber()

    # --- names and phrases ----------------------------------------------------------

    def nouns(self, constituency: str) -> tuple[str, str]:
        c = self.constituencies.get(constituency)
        name = c.name if c is not None else constituency
        if c is not None and c.member_singular and c.member_plural:
            return c.member_singular, c.member_plural
        if name in t.KNOWN_MEMBER_NOUNS:
            return t.KNOWN_MEMBER_NOUNS[name]
        return (
            t.MEMBER_SINGULAR.format(constituency=name),
            t.MEMBER_PLURAL.format(constituency=name),
        )

    def constituency_ref(self, key: str) -> str:
        c = self.constituencies.get(key)
        return t.CONSTITUENCY_REF.format(name=c.name if c is not None else key)

    def group_name(self, key: str) -> str:
        group = self.groups.get(key)
        return en.definite(group.name if group is not None else key)

    def _constituency_rank(self, key: str) -> tuple[int, str]:
        order = self.constituency_order
        return (order.index(key) if key in order else len(order), key)

    def actors(self, refs: Iterable[MemberRef], groups: Iterable[str] = ()) -> tuple[str, bool]:
        """Who did something, in the naming policy's terms; and whether that is one actor."""
        latest: dict[str, MemberRef] = {}
        for ref in refs:
            latest[ref.name] = ref
        via: dict[str, list[str]] = {key: [] for key in groups}
        own: list[MemberRef] = []
        for ref in latest.values():
            if ref.via_group:
                via.setdefault(ref.via_group, []).append(ref.name)
            else:
                own.append(ref)
        items: list[str] = []
        for key in sorted(via, key=lambda k: en.sort_key(self.group_name(k))):
            name = self.group_name(key)
            if self.by_name and via[key]:
                names = en.join(sorted(via[key], key=en.sort_key))
                name = t.GROUP_WITH_MEMBERS.format(group=name, members=names)
            items.append(name)
        if self.by_name:
            items.extend(sorted((r.name for r in own), key=en.sort_key))
        else:
            per: dict[str, int] = {}
            for ref in own:
                per[ref.constituency] = per.get(ref.constituency, 0) + 1
            for key in sorted(per, key=self._constituency_rank):
                n, size = per[key], self.sizes.get(key, 0)
                singular, plural = self.nouns(key)
                if n == size and n >= 3:
                    items.append(t.COUNT_ALL.format(count=en.number(n), noun=plural))
                elif n == size == 2:
                    items.append(t.COUNT_BOTH.format(noun=plural))
                else:
                    items.append(en.count(n, singular, plural))
        one = len(via) + len(own) == 1
        return en.join(items), one

    def number_of(self, key: str) -> str:
        rec = self.recs.get(key)
        if rec is None:
            return key
        return rec.number.strip().rstrip(".") or rec.key

    def refs(self, keys: Iterable[str]) -> str:
        """ "recommendation 7", "recommendations 1, 3 and 5", "paragraph OP12bis"."""
        wanted = set(keys)
        known = sorted((k for k in wanted if k in self.rec_index), key=self.rec_index.__getitem__)
        unknown = sorted((k for k in wanted if k not in self.rec_index), key=en.sort_key)
        parts: list[str] = []
        if known:
            numbers = [self.number_of(k) for k in known]
            template = t.RECOMMENDATION_ONE if len(known) == 1 else t.RECOMMENDATION_MANY
            parts.append(template.format(number=numbers[0], numbers=en.join(numbers)))
        if unknown:
            template = t.PARAGRAPH_ONE if len(unknown) == 1 else t.PARAGRAPH_MANY
            parts.append(template.format(key=unknown[0], keys=en.join(unknown)))
        return en.join(parts)

    # --- sources ----------------------------------------------------------------------

    def _all_member_refs(self) -> Iterable[MemberRef]:
        r = self.record
        for rec in r.recommendations:
            yield from (s.member for s in rec.stances)
        for call in r.consensus_calls:
            yield from (o.member for o in call.objections)
        if r.silence is not None:
            yield from (b.member for b in r.silence.breaks)
        for topic in r.annex:
            for point in topic.points:
                yield from point.members

    def _build_scrubber(self) -> tuple[re.Pattern[str] | None, dict[str, str]]:
        names: dict[str, str] = {m.name: m.constituency for m in self.record.members}
        for ref in self._all_member_refs():
            names.setdefault(ref.name, ref.constituency)
        replacement = {
            name: en.indefinite(self.nouns(constituency)[0])
            for name, constituency in names.items()
            if name.strip()
        }
        # Group names stand for themselves (a group may contain a member's name: "… and China").
        for group in self.record.negotiating_groups:
            replacement[group.name] = group.name
        if not replacement:
            return None, replacement
        alternatives = sorted(replacement, key=lambda n: (-len(n), n))
        pattern = re.compile(
            r"(?<!\w)(?:" + "|".join(re.escape(n) for n in alternatives) + r")(?!\w)"
        )
        return pattern, replacement

    def member_names_in(self, text: str) -> list[str]:
        pattern = self._scrubber[0]
        if pattern is None:
            return []
        groups = {g.name for g in self.record.negotiating_groups}
        return [m.group(0) for m in pattern.finditer(text) if m.group(0) not in groups]

    def scrub(self, label: str) -> str:
        pattern, replacement = self._scrubber
        if self.by_name or pattern is None:
            return label

        def sub(match: re.Match[str]) -> str:
            text = replacement[match.group(0)]
            return en.capitalise(text) if match.start() == 0 else text

        return pattern.sub(sub, label)

    def cite(self, *groups: Iterable[SourceRef | None]) -> tuple[SourceRef, ...]:
        out: list[SourceRef] = []
        seen: set[tuple[str, str, str]] = set()
        for group in groups:
            for ref in group:
                if ref is None:
                    continue
                ref = SourceRef(ref.kind, self.scrub(ref.label), ref.url)
                key = (ref.kind, ref.label, ref.url)
                if key not in seen:
                    seen.add(key)
                    out.append(ref)
        return tuple(out)

    def anchor(self) -> tuple[SourceRef, ...]:
        """What a statement about the final text as a whole rests on: the final version and
        the last consensus call, or the group itself."""
        r = self.record
        refs: list[SourceRef] = []
        if r.versions:
            refs.append(r.versions[-1].source)
        if r.consensus_calls:
            refs.append(r.consensus_calls[-1].source)
        if r.silence is not None:
            refs.append(r.silence.source)
        return self.cite(refs or [r.group.source])

    def stance_sources(self, rec: Recommendation) -> tuple[SourceRef, ...]:
        final = self.record.versions[-1].source if self.record.versions else None
        stances = sorted(
            effective_stances(rec),
            key=lambda s: (
                self._constituency_rank(s.member.constituency),
                en.sort_key(s.member.name),
            ),
        )
        return self.cite([rec.source or final], rec.sources, (s.source for s in stances))

    # --- the document ---------------------------------------------------------------

    def draft(self) -> DraftSummary:
        title = self.options.title or t.TITLE.format(group=en.definite(self.record.group.name))
        main = [
            ("introduction", t.HEADING_INTRODUCTION, self.introduction()),
            ("process", t.HEADING_PROCESS, self.process()),
        ]
        broad, divergent = self.recommendation_sections()
        main.append(("broad_support", t.HEADING_BROAD_SUPPORT, broad))
        main.append(("divergent", t.HEADING_DIVERGENT, divergent))
        sections = [
            SummarySection(
                key,
                t.SECTION_HEADING.format(numeral=en.numeral(i), title=heading),
                tuple(paragraphs),
            )
            for i, (key, heading, paragraphs) in enumerate(main, start=1)
        ]
        sections.extend(self.annex())
        return DraftSummary(title=title, sections=tuple(sections), symbol=self.options.symbol)

    # --- I. introduction ------------------------------------------------------------

    def group_phrase(self) -> str:
        g = self.record.group
        named = (
            t.GROUP_NAMED.format(name=g.name, short_name=g.short_name) if g.short_name else g.name
        )
        return en.definite(named)

    def introduction(self) -> list[SummaryParagraph]:
        r, g = self.record, self.record.group
        out: list[SummaryParagraph] = []
        group = en.capitalise(self.group_phrase())
        period = g.start_date is not None and g.end_date is not None
        start = en.date(g.start_date) if g.start_date else ""
        end = en.date(g.end_date) if g.end_date else ""
        if g.parent_body:
            template = t.INTRO_ESTABLISHED_PERIOD if period else t.INTRO_ESTABLISHED
            first = template.format(
                group=group, parent_body=en.definite(g.parent_body), start=start, end=end
            )
        else:
            template = t.INTRO_PERIOD_NO_PARENT if period else t.INTRO_ESTABLISHED_NO_PARENT
            first = template.format(group=self.group_phrase(), start=start, end=end)
        sentences = [first]
        if g.mandate.strip():
            sentences.append(t.INTRO_MANDATE.format(mandate=en.strip_final_stop(g.mandate)))
        out.append(SummaryParagraph("intro.mandate", " ".join(sentences), self.cite([g.source])))

        sentences = []
        if r.members:
            breakdown = []
            present = sorted(self.sizes, key=self._constituency_rank)
            for key in present:
                singular, plural = self.nouns(key)
                breakdown.append(en.count(self.sizes[key], singular, plural))
            sentences.append(
                t.INTRO_MEMBERSHIP.format(
                    group=en.capitalise(t.THE_GROUP),
                    members=en.noun(len(r.members), "member"),
                    constituencies=en.noun(len(present), "constituency"),
                    breakdown=en.join(breakdown),
                )
            )
        if g.decision_rule.strip():
            sentences.append(
                t.INTRO_DECISION_RULE.format(rule=en.lower_first(g.decision_rule.strip()))
            )
        if r.negotiating_groups:
            listed = [
                t.NEGOTIATING_GROUP_SIZE.format(
                    group=en.definite(ng.name), members=en.noun(len(ng.members), "member")
                )
                for ng in sorted(r.negotiating_groups, key=lambda ng: en.sort_key(ng.name))
            ]
            sentences.append(
                t.INTRO_NEGOTIATING_GROUPS.format(
                    count=en.noun(len(listed), "negotiating group"), groups=en.join(listed)
                )
            )
        if sentences:
            out.append(
                SummaryParagraph("intro.membership", " ".join(sentences), self.cite([g.source]))
            )

        adopted = r.adopted
        the_group = t.THE_GROUP
        if adopted is None:
            sentences = [t.INTRO_NO_DECISION.format(the_group=the_group)]
            sources = self.cite([g.source])
        else:
            decisive: list[SourceRef] = []
            if r.consensus_calls:
                decisive.append(r.consensus_calls[-1].source)
            if r.silence is not None:
                decisive.append(r.silence.source)
            sources = self.cite(decisive)
            group = en.capitalise(the_group)
            if not adopted:
                sentences = [t.INTRO_NOT_ADOPTED.format(group=group, the_group=the_group)]
            elif r.silence is not None:
                when = en.date(r.silence.deadline.date())
                sentences = [t.INTRO_ADOPTED_SILENCE.format(group=group, date=when)]
            else:
                when = en.date(r.consensus_calls[-1].date)
                sentences = [t.INTRO_ADOPTED.format(group=group, date=when)]
        if r.annex:
            proposals = [
                t.ANNEX_PROPOSAL_REF.format(ref=self.refs([topic.proposal_key]))
                if topic.proposal_key
                else t.ANNEX_PROPOSAL_UNNAMED
                for topic in r.annex
            ]
            sentences.append(t.INTRO_CONTENTS_ANNEX.format(proposals=en.join(proposals)))
        else:
            sentences.append(t.INTRO_CONTENTS)
        sentences.append(
            t.NAMING_BY_NAME
            if self.by_name
            else t.NAMING_BY_CONSTITUENCY.format(the_group=the_group)
        )
        out.append(SummaryParagraph("intro.responsibility", " ".join(sentences), sources))
        return out

    # --- II. the process ------------------------------------------------------------

    def process(self) -> list[SummaryParagraph]:
        r = self.record
        out: list[SummaryParagraph] = []
        if r.meetings:
            out.append(self.meetings())
        for i, call in enumerate(r.calls, start=1):
            out.append(self.contribution_call(call, f"process.call.{i}"))
        versions = self.versions()
        if versions is not None:
            out.append(versions)
        for i, consultation in enumerate(r.consultations, start=1):
            refs = self.refs(consultation.paragraphs)
            dates = ""
            if consultation.first_day:
                span = en.date_range(
                    consultation.first_day, consultation.last_day or consultation.first_day
                )
                dates = t.CONSULTATION_DATES.format(dates=span)
            if consultation.facilitators:
                text = t.CONSULTATION.format(
                    refs=refs, facilitators=en.join(list(consultation.facilitators)), dates=dates
                )
            else:
                text = t.CONSULTATION_NO_FACILITATOR.format(refs=refs, dates=dates)
            out.append(
                SummaryParagraph(
                    f"process.consultation.{i}", text, self.cite([consultation.source])
                )
            )
        for i, test in enumerate(r.consensus_calls, start=1):
            out.append(self.consensus_call(test, f"process.consensus.{i}"))
        if r.silence is not None:
            out.append(self.silence())
        return out

    def meetings(self) -> SummaryParagraph:
        meetings = self.record.meetings
        items = []
        for m in meetings:
            dates = en.date_range(m.first_day, m.last_day)
            if m.venue:
                items.append(t.MEETING_ITEM.format(title=m.title, venue=m.venue, dates=dates))
            else:
                items.append(t.MEETING_ITEM_NO_VENUE.format(title=m.title, dates=dates))
        days = en.noun(sum(m.days for m in meetings), "day")
        group = en.capitalise(t.THE_GROUP)
        if len(meetings) == 1:
            text = t.MEETINGS_ONE.format(group=group, days=days, item=items[0])
        else:
            text = t.MEETINGS.format(
                group=group,
                meetings=en.noun(len(meetings), "meeting"),
                days=days,
                first=en.date(min(m.first_day for m in meetings)),
                last=en.date(max(m.last_day for m in meetings)),
                items=en.join(items),
            )
        turns = sum(m.turns for m in meetings)
        if turns:
            text += " " + t.TRANSCRIPTS.format(interventions=en.noun(turns, "intervention"))
        return SummaryParagraph("process.meetings", text, self.cite(m.source for m in meetings))

    def contribution_call(self, call: ContributionCall, key: str) -> SummaryParagraph:
        sentences = [t.CALL_OPENED.format(title=call.title)]
        if call.questions:
            items = [
                t.CALL_QUESTION_ITEM.format(letter=en.letter(i), question=q.strip())
                for i, q in enumerate(call.questions)
            ]
            sentences.append(
                t.CALL_QUESTIONS.format(
                    questions=en.noun(len(items), "question"), items=" ".join(items)
                )
            )
        parts = []
        counted = 0
        for constituency, n in sorted(
            call.by_constituency, key=lambda item: self._constituency_rank(item[0])
        ):
            if n <= 0:
                continue
            counted += n
            singular, plural = self.nouns(constituency)
            if n == 1:
                parts.append(t.CALL_FROM_ONE.format(member=en.indefinite(singular)))
            else:
                parts.append(t.CALL_FROM_MANY.format(count=en.number(n), members=plural))
        if call.public > 0:
            parts.append(t.CALL_FROM_PUBLIC.format(count=en.number(call.public)))
        others = call.total - counted - max(call.public, 0)
        if others > 0 and parts:
            parts.append(t.CALL_FROM_OTHERS.format(count=en.number(others)))
        breakdown = en.join(parts)
        total = en.noun(call.total, "contribution")
        if call.total <= 0:
            sentences.append(t.CALL_RECEIVED_NONE)
        elif call.total == 1:
            sentences.append(
                t.CALL_RECEIVED_ONE.format(breakdown=breakdown)
                if parts
                else t.CALL_RECEIVED_ONE_PLAIN
            )
        else:
            sentences.append(
                t.CALL_RECEIVED_MANY.format(total=total, breakdown=breakdown)
                if parts
                else t.CALL_RECEIVED_MANY_PLAIN.format(total=total)
            )
        if call.late > 0:
            deadline = t.CALL_DEADLINE.format(date=en.date(call.deadline)) if call.deadline else ""
            if call.late == 1:
                sentences.append(t.CALL_LATE_ONE.format(deadline=deadline))
            else:
                sentences.append(
                    t.CALL_LATE_MANY.format(
                        count=en.capitalise(en.number(call.late)), deadline=deadline
                    )
                )
        return SummaryParagraph(key, " ".join(sentences), self.cite([call.source]))

    def versions(self) -> SummaryParagraph | None:
        r = self.record
        sentences: list[str] = []
        sources: list[SourceRef | None] = [v.source for v in r.versions]
        if r.versions:
            items = []
            for v in r.versions:
                kind = t.VERSION_KINDS.get(v.kind, "")
                when = en.date(v.issued)
                if kind and kind.casefold() != v.label.casefold():
                    items.append(t.VERSION_ITEM_KIND.format(label=v.label, kind=kind, date=when))
                else:
                    items.append(t.VERSION_ITEM.format(label=v.label, date=when))
            sentences.append(
                t.VERSIONS.format(count=en.noun(len(items), "version"), items=en.join(items))
            )
        live = [rec for rec in r.recommendations if rec.status != "dropped"]
        framed = [rec for rec in live if rec.sources]
        if framed:
            if len(framed) == len(live):
                sentences.append(t.FRAMED_ALL)
            else:
                sentences.append(
                    t.FRAMED_SOME.format(
                        count=en.capitalise(en.number(len(framed))), total=en.number(len(live))
                    )
                )
            for rec in framed:
                sources.extend(rec.sources)
        dropped = [rec for rec in r.recommendations if rec.status == "dropped"]
        if dropped:
            template = t.DROPPED_ONE if len(dropped) == 1 else t.DROPPED_MANY
            sentences.append(
                template.format(refs=en.capitalise(self.refs(rec.key for rec in dropped)))
            )
            sources.extend(rec.source for rec in dropped)
        if not sentences:
            return None
        cited = self.cite(sources) or self.anchor()
        return SummaryParagraph("process.versions", " ".join(sentences), cited)

    def _by_member(
        self, items: Iterable[tuple[MemberRef, tuple[str, ...]]]
    ) -> list[tuple[str, str]]:
        """Who did something to which paragraphs, grouped by identical sets of paragraphs:
        [(actors, paragraphs)], the text as a whole first, then most paragraphs first."""
        keys: dict[str, set[str]] = {}
        whole: dict[str, bool] = {}
        refs: dict[str, MemberRef] = {}
        for member, paragraphs in items:
            refs[member.name] = member
            keys.setdefault(member.name, set()).update(paragraphs)
            whole[member.name] = whole.get(member.name, False) or not paragraphs
        grouped: dict[tuple[bool, tuple[str, ...]], list[MemberRef]] = {}
        for name, member in refs.items():
            ordered = tuple(
                sorted(
                    keys[name],
                    key=lambda k: (self.rec_index.get(k, len(self.rec_index)), en.sort_key(k)),
                )
            )
            grouped.setdefault((whole[name], ordered), []).append(member)
        out: list[tuple[str, str]] = []
        for is_whole, ordered in sorted(
            grouped,
            key=lambda g: (
                not g[0],
                -len(g[1]),
                [(self.rec_index.get(k, len(self.rec_index)), k) for k in g[1]],
            ),
        ):
            actors, _ = self.actors(grouped[(is_whole, ordered)])
            what = [t.WHOLE_TEXT] if is_whole else []
            if ordered:
                what.append(self.refs(ordered))
            out.append((actors, en.join(what)))
        return out

    @staticmethod
    def _distinct(groups: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """A repeated "one Member State" becomes "another Member State" (they differ)."""
        seen: set[str] = set()
        out = []
        for actors, refs in groups:
            shown = actors
            if actors in seen and actors.startswith(t.ONE_PREFIX):
                shown = t.ANOTHER.format(rest=actors[len(t.ONE_PREFIX) :])
            seen.add(actors)
            out.append((shown, refs))
        return out

    def consensus_call(self, call: ConsensusCall, key: str) -> SummaryParagraph:
        date = en.date(call.date)
        version = call.version_label or t.THE_TEXT
        groups = self._by_member((o.member, o.paragraphs) for o in call.objections)
        clauses = [
            t.OBJECTION.format(actors=actors, refs=refs) for actors, refs in self._distinct(groups)
        ]
        details = t.CLAUSE_SEPARATOR.join(clauses)
        if call.adopted and clauses:
            text = t.CONSENSUS_ADOPTED_WITH_OBJECTIONS.format(
                date=date, version=version, the_group=t.THE_GROUP, details=details
            )
        elif call.adopted:
            text = t.CONSENSUS_ADOPTED.format(date=date, version=version)
        elif len(clauses) > 1:
            objectors, _ = self.actors(o.member for o in call.objections)
            text = t.CONSENSUS_FAILED_SEVERAL.format(
                date=date, version=version, objectors=objectors, details=en.capitalise(details)
            )
        elif clauses:
            text = t.CONSENSUS_FAILED.format(date=date, version=version, details=details)
        else:
            text = t.CONSENSUS_FAILED_NO_DETAIL.format(date=date, version=version)
        live = [rec.key for rec in self.record.recommendations if rec.status != "dropped"]
        objected = {k for o in call.objections for k in o.paragraphs} & set(live)
        if objected:
            text += " " + t.CONSENSUS_SCOPE.format(
                count=en.number(len(objected)), total=en.number(len(live))
            )
        members = sorted(call.objections, key=lambda o: en.sort_key(o.member.name))
        return SummaryParagraph(key, text, self.cite([call.source], (o.source for o in members)))

    def silence(self) -> SummaryParagraph:
        s = self.record.silence
        assert s is not None
        sentences = [
            t.SILENCE.format(
                date=en.date(s.circulated),
                version=s.version_label or t.THE_TEXT,
                time=en.time(s.deadline),
                time_zone=s.time_zone,
                deadline=en.date(s.deadline.date()),
            )
        ]
        if s.breaks:
            groups = self._by_member((b.member, b.paragraphs) for b in s.breaks)
            for actors, refs in self._distinct(groups):
                sentences.append(t.SILENCE_BROKEN.format(actors=en.capitalise(actors), refs=refs))
        else:
            sentences.append(t.SILENCE_KEPT)
        breaks = sorted(s.breaks, key=lambda b: en.sort_key(b.member.name))
        return SummaryParagraph(
            "process.silence",
            " ".join(sentences),
            self.cite([s.source], (b.source for b in breaks)),
        )

    # --- III and IV. recommendations ------------------------------------------------

    def definition(self) -> str:
        o = self.options
        overall = (
            t.SHARE_ALL
            if o.min_acceptance == 1
            else t.SHARE_AT_LEAST.format(share=en.share(o.min_acceptance))
        )
        minimum = (
            t.MINIMUM_POSITIONS.format(members=en.noun(o.min_positions, "member"))
            if o.min_positions > 1
            else ""
        )
        conditions = t.BROAD_CONDITION_OVERALL.format(overall=overall, minimum=minimum)
        limit = o.max_constituency_objection
        if limit is not None:
            second = (
                t.CONSTITUENCY_TEST_NONE
                if limit == 0
                else t.CONSTITUENCY_TEST.format(share=en.share(limit))
            )
            conditions = t.BROAD_CONDITIONS.format(first=conditions, second=second)
        return t.BROAD_DEFINITION.format(conditions=conditions)

    def clauses(self, rec: Recommendation, kinds: Sequence[str]) -> list[str]:
        by_kind: dict[str, list[MemberRef]] = {}
        for stance in effective_stances(rec):
            kind = _SAME_AS.get(stance.kind, stance.kind)
            by_kind.setdefault(kind, []).append(stance.member)
        out = []
        for kind in kinds:
            if kind not in by_kind:
                continue
            actors, one = self.actors(by_kind[kind])
            singular, plural = t.STANCE_VERBS[kind]
            out.append(t.STANCE_CLAUSE.format(actors=actors, verb=singular if one else plural))
        return out

    def reads(self, rec: Recommendation) -> str:
        ref = en.capitalise(self.refs([rec.key]))
        return t.RECOMMENDATION_READS.format(ref=ref, text=rec.text.strip())

    def tally(self, support: Support, others: str) -> str:
        if support.positioned == 0:
            return t.NO_POSITIONS
        if support.accepting == support.positioned > 1:
            return t.TALLY_ALL.format(
                positioned=en.noun(support.positioned, "member"), others=others
            )
        return t.TALLY.format(
            positioned=en.noun(support.positioned, "member"),
            accepting=en.number(support.accepting),
            others=others,
        )

    def recommendation_sections(self) -> tuple[list[SummaryParagraph], list[SummaryParagraph]]:
        anchor = self.anchor()
        broad = [SummaryParagraph("broad.definition", self.definition(), anchor)]
        divergent = [SummaryParagraph("divergent.intro", t.DIVERGENT_INTRO, anchor)]
        for rec in self.record.recommendations:
            if rec.status == "dropped":
                continue
            support = assess_support(rec, self.options, constituency_order=self.constituency_order)
            sources = self.stance_sources(rec)
            if support.broad:
                others = self.clauses(rec, _NOT_ACCEPTING_ORDER)
                rest = t.CLAUSE_SEPARATOR + t.CLAUSE_SEPARATOR.join(others) if others else ""
                text = self.reads(rec) + " " + self.tally(support, rest)
                broad.append(SummaryParagraph(f"broad.{rec.key}", text, sources))
                continue
            objecting = (
                t.TALLY_OBJECTING.format(objecting=en.number(support.objecting))
                if support.objecting
                else ""
            )
            sentences = [self.reads(rec), self.tally(support, objecting)]
            views = self.clauses(rec, _KIND_ORDER)
            if views:
                sentences.append(en.capitalise(t.CLAUSE_SEPARATOR.join(views)) + ".")
            sentences.append(t.NOT_BROAD.format(reasons=en.join(self.reasons(support))))
            divergent.append(SummaryParagraph(f"divergent.{rec.key}", " ".join(sentences), sources))
        if len(broad) == 1:
            broad.append(SummaryParagraph("broad.none", t.BROAD_NONE, anchor))
        if len(divergent) == 1:
            divergent.append(SummaryParagraph("divergent.none", t.DIVERGENT_NONE, anchor))
        return broad, divergent

    def reasons(self, support: Support) -> list[str]:
        o = self.options
        out = []
        if support.too_few:
            out.append(t.REASON_FEW.format(members=en.noun(o.min_positions, "member")))
        elif support.below_share:
            if o.min_acceptance == 1:
                out.append(t.REASON_OVERALL_ALL)
            else:
                out.append(t.REASON_OVERALL.format(share=en.share(o.min_acceptance)))
        limit = o.max_constituency_objection
        for key in support.constituencies:
            ref = self.constituency_ref(key)
            if limit == 0:
                out.append(t.REASON_CONSTITUENCY_ANY.format(constituency=ref))
            else:
                assert limit is not None
                out.append(t.REASON_CONSTITUENCY.format(share=en.share(limit), constituency=ref))
        return out

    # --- annex ----------------------------------------------------------------------

    def annex(self) -> list[SummarySection]:
        topics = self.record.annex
        sections = []
        for i, topic in enumerate(topics, start=1):
            if len(topics) == 1:
                heading = t.HEADING_ANNEX_ONE.format(title=topic.title)
            else:
                heading = t.HEADING_ANNEX_MANY.format(numeral=en.numeral(i), title=topic.title)
            sections.append(SummarySection(f"annex.{topic.key}", heading, self.topic(topic)))
        return sections

    def topic(self, topic: AnnexTopic) -> tuple[SummaryParagraph, ...]:
        base = f"annex.{topic.key}"
        rec = self.recs.get(topic.proposal_key)
        all_points = self.cite(s for p in topic.points for s in p.sources)
        topic_sources = self.cite(topic.sources, [rec.source if rec else None]) or all_points
        topic_sources = topic_sources or self.anchor()
        if topic.proposal_key:
            ref = self.refs([topic.proposal_key])
            text = topic.proposal_text.strip()
            lead = (
                t.ANNEX_PROPOSAL.format(ref=ref, text=text)
                if text
                else t.ANNEX_PROPOSAL_NO_TEXT.format(ref=ref)
            )
            intro = lead + " " + t.ANNEX_INTRO
        elif topic.proposal_text.strip():
            intro = (
                t.ANNEX_PROPOSAL_NO_REF.format(text=topic.proposal_text.strip())
                + " "
                + t.ANNEX_INTRO
            )
        else:
            intro = t.ANNEX_INTRO_NO_REF
        out = [SummaryParagraph(f"{base}.proposal", intro, topic_sources)]
        if not topic.points:
            out.append(SummaryParagraph(f"{base}.none", t.ANNEX_NO_POINTS, topic_sources))
            return tuple(out)
        for side, lead, none in (
            ("for", t.ANNEX_FOR, t.ANNEX_FOR_NONE),
            ("against", t.ANNEX_AGAINST, t.ANNEX_AGAINST_NONE),
        ):
            points = [p for p in topic.points if p.side == side]
            side_sources = self.cite(s for p in points for s in p.sources) or topic_sources
            out.append(SummaryParagraph(f"{base}.{side}", lead if points else none, side_sources))
            for n, point in enumerate(points):
                actors, _ = self.actors(point.members, point.negotiating_groups)
                letter = en.letter(n)
                text = point.text.strip()
                if actors:
                    body = t.ANNEX_POINT.format(letter=letter, text=text, actors=actors)
                else:
                    body = t.ANNEX_POINT_ANONYMOUS.format(letter=letter, text=text)
                out.append(
                    SummaryParagraph(
                        f"{base}.{side}.{n + 1}", body, self.cite(point.sources) or topic_sources
                    )
                )
        return tuple(out)


def stance_counts(recommendation: Recommendation) -> Mapping[str, int]:
    """Kind → number of members with that effective stance (``no_objection`` merged into
    ``can_live_with``), for views that show the tally."""
    counts: dict[str, int] = {}
    for stance in effective_stances(recommendation):
        kind = _SAME_AS.get(stance.kind, stance.kind)
        counts[kind] = counts.get(kind, 0) + 1
    return counts
