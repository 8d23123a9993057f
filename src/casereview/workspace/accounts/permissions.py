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


PERMISSIONS: dict[Action, frozenset[Role]] = {
    Action.VIEW_REVIEWS: frozenset(Role),
    Action.CREATE_REVIEW: frozenset({Role.BUSINESS_MANAGER}),
    Action.EDIT_REVIEW: frozenset({Role.BUSINESS_MANAGER}),
    Action.EDIT_ASSESSMENT: frozenset({Role.BUSINESS_MANAGER, Role.LEAD_REVIEWER}),
    Action.EDIT_PURPOSE_RECORDS: frozenset({Role.BUSINESS_MANAGER, Role.LEAD_REVIEWER}),
    Action.EDIT_LEARNING_FRAMEWORK: frozenset({Role.BUSINESS_MANAGER}),
}


def role_may(role: str | None, action: Action) -> bool:
    return role is not None and Role(role) in PERMISSIONS[action]
