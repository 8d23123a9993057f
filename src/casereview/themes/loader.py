"""Load and check the themes file."""

from __future__ import annotations

import functools
from pathlib import Path

from casereview.datafiles import DataFileError, duplicates, read_text, read_yaml, validate

from .model import ThemeList

THEMES_FILE = Path(__file__).parent / "themes.yaml"


def load_themes_text(text: str, file: str = "<text>") -> ThemeList:
    located = read_yaml(text, file, "theme list (title, sources, themes)")
    themes = validate(ThemeList, located, "theme list")
    problems = [
        located.problem(path, f"theme id '{value}' is used twice: give each theme its own id.")
        for value, path in duplicates((t.id, ("themes", i, "id")) for i, t in enumerate(themes.themes))
    ]
    known = {source.id for source in themes.sources}
    for index, theme in enumerate(themes.themes):
        if not theme.sources:
            problems.append(located.problem(("themes", index, "sources"), "a theme needs at least one source."))
        for source_id in theme.sources:
            if source_id not in known:
                problems.append(
                    located.problem(
                        ("themes", index, "sources"),
                        f"source '{source_id}' is not in the list's sources: add it there or correct the id.",
                    )
                )
    if problems:
        raise DataFileError(problems)
    return themes


@functools.cache
def shipped_themes() -> ThemeList:
    return load_themes_text(read_text(THEMES_FILE), str(THEMES_FILE))
