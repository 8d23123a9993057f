"""Briefing letters about a review's purpose, drafted for one audience and downloadable as Word documents.

The drafts are a starting point in plain words: the business manager edits them before they go out.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import docx
from docx.shared import Pt

from ..learning.models import LearningFramework
from ..reviews.models import Review
from .models import Circumstance, CircumstanceKind, PartyGroup, PurposeStatement


class Audience(StrEnum):
    BOARD = "board"
    AGENCY_LEADERS = "agency-leaders"
    PRACTITIONERS = "practitioners"
    FAMILY = "family"

    @property
    def label(self) -> str:
        return _AUDIENCE[self].label

    @property
    def group(self) -> PartyGroup:
        return _AUDIENCE[self].group


@dataclass(frozen=True)
class _AudienceText:
    label: str
    group: PartyGroup
    greeting: str
    why_you: str
    ask: str


_AUDIENCE = {
    Audience.BOARD: _AudienceText(
        "Board members",
        PartyGroup.BOARD,
        "Dear board member,",
        "As a member of the partnership board you share responsibility for this review and for what the "
        "partnership learns from it.",
        "Please lead by example: speak about the review as a chance to learn, in your own agency and in "
        "public, and support the people from your agency who take part.",
    ),
    Audience.AGENCY_LEADERS: _AudienceText(
        "Leaders of involved agencies",
        PartyGroup.AGENCY_LEADERS,
        "Dear colleague,",
        "Your agency was involved with the family, and the review will ask for your agency's records and for "
        "time with the practitioners who worked with them.",
        "Please share this letter with the practitioners involved, give them time to take part, and make "
        "sure they have supervision and support while the review runs.",
    ),
    Audience.PRACTITIONERS: _AudienceText(
        "Practitioners directly involved",
        PartyGroup.PRACTITIONERS,
        "Dear colleague,",
        "You worked with the family, and your account of what it was like at the time is the most valuable "
        "thing the review can hear.",
        "The review team will invite you to talk about your work and the conditions you worked in. You can "
        "bring a colleague or supervisor, and you will see how your contribution is used before the report "
        "is finished.",
    ),
    Audience.FAMILY: _AudienceText(
        "The family",
        PartyGroup.FAMILY,
        "Dear family member,",
        "We are very sorry for what has happened. We are writing to tell you about a review that "
        "the agencies in your area are carrying out, and to invite you to take part if you wish.",
        "You do not have to take part. If you would like to, we can meet you wherever suits you, with an "
        "interpreter or an advocate if that would help, and we will tell you what the review finds before "
        "it is published.",
    ),
}

_CIRCUMSTANCE_SENTENCES = {
    CircumstanceKind.MEDIA: "There has been media interest in what happened.",
    CircumstanceKind.POLITICAL: "There are expectations from government or politicians about this case.",
    CircumstanceKind.DISCIPLINARY: (
        "Some people expect that individuals or agencies will face disciplinary or capability action."
    ),
    CircumstanceKind.BLAME_SEEKING: "There has been pressure to find someone to blame.",
    CircumstanceKind.BELOW_STANDARD: (
        "Agencies expect to be told if the review finds practice below expected standards, so they can "
        "consider their own processes."
    ),
    CircumstanceKind.PARALLEL: "Other processes are running alongside the review.",
    CircumstanceKind.FAMILY: "The family have their own hopes and expectations of the review.",
    CircumstanceKind.OTHER: "There are other circumstances that bear on the review.",
}


def draft_letter(
    review: Review,
    audience: Audience,
    statement: PurposeStatement | None,
    acknowledged: Sequence[Circumstance],
    learning: LearningFramework | None = None,
) -> tuple[str, str]:
    """(title, text) of a briefing letter for the audience, from the purpose statement, the complicating
    circumstances already acknowledged and the partnership's learning framework."""
    words = _AUDIENCE[audience]
    title = f"About the review of {review.reference}: for {words.label.lower()}"
    purpose = (
        statement.text
        if statement
        else ("[The purpose statement has not been written yet. Write it first, then draft this letter again.]")
    )
    paragraphs = [
        words.greeting,
        f"{review.partnership.name} has started a review about {review.reference}. {words.why_you}",
        "What the review is for",
        purpose,
    ]
    if learning is not None:
        paragraphs.append(
            f"The review follows {review.partnership.name}'s learning and improvement framework, which applies to "
            "all its reviews: errors are looked at as the product of the system people work in, people are "
            "supported, and culpability is considered only for reckless or malicious acts, separately from the "
            f"learning. To understand how things went wrong, the review uses {learning.causation_model.title}."
        )
    if acknowledged:
        paragraphs.append("What could complicate this")
        paragraphs.append(
            "We want to be honest about the things that could make the review feel like something other than learning."
        )
        for circumstance in acknowledged:
            paragraphs.append(
                f"{_CIRCUMSTANCE_SENTENCES[CircumstanceKind(circumstance.kind)]} {circumstance.description.strip()}"
            )
        paragraphs.append(
            "The review itself will not apportion blame. If other processes need information, they follow "
            "their own rules, and we will tell you openly when information is shared and why."
        )
    paragraphs += [
        "What we ask of you",
        words.ask,
        "If you have any question about the review, please contact the partnership's business manager.",
        "Yours sincerely,",
        f"{review.partnership.name}",
    ]
    return title, "\n\n".join(paragraphs)


# Characters XML 1.0 cannot hold (a Word file is XML): control characters other than tab and line breaks.
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def letter_docx(title: str, text: str) -> bytes:
    """The letter as a Word document: the title as its heading, one paragraph per block of text. Stray
    control characters, which a paste can bring and Word cannot store, are left out."""
    title, text = _NOT_IN_XML.sub("", title), _NOT_IN_XML.sub("", text)
    document = docx.Document()
    document.core_properties.title = title
    document.styles["Normal"].font.size = Pt(11)
    document.add_heading(title, level=1)
    for block in text.replace("\r\n", "\n").split("\n\n"):
        if block.strip():
            document.add_paragraph(block.strip())
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
