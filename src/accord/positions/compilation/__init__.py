"""The compilation text: the base text with its brackets, and under each paragraph every
proposal on it, attributed.

The standard UN working document: each paragraph as the text prints it (its number, brackets
and who holds them), then each proposal — the change in its context, proposed by A (on behalf
of a negotiating group), co-sponsored by B, supported by C, opposed by D — with amendments to a
proposal under it. Built once as plain data (``read``: a bounded number of queries, whatever
the size of the text; ``model``) and rendered as HTML (a template and ``html``), JSON (the API)
and, through :mod:`accord.core.export`, DOCX, HTML and PDF files (``export``).
"""

from .export import compilation_dict, compilation_document, compilation_file
from .model import (
    CompilationEntry,
    PositionCount,
    PositionLine,
    Proposal,
    naeiea,
    proposer_name,
    tally_line,
)
from .read import Summary, compilation_build, compilation_summary

__all__ = [
    "CompilationEntry",
    "PositionCount",
    "PositionLine",
    "Proposal",
    "Summary",
    "compilation_build",
    "compilation_dict",
    "compilation_document",
    "compilation_file",
    "compilation_summary",
    "naeiea",
    "proposer_name",
    "tally_line",
]
