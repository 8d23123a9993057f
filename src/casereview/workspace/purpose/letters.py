"""Briefing letters about a review's purpose, drafted for one audience and downloadable as Word documents.

The drafts are a starting point in plain words: the business manager edits them before they go out. Each
letter is written for its reader: the family's in the second person and without the board's wording, the
professionals' with the partnership's learning framework. A complicating circumstance appears only in the
words recorded as what may be said about it, and only in the letters of the groups it may be said to.
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from ..learning.models import LearningFramework
from ..reviews.models import Review
from .models import Circumstance, PartyGroup, PurposeStatement

# A block of the letter's text that starts with this is a section heading (Heading 2 in the Word file).
HEADING_MARK = "# "
LANGUAGE = "en-GB"


class Audience(StrEnum):
    """Who a letter is for: one for each group of parties. The values are the letter pages' addresses."""

    BOARD = "board"
    AGENCY_LEADERS = "agency-leaders"
    PRACTITIONERS = "practitioners"
    REVIEWERS = "reviewers"
    FAMILY = "family"
    OTHERS = "others"

    @property
    def label(self) -> str:
        return self.group.label

    @property
    def group(self) -> PartyGroup:
        return PartyGroup(self.value.replace("-", "_"))

    @classmethod
    def of(cls, group: PartyGroup) -> Audience:
        return cls(group.value.replace("_", "-"))


@dataclass(frozen=True)
class _AudienceText:
    greeting: str
    why_you: str
    ask: str


_PROFESSIONAL_CIRCUMSTANCES = (
    "We want to be honest about the things that could make the review feel like something other than learning.",
    "The review itself will not apportion blame. If other processes need information, they follow their own "
    "rules, and we will tell you openly when information is shared and why.",
)

_AUDIENCE = {
    Audience.BOARD: _AudienceText(
        "Dear board member,",
        "As a member of the partnership board you share responsibility for this review and for what the "
        "partnership learns from it.",
        "Please lead by example: speak about the review as a chance to learn, in your own agency and in "
        "public, and support the people from your agency who take part.",
    ),
    Audience.AGENCY_LEADERS: _AudienceText(
        "Dear colleague,",
        "Your agency was involved with the family, and the review will ask for your agency's records and for "
        "time with the practitioners who worked with them.",
        "Please share this letter with the practitioners involved, give them time to take part, and make "
        "sure they have supervision and support while the review runs.",
    ),
    Audience.PRACTITIONERS: _AudienceText(
        "Dear colleague,",
        "You worked with the family, and your account of what it was like at the time is the most valuable "
        "thing the review can hear.",
        "The review team will invite you to talk about your work and the conditions you worked in. You can "
        "bring a colleague or supervisor, and you will see how your contribution is used before the report "
        "is finished.",
    ),
    Audience.REVIEWERS: _AudienceText(
        "Dear colleague,",
        "You are conducting this review. This letter sets out the purpose the partnership has agreed, so that "
        "the way the review is run, and the way you describe it to the people you meet, serve that purpose.",
        "Please describe the review to everyone you meet in these terms, look at the conditions people worked "
        "in rather than for someone to blame, and tell the partnership at once if anything puts the learning "
        "purpose at risk, such as another process asking for what people have told the review.",
    ),
    Audience.OTHERS: _AudienceText(
        "Dear colleague,",
        "We are writing to you because you have an interest in the review, and we want you to hear what it is "
        "for from us.",
        "If you are asked about the review, please describe it as a review for learning and improvement, not one "
        "that looks for someone to blame. If you hold information that could help the review, please tell us.",
    ),
}


@dataclass(frozen=True)
class LeftOut:
    circumstance: Circumstance
    reason: str


@dataclass(frozen=True)
class Letter:
    title: str
    text: str
    included: list[Circumstance]
    left_out: list[LeftOut]


