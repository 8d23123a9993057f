"""Themes of safeguarding reviews (neglect, domestic abuse, self-neglect, information sharing ...) as a data file
with named sources, and the recurrence of findings across reviews by the words they share.

Plain Python: no Django here.
"""

from .loader import load_themes_text, shipped_themes
from .model import Theme, ThemeList

__all__ = ["Theme", "ThemeList", "load_themes_text", "shipped_themes"]
