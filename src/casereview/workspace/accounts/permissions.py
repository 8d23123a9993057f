"""Who may do what: the one place the permission rules live.

Roles are held per partnership. Everybody in a partnership may read its reviews; changing them is
limited by the matrix below. Nothing here grants anything across partnerships.
"""

from __future__ import annotations

from enum import StrEnum

from django.db import models


class Role(models.TextChoices):
    BUSINESS_MANAGER = "business_manager", "Business manager"
    BOARD_MEMBER = "board_member", "Board member"
    LEAD_REVIEWER = "lead_reviewer", "Lead reviewer"
    PANEL_MEMBER = "panel_member", "Panel member"
    AGENCY_REPRESENTATIVE = "agency_representative", "Agency representative"
    OBSERVER = "observer", "Observer"


class Action(StrEnum):
    VIEW_REVIEWS = "view_reviews"
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
    # Documents for the board: a review's board report (PDF or Word) and the quality-marker self-assessment
    DOWNLOAD_REPORTS = "download_reports"


PERMISSIONS: dict[Action, frozenset[Role]] = {
    Action.VIEW_REVIEWS: frozenset(Role),
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
    Action.DOWNLOAD_REPORTS: frozenset({Role.BUSINESS_MANAGER, Role.LEAD_REVIEWER}),
}

# Roles that hold an action only on the review they lead. A concern about one practitioner is kept from
# everyone who does not need it: a lead reviewer needs the concerns of their own review, not of others.
OWN_REVIEW_ONLY: dict[Action, frozenset[Role]] = {
    Action.VIEW_CONCERNS: frozenset({Role.LEAD_REVIEWER}),
    Action.RECORD_CONCERNS: frozenset({Role.LEAD_REVIEWER}),
}


def role_may(role: str | None, action: Action, *, leads_the_review: bool = False) -> bool:
    """Whether the role allows the action. ``leads_the_review`` says the user is the lead reviewer named
    on the review in question; without a review it is False, so own-review-only roles get nothing."""
    if role is None or Role(role) not in PERMISSIONS[action]:
        return False
    return leads_the_review or Role(role) not in OWN_REVIEW_ONLY.get(action, frozenset())
