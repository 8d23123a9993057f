"""What of a review goes into its file: each kind of record, its fields, the people it names and the records of the
file it points to. Export and import both read this table, so a new kind of record is one entry here and one in
the schema (see docs/export-format.md)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models

from casereview.causation import shipped_models
from casereview.justculture import shipped_guide
from casereview.markers import get_framework


def _unknown_marker(entry: dict) -> str | None:
    """Why an answer or judgement names a marker (or question) this installation's frameworks lack, or None."""
    try:
        marker = get_framework(entry["framework_id"]).marker(entry["marker_id"])
        if "indicator_id" in entry:
            marker.indicator(entry["indicator_id"])
    except KeyError as missing:
        return f"it names a quality marker casereview does not have here ({missing.args[0]})"
    return None


def _unknown_guide_step(entry: dict) -> str | None:
    """Why a guide run or answer names a guide, outcome or question the shipped guide lacks, or None."""
    guide = shipped_guide()
    try:
        if "guide_id" in entry and entry["guide_id"] != guide.id:
            return f"it was run with the guide '{entry['guide_id']}', which casereview does not have here"
        if entry.get("outcome_id"):
            guide.outcome(entry["outcome_id"])
        if "question_id" in entry:
            guide.question(entry["question_id"])
    except KeyError as missing:
        return f"it names a step of the just culture guide casereview does not have here ({missing.args[0]})"
    return None


def _unknown_causation(entry: dict) -> str | None:
    """Why a finding is coded to a causation model, or a category of it, this installation lacks, or None. The model
    need not be the one the receiving partnership has agreed: a finding keeps the model it was coded to."""
    if not entry["categories"]:
        return None
    model = shipped_models().get(entry["causation_model_id"])
    if model is None:
        model_id = entry["causation_model_id"]
        return f"it is coded to the causation model '{model_id}', which casereview does not have here"
    known = {category.id for category in model.categories}
    unknown = [code for code in entry["categories"] if code not in known]
    if unknown:
        return f"it is coded to '{unknown[0]}', which is not a category of {model.title} here"
    return None


@dataclass(frozen=True)
class Kind:
    """One kind of record in ``review.json``: the array ``key`` under ``records``.

    ``fields`` are copied as they are (dates and times as ISO 8601 text). ``people`` are foreign keys to an account,
    written as ``{"username", "name"}``. ``links`` are foreign keys to records of the same file, written as the
    other record's ``id`` in the file: {field: kind key}. ``many`` the same for many-to-many fields.
    ``review_path`` is how a record reaches its review, for export's query; a record whose path is "review" is
    given the new review on import, others reach it through a link. ``concerns`` marks the records that go into a
    file only when concerns are asked for. ``group_lists`` are JSON lists of party groups, checked on import.
    """

    key: str
    model_label: str
    fields: tuple[str, ...]
    people: tuple[str, ...] = ()
    links: dict[str, str] = field(default_factory=dict)
    many: dict[str, str] = field(default_factory=dict)
    review_path: str = "review"
    concerns: bool = False
    group_lists: tuple[str, ...] = ()  # JSON lists of party groups (purpose.PartyGroup values)
    unknown: Callable[[dict], str | None] | None = None  # what in the entry a data file here lacks, checked on import

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.model_label)


# The review itself: its register entry.
REVIEW = Kind(
    key="review",
    model_label="reviews.review",
    fields=(
        "reference",
        "review_type",
        "stage",
        "framework_id",
        "incident_date",
        "aware_date",  # schema version 2 (optional: a file without it takes it from notification_date)
        "notification_date",
        "decision_date",
        "initiation_date",
        "publication_date",
        "closed_on",
        "closure_reason",
        "archived_at",
        "created_at",
        "updated_at",
        "last_finding_number",  # optional: a file without them counts the numbers of its own records
        "last_recommendation_number",
    ),
    people=("lead_reviewer", "created_by"),
    review_path="",
)
# Fields of the register entry a file may lack, each with what import takes in its place (see services).
OPTIONAL_REVIEW_FIELDS = ("aware_date", "last_finding_number", "last_recommendation_number")


