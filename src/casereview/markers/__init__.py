"""Quality-marker frameworks: the typed model, the file loader and the roll-up of answers.

Plain Python: no Django here.
"""

from .loader import FrameworkError, Problem, get_framework, load_framework_file, load_framework_text, shipped_frameworks
from .model import SECTION_TITLES, Evidence, Framework, Group, Indicator, Marker, Missing, Point, Role, Section
from .rollup import Answer, GroupSummary, Judgement, MarkerSummary, Progress, summarise_framework, summarise_marker

__all__ = [
    "SECTION_TITLES",
    "Answer",
    "Evidence",
    "Framework",
    "FrameworkError",
    "Group",
    "GroupSummary",
    "Indicator",
    "Judgement",
    "Marker",
    "MarkerSummary",
    "Missing",
    "Point",
    "Problem",
    "Progress",
    "Role",
    "Section",
    "get_framework",
    "load_framework_file",
    "load_framework_text",
    "shipped_frameworks",
    "summarise_framework",
    "summarise_marker",
]
