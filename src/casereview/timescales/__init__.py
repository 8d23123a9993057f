"""Statutory clocks: working days in England and Wales, the steps of each review type as data, and each step's
due date and status.

Plain Python: no Django here.
"""

from .clocks import Clock, State, Status, compute_due_dates, due_soon, late_count, next_due, status_of
from .loader import StepsError, customise, load_steps_file, load_steps_text, shipped_step_sets, step_problems, steps_for
from .model import KEY_DATES, REVIEW_TYPES, Basis, Direction, Period, Source, Step, StepSet, Unit
from .workdays import (
    WorkingCalendar,
    add_months,
    add_working_days,
    bank_holidays,
    is_working_day,
    preload,
    working_days_between,
)

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
    "load_steps_file",
    "load_steps_text",
    "next_due",
    "preload",
    "shipped_step_sets",
    "status_of",
    "step_problems",
    "steps_for",
    "working_days_between",
]
