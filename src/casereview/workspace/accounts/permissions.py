"""Who may do what: the one place the permission rules live.

Roles are held per partnership. Everybody in a partnership may read its reviews; changing them is
limited by the matrix below. Nothing here grants anything across partnerships.
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db import models


class Role(models.TextChoices):
    BUSINESS_MANAGER = "business_manager", "Business manager"
    BOARD_MEMBER = "board_member", "Board member"
    LEAD_REVIEWER = "lead_reviewer", "Lead reviewer"
    PANEL_MEMBER = "panel_member", "Panel member"
    AGENCY_REPRESENTATIVE = "agency_representative", "Agency representative"
    OBSERVER = "observer", "Observer"
    # Someone in one agency who keeps that agency's actions up to date; their membership names the agency.
    AGENCY_LEAD = "agency_lead", "Agency lead"


class Action(StrEnum):
    VIEW_REVIEWS = "view_reviews"
    # The files kept with a review (uploaded evidence, letters as sent): an agency lead keeps their agency's actions
    # up to date from the recommendations and findings, and needs none of them
    VIEW_DOCUMENTS = "view_documents"
    CREATE_REVIEW = "create_review"
    EDIT_REVIEW = "edit_review"
    EDIT_ASSESSMENT = "edit_assessment"
    EDIT_PURPOSE_RECORDS = "edit_purpose_records"
    EDIT_LEARNING_FRAMEWORK = "edit_learning_framework"
    # Concerns about one person's practice, their guide runs and the log of information shared with agencies
    VIEW_CONCERNS = "view_concerns"
    RECORD_CONCERNS = "record_concerns"
    VIEW_CONCERN_OPENINGS = "view_concern_openings"
    VIEW_AUDIT_TRAIL = "view_audit_trail"
    EDIT_SECURITY_POLICY = "edit_security_policy"
    # Statutory clocks: done dates, lateness reasons, pauses and extensions; closure days and local timescales
    RECORD_STEPS = "record_steps"
    EDIT_TIMESCALES = "edit_timescales"
    # One review carried whole to another installation or partnership (a zip file), and brought in from one
    EXPORT_REVIEW = "export_review"
    EXPORT_CONCERNS = "export_concerns"
    IMPORT_REVIEW = "import_review"
    # Findings, recommendations and the board's response to them; the actions planned for each; their progress
    EDIT_FINDINGS = "edit_findings"
    PLAN_ACTIONS = "plan_actions"
    UPDATE_ACTIONS = "update_actions"
    # Documents for the board: a review's board report (PDF or Word) and the quality-marker self-assessment
    DOWNLOAD_REPORTS = "download_reports"


PERMISSIONS: dict[Action, frozenset[Role]] = {
    Action.VIEW_REVIEWS: frozenset(Role),
    Action.VIEW_DOCUMENTS: frozenset(Role) - {Role.AGENCY_LEAD},
    Action.CREATE_REVIEW: frozenset({Role.BUSINESS_MANAGER}),
    Action.EDIT_REVIEW: frozenset({Role.BUSINESS_MANAGER}),
    Action.EDIT_ASSESSMENT: frozenset({Role.BUSINESS_MANAGER, Role.LEAD_REVIEWER}),
    Action.EDIT_PURPOSE_RECORDS: frozenset({Role.BUSINESS_MANAGER, Role.LEAD_REVIEWER}),
    Action.EDIT_LEARNING_FRAMEWORK: frozenset({Role.BUSINESS_MANAGER}),
    Action.VIEW_CONCERNS: frozenset({Role.BUSINESS_MANAGER, Role.BOARD_MEMBER, Role.LEAD_REVIEWER}),
    Action.RECORD_CONCERNS: frozenset({Role.BUSINESS_MANAGER, Role.LEAD_REVIEWER}),
    Action.VIEW_CONCERN_OPENINGS: frozenset({Role.BUSINESS_MANAGER, Role.BOARD_MEMBER}),
    Action.VIEW_AUDIT_TRAIL: frozenset({Role.BUSINESS_MANAGER}),
    Action.EDIT_SECURITY_POLICY: frozenset({Role.BUSINESS_MANAGER}),
    Action.RECORD_STEPS: frozenset({Role.BUSINESS_MANAGER}),
    Action.EDIT_TIMESCALES: frozenset({Role.BUSINESS_MANAGER}),
    Action.EXPORT_REVIEW: frozenset({Role.BUSINESS_MANAGER, Role.LEAD_REVIEWER}),
    Action.EXPORT_CONCERNS: frozenset({Role.BUSINESS_MANAGER}),
    Action.IMPORT_REVIEW: frozenset({Role.BUSINESS_MANAGER}),
    Action.EDIT_FINDINGS: frozenset({Role.BUSINESS_MANAGER, Role.LEAD_REVIEWER}),
    Action.PLAN_ACTIONS: frozenset({Role.BUSINESS_MANAGER}),
    Action.UPDATE_ACTIONS: frozenset({Role.BUSINESS_MANAGER, Role.AGENCY_LEAD}),
    Action.DOWNLOAD_REPORTS: frozenset({Role.BUSINESS_MANAGER, Role.LEAD_REVIEWER}),
}

# Roles that hold an action only on the review they lead. A concern about one practitioner is kept from
# everyone who does not need it: a lead reviewer needs the concerns of their own review, not of others.
OWN_REVIEW_ONLY: dict[Action, frozenset[Role]] = {
    Action.VIEW_CONCERNS: frozenset({Role.LEAD_REVIEWER}),
    Action.RECORD_CONCERNS: frozenset({Role.LEAD_REVIEWER}),
    # The independent reviewer a review is handed to takes it to their own organisation's installation; another
    # review's lead reviewer has no reason to carry this one out.
    Action.EXPORT_REVIEW: frozenset({Role.LEAD_REVIEWER}),
}


# What a member is told when their role does not allow an action: one wording per action, whichever page or
# service refuses it.
REFUSALS: dict[Action, str] = {
    Action.VIEW_REVIEWS: "Only members of the partnership can read its reviews.",
    Action.VIEW_DOCUMENTS: (
        "Only members of the partnership other than agency leads open the review's documents: an agency lead keeps "
        "their agency's actions up to date from the recommendations and findings. Ask a business manager if you "
        "need a document."
    ),
    Action.CREATE_REVIEW: "Only a business manager of a partnership can add a review to its register.",
    Action.EDIT_REVIEW: (
        "Only a business manager of the partnership can change a review's register entry, or close, archive or "
        "restore a review."
    ),
    Action.EDIT_ASSESSMENT: (
        "Only the partnership's business managers and lead reviewers can change an assessment. You can read it."
    ),
    Action.EDIT_PURPOSE_RECORDS: (
        "Only the partnership's business managers and lead reviewers can change the records of the review's "
        "purpose. You can read them."
    ),
    Action.EDIT_LEARNING_FRAMEWORK: (
        "Only a business manager of the partnership can change its learning framework or add its own themes."
    ),
    Action.VIEW_CONCERNS: (
        "Concerns about one person's practice are kept apart from the review's learning. Only the "
        "partnership's business managers and board members, and the lead reviewer of this review, can open them."
    ),
    Action.RECORD_CONCERNS: (
        "Only the partnership's business managers and the lead reviewer of this review can record concerns, "
        "run the just culture guide and log information shared with agencies."
    ),
    Action.VIEW_CONCERN_OPENINGS: (
        "Only the partnership's business managers and board members can see who opened a concern."
    ),
    Action.VIEW_AUDIT_TRAIL: "Only the partnership's business managers can read its audit trail.",
    Action.EDIT_SECURITY_POLICY: "Only a business manager of the partnership can change its security policy.",
    Action.RECORD_STEPS: (
        "Only the partnership's business managers record when steps were done, and pauses or extensions. "
        "Everyone on the review can see them on the review's page."
    ),
    Action.EDIT_TIMESCALES: "Only a business manager of the partnership can change its closure days and timescales.",
    Action.EXPORT_REVIEW: (
        "Only the partnership's business managers, and the lead reviewer of this review, can export it."
    ),
    Action.EXPORT_CONCERNS: (
        "Concerns about one person's practice are kept apart from the review's learning. Only the partnership's "
        "business managers can export them with the review."
    ),
    Action.IMPORT_REVIEW: "Only a business manager of the partnership can import a review into it.",
    Action.EDIT_FINDINGS: (
        "Only the partnership's business managers and lead reviewers record findings and recommendations. "
        "You can read them."
    ),
    Action.PLAN_ACTIONS: "Only the partnership's business managers plan actions. You can read them.",
    Action.UPDATE_ACTIONS: (
        "Only the partnership's business managers, and the agency lead of the agency the action belongs to, "
        "record its progress. You can read it."
    ),
    Action.DOWNLOAD_REPORTS: (
        "Only the partnership's business managers and lead reviewers can download reports for the board."
    ),
}


class NotAllowed(PermissionDenied):
    """The user's role does not allow the action. The web layer answers with the 403 page, worded from
    ``REFUSALS`` and leading back to the review if there is one.

    Raise only once the object was found through the user's own memberships, so a refusal never confirms
    that another partnership's record exists (those are ``NotFound`` before we get here).
    """

    def __init__(self, action: Action, review=None):
        super().__init__(REFUSALS[action])
        self.action = action
        self.review = review


class NotFound(Exception):
    """No such record among the user's own: another partnership's is not found either, so we never confirm it
    exists. The web layer answers with the 404 page."""


# Roles that hold an action only on the records of the agency their membership names: an agency lead updates
# their own agency's actions, not another's.
OWN_AGENCY_ONLY: dict[Action, frozenset[Role]] = {
    Action.UPDATE_ACTIONS: frozenset({Role.AGENCY_LEAD}),
}


def role_may(role: str | None, action: Action, *, leads_the_review: bool = False, of_own_agency: bool = False) -> bool:
    """Whether the role allows the action. ``leads_the_review`` says the user is the lead reviewer named
    on the review in question; without a review it is False, so own-review-only roles get nothing.
    ``of_own_agency`` says the record in question is of the agency the user's membership names; without
    such a record it is False, so own-agency-only roles get nothing."""
    if role is None or Role(role) not in PERMISSIONS[action]:
        return False
    if Role(role) in OWN_AGENCY_ONLY.get(action, frozenset()):
        return of_own_agency
    return leads_the_review or Role(role) not in OWN_REVIEW_ONLY.get(action, frozenset())
