"""Statutory clocks: working days in England and Wales, the steps of each review type as data, and each step's
due date and status.

Plain Python: no Django here.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .clocks import Clock, State, Status, compute_due_dates, due_soon, late_count, next_due, status_of
    from .loader import (
        StepsError,
        customise,
        load_shipped_data,
        load_steps_file,
        load_steps_text,
        shipped_step_sets,
        step_problems,
        steps_for,
    )
    from .model import KEY_DATES, REVIEW_TYPES, Basis, Direction, Period, Source, Step, StepSet, Unit
    from .workdays import (
        WorkingCalendar,
        add_months,
        add_working_days,
        bank_holidays,
        is_working_day,
        load_bank_holidays,
        preload,
        startup_years,
        working_days_between,
    )

# Loaded on first use, so that a command needing only working days (``casereview workdays``) does not pay for the
# step files' models (pydantic), which cost about half a second to import.
_MODULES: dict[str, str] = {
    "Basis": "model",
    "Clock": "clocks",
    "Direction": "model",
    "KEY_DATES": "model",
    "Period": "model",
    "REVIEW_TYPES": "model",
    "Source": "model",
    "State": "clocks",
    "Status": "clocks",
    "Step": "model",
    "StepSet": "model",
    "StepsError": "loader",
    "Unit": "model",
    "WorkingCalendar": "workdays",
    "add_months": "workdays",
    "add_working_days": "workdays",
    "bank_holidays": "workdays",
    "compute_due_dates": "clocks",
    "customise": "loader",
    "due_soon": "clocks",
    "is_working_day": "workdays",
    "late_count": "clocks",
    "load_bank_holidays": "workdays",
    "load_shipped_data": "loader",
    "load_steps_file": "loader",
    "load_steps_text": "loader",
    "next_due": "clocks",
    "preload": "workdays",
    "shipped_step_sets": "loader",
    "startup_years": "workdays",
    "status_of": "clocks",
    "step_problems": "loader",
    "steps_for": "loader",
    "working_days_between": "workdays",
}


def __getattr__(name: str):
    if name in _MODULES:
        return getattr(importlib.import_module(f".{_MODULES[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "KEY_DATES",
    "REVIEW_TYPES",
    "Basis",
    "Clock",
    "Direction",
    "Period",
    "Source",
    "State",
    "Status",
    "Step",
    "StepSet",
    "StepsError",
    "Unit",
    "WorkingCalendar",
    "add_months",
    "add_working_days",
    "bank_holidays",
    "compute_due_dates",
    "customise",
    "due_soon",
    "is_working_day",
    "late_count",
    "load_bank_holidays",
    "load_shipped_data",
    "load_steps_file",
    "load_steps_text",
    "next_due",
    "preload",
    "shipped_step_sets",
    "startup_years",
    "status_of",
    "step_problems",
    "steps_for",
    "working_days_between",
]
