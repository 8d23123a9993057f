"""The typed model of a quality-marker framework.

A framework file holds only what its source says. Anything the source did not give us is listed under
a marker's ``missing`` so pages can say so plainly instead of inventing it.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Section(StrEnum):
    """The sections of a marker page, in the order the published pages give them."""

    STATEMENT = "statement"
    RATIONALE = "rationale"
    INDICATORS = "indicators"
    KNOWLEDGE_BASE = "knowledge_base"
    EQUALITY_AND_DIVERSITY = "equality_and_diversity"
    STATUTORY_LINKS = "statutory_links"
    OBSTACLES = "obstacles"


class Evidence(StrEnum):
    """Records in a review's workspace that can show evidence for an indicator, named on the indicator."""

    PARTIES_TOLD = "parties_told"
    PURPOSE_COMMUNICATIONS = "purpose_communications"
    COMPLICATING_CIRCUMSTANCES = "complicating_circumstances"
    LEARNING_FRAMEWORK = "learning_framework"
    TIMELINESS = "timeliness"  # the review's steps against their timescales (workspace/clocks)
    # What the review found and recommended, and the actions on it (workspace/findings)
    FINDINGS = "findings"
    RECOMMENDATIONS = "recommendations"
    ACTIONS = "actions"


class Records(StrEnum):
    """Sets of a review's records that a framework file can name as evidence for a whole marker."""

    PURPOSE = "purpose"
    CIRCUMSTANCES = "circumstances"
    LEARNING = "learning"  # findings, recommendations and actions


class CircumstanceKind(StrEnum):
    """Kinds of complicating circumstance a marker's evidence can be narrowed to (``circumstances: KIND``)."""

    MEDIA = "media"
    POLITICAL = "political"
    DISCIPLINARY = "disciplinary"
    BLAME_SEEKING = "blame-seeking"
    BELOW_STANDARD = "below-standard"
    PARALLEL_PROCESS = "parallel-process"
    FAMILY = "family"
    OTHER = "other"


# What each set of records shows, in the order a page shows it.
RECORDS_EVIDENCE: dict[Records, tuple[Evidence, ...]] = {
    Records.PURPOSE: (Evidence.PARTIES_TOLD, Evidence.PURPOSE_COMMUNICATIONS, Evidence.COMPLICATING_CIRCUMSTANCES),
    Records.CIRCUMSTANCES: (Evidence.COMPLICATING_CIRCUMSTANCES,),
    Records.LEARNING: (Evidence.FINDINGS, Evidence.RECOMMENDATIONS, Evidence.ACTIONS),
}

