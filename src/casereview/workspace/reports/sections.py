"""The sections of a board report, apart from Django so that the command line can offer them before it starts."""

from __future__ import annotations

from enum import StrEnum


class Section(StrEnum):
    """The parts of the board report a partnership can leave out. The values are the form's and the CLI's."""

    REGISTER = "register"
    MARKERS = "markers"
    PURPOSE = "purpose"
    FINDINGS = "findings"
    WORDING = "wording"

    @property
    def label(self) -> str:
        return _SECTION_LABELS[self]


_SECTION_LABELS = {
    Section.REGISTER: "Register entry and timescales",
    Section.MARKERS: "Quality markers: questions, answers, evidence and judgements",
    Section.PURPOSE: "Clarity of purpose: statement, who was told and complicating circumstances",
    Section.FINDINGS: "Findings, recommendations and actions: the learning and what is done about it",
    Section.WORDING: "Wording check of the review's texts",
}
