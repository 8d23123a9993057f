"""Load framework files and explain every problem with the file, the line and what to do."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path

from casereview.datafiles import DataFileError, Located, Problem, duplicates, read_text, read_yaml, validate

from .model import Framework

FRAMEWORKS_DIR = Path(__file__).parent / "frameworks"
WHAT = "framework file"

# A framework's problems are data-file problems; the old names stay for callers that think in frameworks.
FrameworkError = DataFileError
__all__ = ["FrameworkError", "Problem", "get_framework", "load_framework_file", "load_framework_text"]


def _cross_reference_problems(framework: Framework, located: Located) -> Iterator[Problem]:
    group_ids = [group.id for group in framework.groups]
    role_ids = {role.id for role in framework.roles}
    for value, path in duplicates((g.id, ("groups", i, "id")) for i, g in enumerate(framework.groups)):
        yield located.problem(path, f"group id '{value}' is used twice: give each group its own id.")
    for value, path in duplicates((m.id, ("markers", i, "id")) for i, m in enumerate(framework.markers)):
        yield located.problem(path, f"marker id '{value}' is used twice: give each marker its own id.")
    numbers = ((str(m.number), ("markers", i, "number")) for i, m in enumerate(framework.markers))
    for number, path in duplicates(numbers):
        yield located.problem(path, f"marker number {number} is used twice: number the markers in order.")
    for index, marker in enumerate(framework.markers):
        if marker.group not in group_ids:
            yield located.problem(
                ("markers", index, "group"),
                f"marker '{marker.id}' names the group '{marker.group}', which is not in this file's groups "
                f"({', '.join(group_ids)}): use one of those or add the group.",
            )
        indicator_ids = ((ind.id, ("markers", index, "indicators", i, "id")) for i, ind in enumerate(marker.indicators))
        for value, path in duplicates(indicator_ids):
            yield located.problem(
                path,
                f"indicator id '{value}' is used twice in marker '{marker.id}': answers are kept by "
                "this id, so each must be different.",
            )
        for section in ("knowledge_base", "statutory_links"):
            for point_index, point in enumerate(getattr(marker, section)):
                for citation_index, citation in enumerate(point.citations):
                    # The source's own citation is shown as the source's: it must be the point's own words.
                    absent = [word for word in citation.source.split() if word not in point.text]
                    if absent:
                        yield located.problem(
                            ("markers", index, section, point_index, "citations", citation_index, "source"),
                            f"citation '{citation.source}' of marker '{marker.id}' is not in the words of its point "
                            f"({', '.join(absent)} not found): give the citation as the source gives it, and put a "
                            "fuller citation under 'added'.",
                        )
        for i, indicator in enumerate(marker.indicators):
            if indicator.role is not None and indicator.role not in role_ids:
                yield located.problem(
                    ("markers", index, "indicators", i, "role"),
                    f"indicator '{indicator.id}' of marker '{marker.id}' names the role '{indicator.role}', which "
                    "is not in this file's roles: use one of those or add the role.",
                )


def load_framework_text(text: str, file: str = "<text>") -> Framework:
    """Parse and validate a framework from YAML text; raise FrameworkError listing every problem."""
    located = read_yaml(text, file, "framework (id, title, groups and markers)")
    framework = validate(Framework, located, WHAT)
    problems = list(_cross_reference_problems(framework, located))
    if problems:
        raise FrameworkError(problems)
    return framework


def load_framework_file(path: str | Path) -> Framework:
    return load_framework_text(read_text(path), str(path))


@functools.cache
def shipped_frameworks() -> dict[str, Framework]:
    """The frameworks that ship with casereview, by id. Loaded once per process."""
    frameworks = {}
    for path in sorted(FRAMEWORKS_DIR.glob("*.yaml")):
        framework = load_framework_file(path)
        frameworks[framework.id] = framework
    return frameworks


def get_framework(framework_id: str) -> Framework:
    try:
        return shipped_frameworks()[framework_id]
    except KeyError:
        raise KeyError(f"no framework with id {framework_id!r}") from None
