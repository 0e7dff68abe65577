"""Every sentence and word the Chair's summary drafter writes, in English.

All text is here, as plain ``str.format`` strings with named fields, so that translating the
summary is a change to this module alone: a later change wraps each constant in gettext
(``_("...")``, the strings are already whole sentences with named fields, never glued
fragments of words) and replaces the few English rules of :mod:`accord.core.summary.english`
(articles, serial lists, number words) with per-language ones.

Style: neutral United Nations report English — past tense for the process, no evaluation of
views, "the Chair" rather than a pronoun, numbers one to ten in words, dates "1 February
2018", lists "A, B and C".
"""

from __future__ import annotations

# --- words ------------------------------------------------------------------------------

NUMBER_WORDS = (
    "no",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
)
THOUSANDS_SEPARATOR = ","
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")

# Shares written in words (numerator, denominator) → words; others as per cent.
FRACTION_WORDS = {
    (1, 2): "half",
    (1, 3): "one third",
    (2, 3): "two thirds",
    (1, 4): "one quarter",
    (3, 4): "three quarters",
    (1, 5): "one fifth",
    (2, 5): "two fifths",
    (3, 5): "three fifths",
    (4, 5): "four fifths",
}
PER_CENT = "{value} per cent"

# Nouns: (singular, plural).
NOUNS = {
    "meeting": ("meeting", "meetings"),
    "day": ("day", "days"),
    "intervention": ("intervention", "interventions"),
    "contribution": ("contribution", "contributions"),
    "question": ("question", "questions"),
    "member": ("member", "members"),
    "constituency": ("constituency", "constituencies"),
    "version": ("version", "versions"),
    "recommendation": ("recommendation", "recommendations"),
    "negotiating group": ("negotiating group", "negotiating groups"),
}

LIST_SEPARATOR = ", "
LIST_LAST = "{items} and {last}"
CLAUSE_SEPARATOR = "; "
ARTICLE_A = "a {noun}"
ARTICLE_AN = "an {noun}"
DEFINITE = "the {name}"

# Members of a constituency in running text, when the record gives no nouns of its own.
MEMBER_SINGULAR = "member of the {constituency} constituency"
MEMBER_PLURAL = "members of the {constituency} constituency"
# Constituencies whose members have a name of their own.
KNOWN_MEMBER_NOUNS = {"Member States": ("Member State", "Member States")}
CONSTITUENCY_REF = "the {name} constituency"

COUNT = "{count} {noun}"
COUNT_ALL = "all {count} {noun}"
COUNT_BOTH = "both {noun}"
GROUP_WITH_MEMBERS = "{group} ({members})"

DATE = "{day} {month} {year}"
DATE_RANGE_SAME_MONTH = "{first_day}–{last_day} {month} {year}"
DATE_RANGE_SAME_YEAR = "{first_day} {first_month}–{last_day} {last_month} {year}"
DATE_RANGE = "{first}–{last}"
TIME = "{hour:02d}:{minute:02d}"

RECOMMENDATION_ONE = "recommendation {number}"
RECOMMENDATION_MANY = "recommendations {numbers}"
PARAGRAPH_ONE = "paragraph {key}"
PARAGRAPH_MANY = "paragraphs {keys}"
WHOLE_TEXT = "the text as a whole"
THE_TEXT = "the text"

# What members did, in the past tense: (one actor, several actors).
STANCE_VERBS = {
    "support": ("supported it", "supported it"),
    "can_live_with": ("could accept it", "could accept it"),
    "no_objection": ("could accept it", "could accept it"),
    "reservation": ("accepted it with a reservation", "accepted it with reservations"),
    "object": ("objected to it", "objected to it"),
    "stand_aside": ("stood aside", "stood aside"),
    "dissociation": ("dissociated itself from it", "dissociated themselves from it"),
    "reserve": (
        "reserved its position, awaiting instructions",
        "reserved their positions, awaiting instructions",
    ),
}
STANCE_CLAUSE = "{actors} {verb}"

VERSION_KINDS = {
    "zero_draft": "zero draft",
    "revision": "revision",
    "compilation": "compilation text",
    "facilitator": "facilitator's text",
    "chair": "Chair's text",
    "non_paper": "non-paper",
}

# --- title and headings -----------------------------------------------------------------

TITLE = "Chair's summary of the work of {group}"
SECTION_HEADING = "{numeral}. {title}"
HEADING_INTRODUCTION = "Introduction"
HEADING_PROCESS = "The process"
HEADING_BROAD_SUPPORT = "Recommendations that had broad support"
HEADING_DIVERGENT = "Recommendations on which views diverged"
HEADING_ANNEX_ONE = "Annex: {title}"
HEADING_ANNEX_MANY = "Annex {numeral}: {title}"

# The group as a later sentence refers to it.
THE_GROUP = "the Working Group"

# --- introduction -----------------------------------------------------------------------

