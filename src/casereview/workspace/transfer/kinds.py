"""What of a review goes into its file: each kind of record, its fields, the people it names and the records of the
file it points to. Export and import both read this table, so a new kind of record is one entry here and one in
the schema (see docs/export-format.md)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models

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
        "notification_date",
        "decision_date",
        "initiation_date",
        "publication_date",
        "closed_on",
        "closure_reason",
        "archived_at",
        "created_at",
        "updated_at",
    ),
    people=("lead_reviewer", "created_by"),
    review_path="",
)

# In an order that lets each record's links be made as it is created: a kind comes after those it points to.
KINDS: tuple[Kind, ...] = (
    Kind(
        "documents",
        "documents.document",
        ("original_name", "kind", "size", "sha256", "uploaded_at"),
        people=("uploaded_by",),
    ),
    Kind("purpose_statements", "purpose.purposestatement", ("version", "text", "written_at"), people=("written_by",)),
    Kind(
        "groups_not_applicable", "purpose.groupnotapplicable", ("group", "reason", "marked_at"), people=("marked_by",)
    ),
    Kind(
        "parties",
        "purpose.party",
        ("group", "role", "organisation", "name", "added_at", "removed_at"),
        people=("added_by",),
    ),
    Kind(
        "communications",
        "purpose.communication",
        (
            "date",
            "channel",
            "groups",
            "summary",
            "explained_purpose",
            "receipt_confirmed",
            "receipt_not_needed",
            "logged_at",
        ),
        people=("logged_by",),
        links={"attachment": "documents"},
        many={"parties": "parties"},
        group_lists=("groups",),
    ),
    Kind(
        "circumstances",
        "purpose.circumstance",
        (
            "kind",
            "description",
            "identified_on",
            "acknowledged_on",
            "acknowledged_how",
            "acknowledged_to",
            "shareable_text",
            "share_with",
            "recorded_at",
        ),
        people=("recorded_by",),
        group_lists=("share_with",),
    ),
    Kind(
        "letter_drafts",
        "purpose.letterdraft",
        ("group", "version", "title", "letter_date", "contact", "text", "saved_at"),
        people=("saved_by",),
        links={"document": "documents"},
    ),
    Kind(
        "indicator_answers",
        "assessments.indicatoranswer",
        ("framework_id", "marker_id", "indicator_id", "answer", "evidence", "version", "answered_at"),
        people=("answered_by",),
        unknown=_unknown_marker,
    ),
    Kind(
        "marker_judgements",
        "assessments.markerjudgement",
        ("framework_id", "marker_id", "judgement", "rationale", "confirmation", "version", "judged_at"),
        people=("judged_by",),
        unknown=_unknown_marker,
    ),
    Kind(
        "step_records",
        "clocks.steprecord",
        ("step_id", "done_on", "lateness_reason", "recorded_at"),
        people=("recorded_by",),
        links={"circumstance": "circumstances"},
    ),
    Kind(
        "extensions",
        "clocks.extension",
        ("step_id", "kind", "due_on", "reason", "agreed_by", "agreed_on", "recorded_at"),
        people=("recorded_by",),
    ),
    Kind(
        "concerns",
        "concerns.concern",
        ("kind", "description", "role", "organisation", "name", "raised_on", "recorded_at"),
        people=("recorded_by",),
        concerns=True,
    ),
    Kind(
        "guide_runs",
        "concerns.guiderun",
        ("number", "guide_id", "outcome_id", "started_at", "finished_at"),
        people=("started_by",),
        links={"concern": "concerns"},
        review_path="concern__review",
        concerns=True,
        unknown=_unknown_guide_step,
    ),
    Kind(
        "guide_answers",
        "concerns.guideanswer",
        ("position", "question_id", "answer", "note", "answered_at"),
        people=("answered_by",),
        links={"run": "guide_runs"},
        review_path="run__concern__review",
        concerns=True,
        unknown=_unknown_guide_step,
    ),
    Kind(
        "disclosures",
        "concerns.disclosure",
        ("what", "shared_with", "shared_on", "why", "recorded_at"),
        people=("recorded_by",),
        links={"concern": "concerns", "circumstance": "circumstances"},
        concerns=True,
    ),
)

BY_KEY = {kind.key: kind for kind in KINDS}