SECTION_TITLES: dict[Section, str] = {
    Section.STATEMENT: "Quality statement",
    Section.RATIONALE: "Rationale",
    Section.INDICATORS: "How might you know if you are meeting this quality marker?",
    Section.KNOWLEDGE_BASE: "Knowledge base",
    Section.EQUALITY_AND_DIVERSITY: "Equality and diversity",
    Section.STATUTORY_LINKS: "Link to statutory guidance & inspection criteria",
    Section.OBSTACLES: "Tackling some common obstacles",
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Citation(_Strict):
    """A work a point cites. ``source`` is how the source itself cites it, word for word, so it is what the page
    shows as the source's; ``added`` is a fuller citation casereview adds, which the page marks as added."""

    source: Text
    added: Text | None = None


class Point(_Strict):
    """A point of a knowledge base or statutory link, with the works it cites and any note we add beside it.

    ``added_note`` is casereview's own words (for example what has changed in the guidance since the source was
    published): the page shows it apart from the source's text and marks it as added.
    """

    text: Text
    citations: tuple[Citation, ...] = ()
    added_note: Text | None = None
    added_note_source: Text | None = Field(default=None, description="Where the added note's facts come from.")


class Indicator(_Strict):
    """One question of a marker. ``id`` is stable: recorded answers are keyed by it."""

    id: Slug
    text: Text
    role: Slug | None = None
    evidence: Evidence | None = Field(default=None, description="Records that show evidence for this question.")
    cut_off: bool = Field(
        default=False,
        description="The source text stops part-way through this question: it is not offered for an answer.",
    )

    @property
    def answerable(self) -> bool:
        return not self.cut_off


class MarkerEvidence(_Strict):
    """Records that evidence a whole marker, as a framework file names them: ``purpose``, ``circumstances`` or
    ``circumstances: KIND`` (only the complicating circumstances of that kind)."""

    records: Records
    circumstance_kind: CircumstanceKind | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_file(cls, value: object) -> object:
        if isinstance(value, str):
            return {"records": value}
        if isinstance(value, dict) and len(value) == 1 and "records" not in value:
            ((records, kind),) = value.items()
            return {"records": records, "circumstance_kind": kind}
        return value

    @model_validator(mode="after")
    def _kind_only_for_circumstances(self) -> MarkerEvidence:
        if self.circumstance_kind is not None and self.records is not Records.CIRCUMSTANCES:
            raise ValueError(f"only circumstances can be narrowed to a kind, not {self.records.value}")
        return self

    @property
    def kinds(self) -> tuple[Evidence, ...]:
        return RECORDS_EVIDENCE[self.records]


class Missing(_Strict):
    """A part of the marker page that this copy does not hold."""

    section: Section | None = None
    note: Text


class Marker(_Strict):
    id: Slug
    number: int = Field(ge=1)
    title: Text
    group: Slug
    source_url: Text | None = None
    statement: Text | None = None
    rationale: tuple[Text, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    indicators_complete: bool
    knowledge_base: tuple[Point, ...] = ()
    equality_and_diversity: tuple[Text, ...] = ()
    statutory_links: tuple[Point, ...] = ()
    obstacles: tuple[Text, ...] = ()
    obstacles_evidence: Evidence | None = Field(
        default=None, description="Records that show how the partnership tackles these obstacles."
    )
    evidence: tuple[MarkerEvidence, ...] = Field(default=(), description="Records that evidence the whole marker.")
    notes: tuple[Text, ...] = ()
    missing: tuple[Missing, ...] = ()

    @property
    def answerable_indicators(self) -> tuple[Indicator, ...]:
        return tuple(indicator for indicator in self.indicators if indicator.answerable)

    @property
    def cut_off_count(self) -> int:
        return sum(1 for indicator in self.indicators if indicator.cut_off)

    @property
    def is_complete(self) -> bool:
        return not self.missing and self.indicators_complete and not self.cut_off_count

    @property
    def questions_complete(self) -> bool:
        """Whether every question of the published marker is held and can be answered."""
        return self.indicators_complete and not self.cut_off_count

    @property
    def evidence_under_questions(self) -> frozenset[Evidence]:
        return frozenset(i.evidence for i in self.answerable_indicators if i.evidence is not None)

    @property
    def marker_evidence(self) -> tuple[tuple[Evidence, CircumstanceKind | None], ...]:
        """The evidence the file names for the whole marker that no question of it already shows, in order:
        each kind with the circumstance kind it is narrowed to, if any."""
        shown = set(self.evidence_under_questions)
        result = []
        for item in self.evidence:
            for kind in item.kinds:
                if kind not in shown:
                    shown.add(kind)
                    result.append((kind, item.circumstance_kind))
        return tuple(result)

    @property
    def needed_evidence(self) -> frozenset[Evidence]:
        """Every kind of evidence the marker's page shows: under its questions, for the whole marker and for
        its obstacles."""
        kinds = set(self.evidence_under_questions) | {kind for kind, _ in self.marker_evidence}
        if self.obstacles_evidence is not None:
            kinds.add(self.obstacles_evidence)
        return frozenset(kinds)

    def evidenced_by(self, records: Records) -> bool:
        """Whether the framework file names ``records`` as evidence for this marker."""
        return any(item.records is records for item in self.evidence)

    def indicators_by_role(self) -> list[tuple[str | None, tuple[Indicator, ...]]]:
        """Runs of consecutive indicators addressed to the same role, in published order."""
        runs: list[tuple[str | None, list[Indicator]]] = []
        for indicator in self.indicators:
            if runs and runs[-1][0] == indicator.role:
                runs[-1][1].append(indicator)
            else:
                runs.append((indicator.role, [indicator]))
        return [(role, tuple(indicators)) for role, indicators in runs]

    def indicator(self, indicator_id: str) -> Indicator:
        for indicator in self.indicators:
            if indicator.id == indicator_id:
                return indicator
        raise KeyError(f"marker {self.id!r} has no indicator {indicator_id!r}")

    def missing_notes(self, section: Section | None) -> tuple[str, ...]:
        return tuple(item.note for item in self.missing if item.section == section)

    def shows(self, section: Section) -> bool:
        """Whether the page has anything to say under ``section``: content, or that it is missing."""
        content = {
            Section.STATEMENT: self.statement,
            Section.RATIONALE: self.rationale,
            Section.INDICATORS: self.indicators,
            Section.KNOWLEDGE_BASE: self.knowledge_base,
            Section.EQUALITY_AND_DIVERSITY: self.equality_and_diversity,
            Section.STATUTORY_LINKS: self.statutory_links,
            Section.OBSTACLES: self.obstacles,
        }[section]
        return bool(content) or bool(self.missing_notes(section))


class Group(_Strict):
    id: Slug
    title: Text


class Role(_Strict):
    """Who a question is addressed to (the SAR markers group their questions by role)."""

    id: Slug
    title: Text


class Framework(_Strict):
    id: Slug
    title: Text
    short_title: Text
    publisher: Text
    year: int
    source_url: Text
    summary: Text
    copy_note: Text = Field(description="What this copy is and how it was made.")
    roles: tuple[Role, ...] = ()
    groups: tuple[Group, ...]
    markers: tuple[Marker, ...]

    def marker(self, marker_id: str) -> Marker:
        for marker in self.markers:
            if marker.id == marker_id:
                return marker
        raise KeyError(f"framework {self.id!r} has no marker {marker_id!r}")

    def markers_in(self, group_id: str) -> tuple[Marker, ...]:
        return tuple(marker for marker in self.markers if marker.group == group_id)

    def markers_evidenced_by(self, records: Records) -> tuple[Marker, ...]:
        return tuple(marker for marker in self.markers if marker.evidenced_by(records))

    def role_title(self, role_id: str | None) -> str | None:
        for role in self.roles:
            if role.id == role_id:
                return role.title
        return None
