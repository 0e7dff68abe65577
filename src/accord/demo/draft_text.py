"""The zero draft of the demonstration report, written for the product.

Recommendation n is framed from theme n of ``texts.THEMES``; the last one is the contested
mechanism, which also gets a section setting out the arguments for and against it.
"""

from __future__ import annotations

from .texts import CONCEPT, THEMES

TITLE = "Draft report of the Working Group on Enhanced Digital Cooperation"
SYMBOL = "WGEDC/2025/CRP.1"

PREAMBLE = [
    f"Recalling the mandate given to the Working Group to develop recommendations on how to "
    f"further implement {CONCEPT},",
    "Recognizing the contributions received from Member States and from all stakeholders in "
    "response to the call for contributions,",
    "Acknowledging that governments, the private sector, civil society, the technical and academic "
    "community and international organisations each have roles and responsibilities,",
    "Mindful of the need to avoid duplication with existing processes and institutions,",
]

# One operative sentence per theme; index matches texts.THEMES.
RECOMMENDATIONS = [
    "Recommends that all processes on international Internet public policy ensure the full and "
    "meaningful participation of all stakeholders, in their respective roles and responsibilities;",
    "Recommends that the effective participation of developing countries, in particular least "
    "developed countries, be supported through dedicated resources;",
    "Encourages capacity-building programmes for policy makers and regulators, delivered with "
    "regional organisations and the academic community;",
    "Recommends strengthening the Internet Governance Forum so that its intersessional work "
    "produces outputs that can inform decision-making bodies;",
    "Calls for greater transparency and accountability of existing cooperation processes, "
    "including the timely publication of their documents;",
    "Requests the secretariat to maintain a regularly updated mapping of where international "
    "Internet public policy issues are discussed;",
    "Recommends that cooperation give priority to affordable access and meaningful connectivity "
    "for people who are not yet connected;",
    "Encourages all processes to offer remote participation and travel support so that small "
    "delegations can follow the work;",
    "Encourages the development of multilingual content and the wider use of internationalised "
    "domain names;",
    "Recommends cooperation among all stakeholders on the security and stability of critical "
    "Internet resources;",
    "Reaffirms that the same rights that people have offline must also be protected online;",
    "Recommends measures to close the gender gap in access and in participation in policy "
    "processes;",
    "Encourages arrangements for trusted cross-border data flows with appropriate safeguards for "
    "privacy;",
    "Requests closer coordination among United Nations entities working on digital issues;",
    "Recommends annual reporting to the Commission on progress in the implementation of these "
    "recommendations;",
    "Calls for predictable funding for participation and for the secretariat of the Forum;",
    "Recommends attention to the specific needs of small island developing States and landlocked "
    "developing countries;",
    "Encourages research partnerships with the academic community to build the evidence base;",
    "Encourages cooperation in responding to large-scale network incidents;",
    "[Recommends the establishment of an intergovernmental mechanism on international Internet "
    "public policy issues, reporting to the General Assembly;]",
]
assert len(RECOMMENDATIONS) == len(THEMES)

ALTERNATIVE_MECHANISM = (
    "Recommends that the Commission keep under review whether new institutional arrangements are "
    "needed, drawing on existing mechanisms and the participation of all stakeholders;"
)

ARGUMENTS_HEADING = "Arguments for and against a new intergovernmental mechanism"
ARGUMENTS = [
    "Members in favour argued that public policy issues pertaining to the Internet lack a "
    "dedicated intergovernmental home, that developing countries cannot follow the many existing "
    "venues, and that a mechanism would give governments a place to carry out their roles.",
    "Members against argued that a new body would duplicate existing institutions, fragment "
    "the discussion, and weaken the participation of non-governmental stakeholders, whose "
    "expertise is needed on most of the issues.",
    "Several members suggested intermediate options: a review by the Commission, a stronger "
    "Forum with links to decision-making bodies, or a mapping of gaps before any new body is "
    "considered.",
]
