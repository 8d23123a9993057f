"""Load framework files and explain every problem with the file, the line and what to do."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .model import Framework

FRAMEWORKS_DIR = Path(__file__).parent / "frameworks"

PathKey = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class FrameworkError(Exception):
    """A framework file could not be loaded. ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


def _compose(text: str, file: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        problem = error.problem or "the YAML could not be read"
        raise FrameworkError(
            [
                Problem(
                    file,
                    line,
                    f"YAML syntax error: {problem}. Check the indentation and quoting "
                    "on this line and the one before it.",
                )
            ]
        ) from error


def _to_python(node: yaml.Node, path: PathKey, lines: dict[PathKey, int], file: str) -> Any:
    """Turn a YAML node into plain data, remembering the line where each value starts.

    Walking the nodes ourselves also refuses a key given twice, which PyYAML would silently overwrite.
    """
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            if key in result:
                raise FrameworkError(
                    [
                        Problem(
                            file,
                            key_node.start_mark.line + 1,
                            f"the key '{key}' is given twice here: keep one of them.",
                        )
                    ]
                )
            result[key] = _to_python(value_node, (*path, key), lines, file)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(item, (*path, index), lines, file) for index, item in enumerate(node.value)]
    return yaml.SafeLoader("").construct_object(node, deep=True)


def _line_for(path: PathKey, lines: dict[PathKey, int]) -> int:
    for end in range(len(path), -1, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return 1


def _describe(path: PathKey) -> str:
    parts = []
    for part in path:
        parts.append(f"[{part}]" if isinstance(part, int) else f".{part}" if parts else str(part))
    return "".join(parts) or "the file"


def _pydantic_problems(error: ValidationError, lines: dict[PathKey, int], file: str) -> Iterator[Problem]:
    for item in error.errors():
        path: PathKey = tuple(part for part in item["loc"] if not str(part).startswith("function-"))
        where = _describe(path)
        kind = item["type"]
        if kind == "missing":
            message = f"{where} is required but not given: add it."
        elif kind == "extra_forbidden":
            message = f"{where} is not a field a framework file can have: remove it or check its spelling."
        elif kind == "string_pattern_mismatch":
            message = (
                f"{where} must be lower-case words joined by hyphens (like 'clarity-of-purpose'), "
                f"not {item['input']!r}."
            )
        else:
            message = f"{where}: {item['msg']} (found {item['input']!r})."
        yield Problem(file, _line_for(path, lines), message)


def _duplicates(values: Iterable[tuple[str, PathKey]]) -> Iterator[tuple[str, PathKey]]:
    seen: set[str] = set()
    for value, path in values:
        if value in seen:
            yield value, path
        seen.add(value)


def _cross_reference_problems(framework: Framework, lines: dict[PathKey, int], file: str) -> Iterator[Problem]:
    group_ids = [group.id for group in framework.groups]
    role_ids = {role.id for role in framework.roles}
    for value, path in _duplicates((g.id, ("groups", i, "id")) for i, g in enumerate(framework.groups)):
        yield Problem(file, _line_for(path, lines), f"group id '{value}' is used twice: give each group its own id.")
    for value, path in _duplicates((m.id, ("markers", i, "id")) for i, m in enumerate(framework.markers)):
        yield Problem(file, _line_for(path, lines), f"marker id '{value}' is used twice: give each marker its own id.")
    for number, path in _duplicates((str(m.number), ("markers", i, "number")) for i, m in enumerate(framework.markers)):
        yield Problem(
            file, _line_for(path, lines), f"marker number {number} is used twice: number the markers in order."
        )
    for index, marker in enumerate(framework.markers):
        if marker.group not in group_ids:
            yield Problem(
                file,
                _line_for(("markers", index, "group"), lines),
                f"marker '{marker.id}' names the group '{marker.group}', which is not in this file's groups "
                f"({', '.join(group_ids)}): use one of those or add the group.",
            )
        indicator_paths = (
            (ind.id, ("markers", index, "indicators", i, "id")) for i, ind in enumerate(marker.indicators)
        )
        for value, path in _duplicates(indicator_paths):
            yield Problem(
                file,
                _line_for(path, lines),
                f"indicator id '{value}' is used twice in marker '{marker.id}': answers are kept by "
                "this id, so each must be different.",
            )
        for i, indicator in enumerate(marker.indicators):
            if indicator.role is not None and indicator.role not in role_ids:
                yield Problem(
                    file,
                    _line_for(("markers", index, "indicators", i, "role"), lines),
                    f"indicator '{indicator.id}' of marker '{marker.id}' names the role '{indicator.role}', which is "
                    "not in this file's roles: use one of those or add the role.",
                )


def load_framework_text(text: str, file: str = "<text>") -> Framework:
    """Parse and validate a framework from YAML text; raise FrameworkError listing every problem."""
    node = _compose(text, file)
    if node is None:
        raise FrameworkError(
            [Problem(file, 1, "the file is empty: a framework file needs id, title, groups and markers.")]
        )
    lines: dict[PathKey, int] = {}
    data = _to_python(node, (), lines, file)
    if not isinstance(data, dict):
        raise FrameworkError([Problem(file, 1, "the file must be a mapping of fields (id, title, groups, markers).")])
    try:
        framework = Framework.model_validate(data)
    except ValidationError as error:
        raise FrameworkError(list(_pydantic_problems(error, lines, file))) from error
    problems = list(_cross_reference_problems(framework, lines, file))
    if problems:
        raise FrameworkError(problems)
    return framework


def load_framework_file(path: str | Path) -> Framework:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise FrameworkError([Problem(str(path), 1, "there is no such file: check the path.")]) from error
    except UnicodeDecodeError as error:
        raise FrameworkError([Problem(str(path), 1, "the file is not UTF-8 text: save it again as UTF-8.")]) from error
    return load_framework_text(text, str(path))


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