GROUP_NAMED = "{name} ({short_name})"
INTRO_ESTABLISHED = "{group} was established by {parent_body}."
INTRO_ESTABLISHED_PERIOD = (
    "{group} was established by {parent_body} for the period from {start} to {end}."
)
INTRO_ESTABLISHED_NO_PARENT = "This summary concerns the work of {group}."
INTRO_PERIOD_NO_PARENT = (
    "This summary concerns the work of {group}, established for the period from {start} to {end}."
)
INTRO_MANDATE = "Its mandate read: “{mandate}”."
INTRO_MEMBERSHIP = "{group} had {members} in {constituencies}: {breakdown}."
INTRO_DECISION_RULE = "It took its decisions by {rule}."
INTRO_NEGOTIATING_GROUPS = "Members also negotiated in {count}: {groups}."
NEGOTIATING_GROUP_SIZE = "{group} ({members})"

INTRO_NOT_ADOPTED = (
    "{group} did not reach consensus on a report. The Chair therefore issues this summary under "
    "the Chair's own responsibility. The summary does not represent a consensus of {the_group} "
    "and commits none of its members."
)
INTRO_ADOPTED = (
    "{group} adopted its report by consensus on {date}. The Chair issues this summary, as an "
    "account of the process, under the Chair's own responsibility; it does not replace the "
    "report and is not itself a consensus text."
)
INTRO_ADOPTED_SILENCE = (
    "{group} adopted its report under a silence procedure that ended on {date}. The Chair "
    "issues this summary, as an account of the process, under the Chair's own responsibility; "
    "it does not replace the report and is not itself a consensus text."
)
INTRO_NO_DECISION = (
    "No decision of {the_group} on a report is recorded. The Chair issues this summary under "
    "the Chair's own responsibility; it does not represent a consensus of {the_group}."
)
INTRO_CONTENTS = (
    "The summary describes the process, lists the recommendations that had broad support and "
    "sets out, for the others, who held which view."
)
INTRO_CONTENTS_ANNEX = (
    "The summary describes the process, lists the recommendations that had broad support and "
    "sets out, for the others, who held which view; an annex sets out the arguments made for "
    "and against {proposals}."
)
ANNEX_PROPOSAL_REF = "the proposal in {ref}"
ANNEX_PROPOSAL_UNNAMED = "a contested proposal"
NAMING_BY_CONSTITUENCY = (
    "In line with the practice of {the_group}, views are attributed to constituencies and "
    "negotiating groups, not to individual members."
)
NAMING_BY_NAME = "Views are attributed to the members that held them, by name."

# --- the process ------------------------------------------------------------------------

MEETINGS = "{group} held {meetings}, totalling {days}, between {first} and {last}: {items}."
MEETINGS_ONE = "{group} held one meeting, of {days}: {item}."
MEETING_ITEM = "{title} ({venue}, {dates})"
MEETING_ITEM_NO_VENUE = "{title} ({dates})"
TRANSCRIPTS = "The transcripts of its meetings record {interventions}."

CALL_OPENED = "The Chair issued a call for contributions, “{title}”."
CALL_QUESTIONS = "It put {questions} to contributors: {items}"
CALL_QUESTION_ITEM = "({letter}) {question}"
CALL_RECEIVED_NONE = "No contributions were received."
CALL_RECEIVED_ONE = "One contribution was received: {breakdown}."
CALL_RECEIVED_MANY = "A total of {total} were received: {breakdown}."
CALL_RECEIVED_ONE_PLAIN = "One contribution was received."
CALL_RECEIVED_MANY_PLAIN = "A total of {total} were received."
CALL_FROM_ONE = "one from {member}"
CALL_FROM_MANY = "{count} from {members}"
CALL_FROM_PUBLIC = "{count} from the public"
CALL_FROM_OTHERS = "{count} from other contributors"
CALL_LATE_ONE = "One of them was received after the deadline{deadline}."
CALL_LATE_MANY = "{count} of them were received after the deadline{deadline}."
CALL_DEADLINE = " of {date}"

VERSIONS = "The text was negotiated in {count}: {items}."
VERSION_ITEM = "{label} ({date})"
VERSION_ITEM_KIND = "{label} ({kind}, {date})"
FRAMED_ALL = (
    "Each recommendation of the final text is linked to the contributions from which it was framed."
)
FRAMED_SOME = (
    "{count} of the {total} recommendations of the final text are linked to the contributions "
    "from which they were framed."
)
DROPPED_ONE = "{refs} was dropped in the course of the negotiations."
DROPPED_MANY = "{refs} were dropped in the course of the negotiations."

CONSULTATION = "Informal consultations on {refs} were facilitated by {facilitators}{dates}."
CONSULTATION_NO_FACILITATOR = "Informal consultations were held on {refs}{dates}."
CONSULTATION_DATES = " ({dates})"