def why_not_shared(circumstance: Circumstance, group: PartyGroup) -> str | None:
    """Why a letter to the group may say nothing about the circumstance; None when it may say what was recorded."""
    if not circumstance.shareable_text.strip():
        return "Nothing has been recorded as what may be said about it in letters."
    if group.value not in circumstance.share_with:
        if not circumstance.share_with:
            return "It has not been chosen for any group's letters."
        return f"It may be said only to: {', '.join(circumstance.share_with_labels)}."
    return None


def draft_letter(
    review: Review,
    audience: Audience,
    statement: PurposeStatement | None,
    recorded: Sequence[Circumstance],
    learning: LearningFramework | None = None,
    *,
    review_name: str,
    contact: str,
) -> Letter:
    """A briefing letter for the audience, from the purpose statement, what may be said to the audience about
    each complicating circumstance (``recorded`` is all of them) and the partnership's learning framework."""
    included, left_out = [], []
    for circumstance in recorded:
        reason = why_not_shared(circumstance, audience.group)
        if reason is None:
            included.append(circumstance)
        else:
            left_out.append(LeftOut(circumstance, reason))
    shared = [circumstance.shareable_text.strip() for circumstance in included]
    if audience is Audience.FAMILY:
        title = f"About the review of {review.reference}"
        blocks = _family_blocks(review, statement, shared, review_name=review_name, contact=contact)
    else:
        title = f"About the review of {review.reference}: for {audience.label.lower()}"
        blocks = _professional_blocks(
            review, audience, statement, shared, learning, review_name=review_name, contact=contact
        )
    blocks += ["Yours sincerely,", review.partnership.name]
    return Letter(title, "\n\n".join(blocks), included, left_out)


def _heading(text: str) -> str:
    return HEADING_MARK + text


def _professional_blocks(
    review: Review,
    audience: Audience,
    statement: PurposeStatement | None,
    shared: list[str],
    learning: LearningFramework | None,
    *,
    review_name: str,
    contact: str,
) -> list[str]:
    words = _AUDIENCE[audience]
    purpose = (
        statement.text
        if statement
        else "[The purpose statement has not been written yet. Write it first, then draft this letter again.]"
    )
    blocks = [
        words.greeting,
        f"{review.partnership.name} is carrying out a {review_name} about {review.reference}. {words.why_you}",
        _heading("What the review is for"),
        *purpose.replace("\r\n", "\n").split("\n\n"),
    ]
    # The partnership's learning framework (its just culture principles) is the board's and the agencies' own
    # commitment, which professionals hold each other to: it is not in the family's letter.
    if learning is not None:
        blocks.append(
            f"The review follows {review.partnership.name}'s learning and improvement framework, which applies to "
            "all its reviews: errors are looked at as the product of the system people work in, people are "
            "supported, and culpability is considered only for reckless or malicious acts, separately from the "
            f"learning. To understand how things went wrong, the review uses {learning.causation_model.title}."
        )
    if shared:
        blocks += [_heading("What could complicate this"), _PROFESSIONAL_CIRCUMSTANCES[0], *shared]
        blocks.append(_PROFESSIONAL_CIRCUMSTANCES[1])
    blocks += [
        _heading("What we ask of you"),
        words.ask,
        _heading("Who to contact"),
        f"If you have any question about the review, please contact {contact}.",
    ]
    return blocks


