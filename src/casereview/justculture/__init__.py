"""The just culture guide as an explicit state machine: questions, transitions and outcomes are data
(``guide.yaml``); a run is a sequence of answers, validated and followed to the first outcome.

Plain Python: no Django here.
"""

from .machine import Answered, InvalidRun, Run, all_paths, load_guide_text, run_guide, shipped_guide
from .model import Guide, Outcome, Question, Step

__all__ = [
    "Answered",
    "Guide",
    "InvalidRun",
    "Outcome",
    "Question",
    "Run",
    "Step",
    "all_paths",
    "load_guide_text",
    "run_guide",
    "shipped_guide",
]
