"""Who sits in the demonstration group. State names are facts of membership; the organisations
are invented. No position or text in the demo is any real delegation's."""

from __future__ import annotations

# About 40 States: a commission-sized membership.
MEMBER_STATES: list[tuple[str, str]] = [
    ("AUT", "Austria"),
    ("BEL", "Belgium"),
    ("BRA", "Brazil"),
    ("BGR", "Bulgaria"),
    ("CAN", "Canada"),
    ("CHL", "Chile"),
    ("CHN", "China"),
    ("CUB", "Cuba"),
    ("EGY", "Egypt"),
    ("FIN", "Finland"),
    ("FRA", "France"),
    ("DEU", "Germany"),
    ("GHA", "Ghana"),
    ("HUN", "Hungary"),
    ("IND", "India"),
    ("IDN", "Indonesia"),
    ("IRN", "Iran (Islamic Republic of)"),
    ("JPN", "Japan"),
    ("KEN", "Kenya"),
    ("LVA", "Latvia"),
    ("MEX", "Mexico"),
    ("MAR", "Morocco"),
    ("NLD", "Netherlands"),
    ("NGA", "Nigeria"),
    ("OMN", "Oman"),
    ("PAK", "Pakistan"),
    ("PER", "Peru"),
    ("PHL", "Philippines"),
    ("POL", "Poland"),
    ("PRT", "Portugal"),
    ("RUS", "Russian Federation"),
    ("SAU", "Saudi Arabia"),
    ("ZAF", "South Africa"),
    ("LKA", "Sri Lanka"),
    ("SWE", "Sweden"),
    ("CHE", "Switzerland"),
    ("THA", "Thailand"),
    ("TUN", "Tunisia"),
    ("TUR", "Türkiye"),
    ("GBR", "United Kingdom of Great Britain and Northern Ireland"),
    ("USA", "United States of America"),
]

# (constituency slug, invented organisation name, short alias)
STAKEHOLDERS: list[tuple[str, str, str]] = [
    ("private-sector", "Global Network Operators Forum", "GNOF"),
    ("private-sector", "Digital Commerce Council", "DCC"),
    ("private-sector", "Association of Cloud Providers", "ACP"),
    ("private-sector", "Small Business Internet Coalition", "SBIC"),
    ("private-sector", "International Chamber of Telecom Services", "ICTS"),
    ("civil-society", "Open Rights Collective", "ORC"),
    ("civil-society", "Digital Inclusion Alliance", "DIA"),
    ("civil-society", "Southern Voices on Internet Policy", "SVIP"),
    ("civil-society", "Privacy Without Borders", "PWB"),
    ("civil-society", "Community Networks Initiative", "CNI"),
    ("technical-and-academic-community", "Regional Address Registries Council", "RARC"),
    ("technical-and-academic-community", "Internet Standards Fellowship", "ISF"),
    ("technical-and-academic-community", "Institute for Network Research", "INR"),
    ("technical-and-academic-community", "Academic Network on Internet Governance", "ANIG"),
    ("technical-and-academic-community", "Root Server Operators Group", "RSOG"),
    (
        "intergovernmental-and-international-organisations",
        "International Telecommunication Union",
        "ITU",
    ),
    ("intergovernmental-and-international-organisations", "UNESCO", "UNESCO"),
    (
        "intergovernmental-and-international-organisations",
        "Organisation for Economic Co-operation and Development",
        "OECD",
    ),
    ("intergovernmental-and-international-organisations", "African Union Commission", "AUC"),
    ("intergovernmental-and-international-organisations", "Council of Europe", "CoE"),
]

OBSERVER_STATES: list[tuple[str, str]] = [
    ("NOR", "Norway"),
    ("ARG", "Argentina"),
    ("KOR", "Republic of Korea"),
]

CHAIR_STATE = "BRA"

# The members who end up objecting at the final meeting (used by later stages of the demo).
HOLDOUTS = ["SAU", "IRN", "CUB"]

# Negotiating groups: (name, short name, other names, coordinator, members). The demo's blocs
# are invented groupings for the product; they imply no real group's composition or views.
BLOCS: list[tuple[str, str, list[str], str, list[str]]] = [
    (
        "Group of 77 and China",
        "G77",
        ["G77 and China", "G-77", "Group of 77"],
        "ZAF",
        [
            "ZAF",
            "CHN",
            "CUB",
            "EGY",
            "GHA",
            "IND",
            "IDN",
            "IRN",
            "KEN",
            "MAR",
            "NGA",
            "OMN",
            "PAK",
            "PER",
            "PHL",
            "SAU",
            "LKA",
            "THA",
            "TUN",
            "CHL",
            "MEX",
        ],
    ),
    (
        "European Union",
        "EU",
        ["EU", "European Union and its member States"],
        "FIN",
        ["AUT", "BEL", "BGR", "FIN", "FRA", "DEU", "HUN", "LVA", "NLD", "POL", "PRT", "SWE"],
    ),
]
# How the captioner writes the coordinators when they speak for their group.
SPEAKS_FOR = {
    "ZAF": "South Africa on behalf of the Group of 77 and China",
    "FIN": "Finland, on behalf of the European Union",
}
# Members of a group that also speak for themselves on the text (besides the holdouts).
OWN_VOICE = ["CHN", "IND", "MEX", "FRA"]
