"""Models of organisational accident causation (Learning Together, London Protocol, SEIPS, Reason) as
data files, loaded and checked like the frameworks.

Plain Python: no Django here.
"""

from .loader import load_model_text, shipped_models
from .model import Category, CausationModel

__all__ = ["Category", "CausationModel", "load_model_text", "shipped_models"]
