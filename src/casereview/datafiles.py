"""Reading the project's YAML data files (frameworks, language rules) into typed models, reporting every
problem with the file, the line and what to do. Plain Python: used by several engines."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:  # pydantic and PyYAML take a quarter of a second to import: only reading a file needs them
    import yaml
    from pydantic import BaseModel, ValidationError

PathKey = tuple[str | int, ...]
Model = TypeVar("Model", bound="BaseModel")


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class DataFileError(Exception):
    """A data file could not be loaded. ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


@dataclass(frozen=True)
class Located:
    """Plain data read from a file, with the line where each value starts, to point problems at."""

    data: Any
    file: str
    lines: dict[PathKey, int]

    def line_for(self, path: PathKey) -> int:
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return 1

    def problem(self, path: PathKey, message: str) -> Problem:
        return Problem(self.file, self.line_for(path), message)


def _to_python(
    node: yaml.Node, path: PathKey, lines: dict[PathKey, int], file: str, scalars: yaml.constructor.SafeConstructor
) -> Any:
    """Turn a YAML node into plain data, remembering the line where each value starts; ``scalars`` turns
    each scalar into its value (one constructor for the whole file: making one costs more than using it).

    Walking the nodes ourselves also refuses a key given twice, which PyYAML would silently overwrite.
    """
    import yaml

    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            if key in result:
                message = f"the key '{key}' is given twice here: keep one of them."
                raise DataFileError([Problem(file, key_node.start_mark.line + 1, message)])
            result[key] = _to_python(value_node, (*path, key), lines, file, scalars)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(item, (*path, index), lines, file, scalars) for index, item in enumerate(node.value)]
    return scalars.construct_object(node, deep=True)


def read_yaml(text: str, file: str, what: str) -> Located:
    """Parse YAML text into a mapping with line numbers; ``what`` names the kind of file for messages."""
    import yaml

    # libyaml's parser where PyYAML was built with it (it is in the wheels): the same nodes and line marks,
    # ten times faster than the pure-Python one, which took a tenth of a second for the language rules alone.
    try:
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        problem = error.problem or "the YAML could not be read"
        message = f"YAML syntax error: {problem}. Check the indentation and quoting on this line and the one before it."
        raise DataFileError([Problem(file, line, message)]) from error
    if node is None:
        raise DataFileError([Problem(file, 1, f"the file is empty: it should hold a {what}.")])
    lines: dict[PathKey, int] = {}
    data = _to_python(node, (), lines, file, yaml.constructor.SafeConstructor())
    if not isinstance(data, dict):
        raise DataFileError([Problem(file, 1, f"the file must be a mapping of fields: a {what}.")])
    return Located(data, file, lines)


def read_text(path: str | Path) -> str:
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError as error:
        raise DataFileError([Problem(str(path), 1, "there is no such file: check the path.")]) from error
    except OSError as error:
        reason = error.strerror or str(error)
        raise DataFileError([Problem(str(path), 1, f"the file cannot be read ({reason}): check it.")]) from error
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise DataFileError(
            [Problem(str(path), line, "the file is not UTF-8 text: save it again as UTF-8.")]
        ) from error
    return text.replace("\r\n", "\n").replace("\r", "\n")  # as reading in text mode does


def _describe(path: PathKey) -> str:
    parts: list[str] = []
    for part in path:
        parts.append(f"[{part}]" if isinstance(part, int) else f".{part}" if parts else str(part))
    return "".join(parts) or "the file"


def _validation_problems(error: ValidationError, located: Located, what: str) -> Iterator[Problem]:
    for item in error.errors():
        path: PathKey = tuple(part for part in item["loc"] if not str(part).startswith("function-"))
        where = _describe(path)
        kind = item["type"]
        if kind == "missing":
            message = f"{where} is required but not given: add it."
        elif kind == "extra_forbidden":
            message = f"{where} is not a field a {what} can have: remove it or check its spelling."
        elif kind == "string_pattern_mismatch":
            message = (
                f"{where} must be lower-case words joined by hyphens (like 'clarity-of-purpose'), "
                f"not {item['input']!r}."
            )
        else:
            message = f"{where}: {item['msg']} (found {item['input']!r})."
        yield located.problem(path, message)


def validate(model: type[Model], located: Located, what: str) -> Model:
    """The file's data as ``model``, or DataFileError listing every field problem with its line."""
    from pydantic import ValidationError

    try:
        return model.model_validate(located.data)
    except ValidationError as error:
        raise DataFileError(list(_validation_problems(error, located, what))) from error


def duplicates(values: Iterable[tuple[str, PathKey]]) -> Iterator[tuple[str, PathKey]]:
    """Each value seen before, with where it stands, so the second one can be pointed at."""
    seen: set[str] = set()
    for value, path in values:
        if value in seen:
            yield value, path
        seen.add(value)