CONSENSUS_FAILED = (
    "On {date}, the Chair tested consensus on {version}. Consensus was not reached: {details}."
)
CONSENSUS_FAILED_SEVERAL = (
    "On {date}, the Chair tested consensus on {version}. Consensus was not reached: {objectors} "
    "objected. {details}."
)
CONSENSUS_FAILED_NO_DETAIL = (
    "On {date}, the Chair tested consensus on {version}; consensus was not reached."
)
CONSENSUS_ADOPTED = (
    "On {date}, the Chair tested consensus on {version}; no member objected, and the text was "
    "adopted."
)
CONSENSUS_ADOPTED_WITH_OBJECTIONS = (
    "On {date}, the Chair tested consensus on {version}, and the text was adopted under the "
    "decision rule of {the_group}, with these objections recorded: {details}."
)
CONSENSUS_SCOPE = "In all, {count} of the {total} recommendations drew at least one objection."
OBJECTION = "{actors} objected to {refs}"
# A second "one Member State" in the same sentence is "another Member State".
ONE_PREFIX = "one "
ANOTHER = "another {rest}"

SILENCE = (
    "On {date}, the Chair circulated {version} under a silence procedure until {time} "
    "({time_zone}) on {deadline}."
)
SILENCE_BROKEN = "{actors} broke silence on {refs}."
SILENCE_KEPT = "Silence was not broken, and the text was adopted."

# --- broad support ----------------------------------------------------------------------

BROAD_DEFINITION = (
    "In this summary, a recommendation is said to have had broad support when {conditions}. A "
    "member that reserved its position, awaiting instructions, is not counted as having stated "
    "one; a position stated by a negotiating group counts for each of its members that did not "
    "state its own."
)
BROAD_CONDITIONS = "{first}, and when {second}"
BROAD_CONDITION_OVERALL = (
    "{overall} of the members that stated a final position on it supported or accepted it{minimum}"
)
SHARE_AT_LEAST = "at least {share}"
SHARE_ALL = "all"
MINIMUM_POSITIONS = ", at least {members} having stated one"
CONSTITUENCY_TEST = (
    "in no constituency did more than {share} of the members that stated a position object to it"
)
CONSTITUENCY_TEST_NONE = "no member objected to it"
BROAD_NONE = "None of the recommendations met this test."

RECOMMENDATION_READS = "{ref} reads: “{text}”"
TALLY = (
    "Of the {positioned} that stated a final position on it, {accepting} supported or "
    "accepted it{others}."
)
TALLY_OBJECTING = " and {objecting} objected to it"
TALLY_ALL = "All {positioned} that stated a final position on it supported or accepted it{others}."
NO_POSITIONS = "No member stated a final position on it."

# --- divergent views --------------------------------------------------------------------

DIVERGENT_INTRO = (
    "For each recommendation that did not meet the test of broad support set out above, this "
    "section sets out who held which view."
)
DIVERGENT_NONE = (
    "Every recommendation met the test of broad support; there was none on which views "
    "diverged in that sense."
)
NOT_BROAD = "It therefore did not meet the test of broad support, because {reasons}."
REASON_OVERALL = "fewer than {share} of the members that stated a position supported or accepted it"
REASON_OVERALL_ALL = "not every member that stated a position supported or accepted it"
REASON_CONSTITUENCY = (
    "more than {share} of the members of {constituency} that stated a position objected to it"
)
REASON_CONSTITUENCY_ANY = "members of {constituency} objected to it"
REASON_FEW = "fewer than {members} stated a position on it"

# --- annex ------------------------------------------------------------------------------

ANNEX_PROPOSAL = "The proposal, in {ref}, read: “{text}”"
ANNEX_PROPOSAL_NO_TEXT = "The proposal was made in {ref}."
ANNEX_PROPOSAL_NO_REF = "The proposal read: “{text}”"
ANNEX_INTRO = (
    "The arguments for and against it that were made in the course of the negotiations are set "
    "out below as they were put, without endorsement by the Chair."
)
ANNEX_INTRO_NO_REF = (
    "The arguments for and against the proposal that were made in the course of the "
    "negotiations are set out below as they were put, without endorsement by the Chair."
)
ANNEX_FOR = "The following arguments were made in favour of the proposal."
ANNEX_AGAINST = "The following arguments were made against the proposal."
ANNEX_FOR_NONE = "No argument in favour of the proposal was recorded."
ANNEX_AGAINST_NONE = "No argument against the proposal was recorded."
ANNEX_NO_POINTS = "No arguments for or against the proposal were recorded."
ANNEX_POINT = "({letter}) {text} This argument was made by {actors}."
ANNEX_POINT_ANONYMOUS = "({letter}) {text}"

# --- sources ----------------------------------------------------------------------------

FOOTNOTE = "{label}: {url}"
FOOTNOTE_SOURCES = "Sources: {items}."
FOOTNOTE_SEPARATOR = "; "
EXPORT_VERSION_KIND = "Chair's summary"