def _family_blocks(
    review: Review, statement: PurposeStatement | None, shared: list[str], *, review_name: str, contact: str
) -> list[str]:
    """The family's letter, to them in plain words: what the review is, what taking part would mean for them and
    whom to ask. The purpose statement is written for agencies; the family are offered it rather than sent it."""
    reference = review.reference
    blocks = [
        "Dear family member,",
        "We are very sorry for what has happened. We are writing to tell you about a review that the services in "
        f"your area are carrying out, and to ask whether you would like to take part. We call it the review of "
        f"{reference}, so that nobody's name is used in its papers.",
        _heading("What the review is for"),
        # Plain words, but each of the signals the wording check asks of any text about a review's purpose: the
        # family's letter must pass the check the partnership's own letters are held to.
        "The review is for learning and improvement: it looks at how the services that knew "
        f"{reference} worked, with each other and with you, what helped, what got in the way and what needs to "
        "change so that other families are safer.",
        "It will look at why things happened, at the way the services work rather than at one person, and it will "
        "try to understand how things looked at the time to the people involved.",
        "It is not about blaming anyone. It does not decide whether anyone broke the law or should be disciplined.",
        "The staff who worked with you will be supported to talk openly about what they did and why, so that the "
        "review can learn from it.",
    ]
    if statement is not None:
        blocks.append(
            f"The services have agreed a short statement of what the {review_name} is for. We can send it to you "
            "if you would like to read it."
        )
    blocks += [
        _heading("What taking part means for you"),
        "You do not have to take part. Saying no will not change any help or services you get.",
        "If you would like to take part, the person leading the review will meet you at a time and place that "
        f"suit you. You can tell them about {reference} and about what the services were like for you. You can "
        "bring someone with you, and we can arrange an interpreter or an advocate if that would help.",
        "Before the report is finished, we will tell you what the review has found and you can tell us what you "
        "think. Your name will not be in the report.",
    ]
    if shared:
        blocks += [
            _heading("Other things happening at the same time"),
            "We want to be open with you about other things that are happening while the review runs.",
            *shared,
            "The review is separate from these.",
        ]
    blocks += [
        _heading("Who to contact"),
        f"If you have any questions, or would like to take part, please contact {contact}. You can also ask "
        "someone you trust to contact us for you.",
    ]
    return blocks


# Characters XML 1.0 cannot hold (a Word file is XML): control characters other than tab and line breaks.
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

# A4, with the margins UK letters use (2.54 cm all round), and room at the top of the first page for the
# partnership's letterhead, printed on or pasted into the header.
_A4 = (Cm(21.0), Cm(29.7))
_MARGIN = Cm(2.54)
_LETTERHEAD_HEIGHT = Pt(72)


def letter_docx(
    title: str,
    text: str,
    *,
    author: str,
    letter_date: datetime.date,
    contact: str,
    now: datetime.datetime,
) -> bytes:
    """The letter as a Word document: A4, British English, a place for the letterhead, the date and the contact,
    the title as its heading, each block of text a paragraph and each block starting with ``HEADING_MARK`` a
    section heading kept with the paragraph after it. Stray control characters, which a paste can bring and
    Word cannot store, are left out."""
    title, text, contact = (_NOT_IN_XML.sub("", value) for value in (title, text, contact))
    document = docx.Document()
    set_language(document)
    document.styles["Normal"].font.size = Pt(11)
    document.styles["Heading 2"].paragraph_format.keep_with_next = True
    section = document.sections[0]
    section.page_width, section.page_height = _A4
    for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
        setattr(section, side, _MARGIN)
    section.different_first_page_header_footer = True
    letterhead = section.first_page_header.paragraphs[0]
    letterhead.paragraph_format.space_after = _LETTERHEAD_HEIGHT

    dated = document.add_paragraph(f"{letter_date.day} {letter_date:%B %Y}")
    dated.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if contact.strip():
        document.add_paragraph(f"Contact: {contact.strip()}")
    document.add_heading(title, level=1)
    for block in text.replace("\r\n", "\n").split("\n\n"):
        block = block.strip()
        if block.startswith(HEADING_MARK):
            heading = document.add_heading(block.removeprefix(HEADING_MARK).strip(), level=2)
            heading.paragraph_format.keep_with_next = True
        elif block:
            document.add_paragraph(block)

    properties = document.core_properties
    properties.title = title
    properties.author = author
    properties.last_modified_by = author
    properties.comments = ""
    properties.subject = ""
    properties.keywords = ""
    properties.category = "Briefing letter"
    properties.language = LANGUAGE
    properties.created = now
    properties.modified = now
    properties.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def set_language(document) -> None:
    """British English for spelling and grammar checks: the document default and every style that names one."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    language = run_defaults.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        run_defaults.append(language)
    language.set(qn("w:val"), LANGUAGE)
    language.set(qn("w:eastAsia"), LANGUAGE)
    for element in document.styles.element.iter(qn("w:lang")):
        element.set(qn("w:val"), LANGUAGE)