def _of_review(key: str, model_label: str, fields: str, *, by: str = "recorded_by", **more) -> Kind:
    """A kind of record of the review: its fields named in one string, in the file's order, and the account that
    made the record (every kind names one)."""
    return Kind(key, model_label, tuple(fields.split()), people=(by,), **more)


# In an order that lets each record's links be made as it is created: a kind comes after those it points to.
KINDS: tuple[Kind, ...] = (
    _of_review("documents", "documents.document", "original_name kind size sha256 uploaded_at", by="uploaded_by"),
    _of_review("purpose_statements", "purpose.purposestatement", "version text written_at", by="written_by"),
    _of_review("groups_not_applicable", "purpose.groupnotapplicable", "group reason marked_at", by="marked_by"),
    _of_review("parties", "purpose.party", "group role organisation name added_at removed_at", by="added_by"),
    _of_review(
        "communications",
        "purpose.communication",
        "date channel groups summary explained_purpose receipt_confirmed receipt_not_needed logged_at",
        by="logged_by",
        links={"attachment": "documents"},
        many={"parties": "parties"},
        group_lists=("groups",),
    ),
    _of_review(
        "circumstances",
        "purpose.circumstance",
        "kind description identified_on acknowledged_on acknowledged_how acknowledged_to shareable_text share_with "
        "recorded_at",
        group_lists=("share_with",),
    ),
    _of_review(
        "letter_drafts",
        "purpose.letterdraft",
        "group version title letter_date contact text saved_at",
        by="saved_by",
        links={"document": "documents"},
    ),
    _of_review(
        "indicator_answers",
        "assessments.indicatoranswer",
        "framework_id marker_id indicator_id answer evidence version answered_at",
        by="answered_by",
        unknown=_unknown_marker,
    ),
    _of_review(
        "marker_judgements",
        "assessments.markerjudgement",
        "framework_id marker_id judgement rationale confirmation version judged_at",
        by="judged_by",
        unknown=_unknown_marker,
    ),
    _of_review(
        "step_records",
        "clocks.steprecord",
        "step_id done_on lateness_reason recorded_at",
        links={"circumstance": "circumstances"},
    ),
    _of_review("extensions", "clocks.extension", "step_id kind due_on reason agreed_by agreed_on recorded_at"),
    _of_review(
        "concerns", "concerns.concern", "kind description role organisation name raised_on recorded_at", concerns=True
    ),
    _of_review(
        "guide_runs",
        "concerns.guiderun",
        "number guide_id outcome_id started_at finished_at",
        by="started_by",
        links={"concern": "concerns"},
        review_path="concern__review",
        concerns=True,
        unknown=_unknown_guide_step,
    ),
    _of_review(
        "guide_answers",
        "concerns.guideanswer",
        "position question_id answer note answered_at",
        by="answered_by",
        links={"run": "guide_runs"},
        review_path="run__concern__review",
        concerns=True,
        unknown=_unknown_guide_step,
    ),
    _of_review(
        "disclosures",
        "concerns.disclosure",
        "what shared_with shared_on why recorded_at",
        links={"concern": "concerns", "circumstance": "circumstances"},
        concerns=True,
    ),
    # Schema version 2: the learning and what is done about it. A finding's themes are theme ids: the shipped
    # list's, or the partnership's own, which the file carries by name in ``own_themes`` (see services).
    _of_review(
        "findings",
        "findings.finding",
        "number statement evidence causation_model_id categories themes created_at recorded_at",
        many={"documents": "documents"},
        unknown=_unknown_causation,
    ),
    _of_review(
        "recommendations",
        "findings.recommendation",
        "number text to_board agencies made_on response response_reason created_at recorded_at",
        many={"findings": "findings"},
    ),
    _of_review(
        "actions",
        "findings.improvementaction",
        "description agency responsible due_on status not_doing_reason done_on done_evidence created_at recorded_at",
        links={"recommendation": "recommendations"},
        review_path="recommendation__review",
    ),
    _of_review(
        "progress_notes",
        "findings.progressnote",
        "noted_on text recorded_at",
        links={"action": "actions"},
        review_path="action__recommendation__review",
    ),
    _of_review(
        "impacts",
        "findings.impact",
        "what_changed how_known checked_on recorded_at",
        links={"action": "actions"},
        review_path="action__recommendation__review",
    ),
)

BY_KEY = {kind.key: kind for kind in KINDS}
