"""Quality-marker frameworks: the typed model, the file loader and the roll-up of answers.

Plain Python: no Django here.
"""

from .loader import FrameworkError, Problem, get_framework, load_framework_file, load_framework_text, shipped_frameworks
from .model import (
    SECTION_TITLES,
    CircumstanceKind,
    Citation,
    Evidence,
    Framework,
    Group,
    Indicator,
    Marker,
    MarkerEvidence,
    Missing,
    Point,
    Records,
    Role,
    Section,
)
from .rollup import (
    Answer,
    GroupSummary,
    JudgedCount,
    Judgement,
    MarkerSummary,
    Progress,
    judgement_against_answers,
    summarise_framework,
    summarise_marker,
)

__all__ = [
    "SECTION_TITLES",
    "Answer",
    "CircumstanceKind",
    "Citation",
    "Evidence",
    "Framework",
    "FrameworkError",
    "Group",
    "GroupSummary",
    "Indicator",
    "JudgedCount",
    "Judgement",
    "Marker",
    "MarkerEvidence",
    "MarkerSummary",
    "Missing",
    "Point",
    "Problem",
    "Progress",
    "Records",
    "Role",
    "Section",
    "get_framework",
    "judgement_against_answers",
    "load_framework_file",
    "load_framework_text",
    "shipped_frameworks",
    "summarise_framework",
    "summarise_marker",
]
