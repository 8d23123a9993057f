"""Load the rule files, check them, and compile every pattern of every rule into one matcher."""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import threading
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from casereview.datafiles import DataFileError, Located, Problem, duplicates, read_text, read_yaml, validate

from .matcher import Matcher, PatternRefused, cache_folder, write_cache_file
from .model import Category, Exception_, Explained, Rule, RuleFile, Severity, Signal
from .patterns import PatternError, compile_pattern

RULES_DIR = Path(__file__).parent / "rules"
CATEGORY_TEXTS = Path(__file__).parent / "classifier" / "categories.yaml"
WHAT = "language rule file"
# The code that turns the files into what the cache holds: a change to it must not be served stale files.
_READERS = [Path(__file__).parent / name for name in ("loader.py", "model.py", "schema.py", "patterns.py")]
_CACHE_VERSION = "1"

log = logging.getLogger(__name__)

RuleError = DataFileError


@dataclass(frozen=True)
class CompiledRule:
    rule: Rule
    category: Category


@dataclass(frozen=True)
class RuleSet:
    """Every rule, and the matcher that finds all their patterns in one pass."""

    rules: tuple[CompiledRule, ...]
    pattern_rules: tuple[CompiledRule, ...]  # the rule of each compiled pattern, by pattern index
    matcher: Matcher
    # Changes whenever any rule does: stored wording checks made under other rules are stale.
    fingerprint: str = ""

    @functools.cached_property
    def by_id(self) -> dict[str, CompiledRule]:
        return {compiled.rule.id: compiled for compiled in self.rules}


def _pattern_problems(rule_file: RuleFile, located: Located) -> Iterator[Problem]:
    if not rule_file.rules:
        yield located.problem(("rules",), "the file has no rules: add at least one, or delete the file.")
    for value, path in duplicates((rule.id, ("rules", i, "id")) for i, rule in enumerate(rule_file.rules)):
        yield located.problem(path, f"rule id '{value}' is used twice: give each rule its own id.")
    for index, rule in enumerate(rule_file.rules):
        is_learning = rule_file.category is Category.LEARNING
        if is_learning != (rule.severity is Severity.SIGNAL):
            yield located.problem(
                ("rules", index, "severity"),
                "learning rules, and only they, have severity 'signal'"
                + ("" if is_learning else f": give '{rule.id}' info, warning or error."),
            )
        if is_learning and rule.signal is None:
            yield located.problem(("rules", index), f"learning rule '{rule.id}' needs a signal: say which it shows.")
        for number, pattern in enumerate(rule.patterns):
            try:
                compile_pattern(pattern, rule_file.lexicons)
            except PatternError as error:
                yield located.problem(("rules", index, "patterns", number), f"pattern {pattern!r}: {error}.")


def load_rule_text(text: str, file: str = "<text>") -> RuleFile:
    from .schema import RuleFileSchema

    located = read_yaml(text, file, "language rule file (category and rules)")
    rule_file = replace(validate(RuleFileSchema, located, WHAT).plain(), file=file)
    problems = list(_pattern_problems(rule_file, located))
    if problems:
        raise RuleError(problems)
    return rule_file


def load_rule_file(path: str | Path) -> RuleFile:
    return load_rule_text(read_text(path), str(path))


def compile_rules(rule_files: Iterable[RuleFile], *, prefer_hyperscan: bool = True) -> RuleSet:
    """One matcher for every pattern of every rule. Rule ids must be unique across files."""
    rules, pattern_rules, regexes = [], [], []
    # the file, rule and pattern each compiled pattern comes from, to point at it if the matcher refuses it
    origins: list[tuple[RuleFile, int, int]] = []
    seen: set[str] = set()
    for rule_file in rule_files:
        for rule_index, rule in enumerate(rule_file.rules):
            if rule.id in seen:
                raise RuleError([Problem("<rules>", 1, f"rule id '{rule.id}' is used in two files: rename one.")])
            seen.add(rule.id)
            compiled = CompiledRule(rule, rule_file.category)
            rules.append(compiled)
            for number, pattern in enumerate(rule.patterns):
                regexes.append(compile_pattern(pattern, rule_file.lexicons))
                pattern_rules.append(compiled)
                origins.append((rule_file, rule_index, number))
    # the compiled patterns carry the word lists; the rules carry messages, exceptions and severities
    content = json.dumps([[(c.category.value, asdict(c.rule)) for c in rules], regexes], sort_keys=True)
    fingerprint = hashlib.sha256(content.encode("utf-8")).hexdigest()
    try:
        matcher = Matcher(regexes, prefer_hyperscan=prefer_hyperscan)
    except PatternRefused as refused:
        raise RuleError([_refused_problem(*origins[refused.index], refused.reason)]) from refused
    return RuleSet(tuple(rules), tuple(pattern_rules), matcher, fingerprint[:16])


def _refused_problem(rule_file: RuleFile, rule_index: int, number: int, reason: str) -> Problem:
    """What a rule author is told when Hyperscan refuses a pattern that the pattern language accepts: the
    rule, the file and line, and what to do."""
    rule = rule_file.rules[rule_index]
    message = (
        f"rule '{rule.id}': the matcher (Hyperscan) refused pattern {rule.patterns[number]!r}: {reason} "
        "Split it into two or more shorter patterns of the same rule (each word list or run of '...' and "
        "optional words makes a pattern larger)."
    )
    where = ("rules", rule_index, "patterns", number)
    try:
        return read_yaml(read_text(rule_file.file), rule_file.file, WHAT).problem(where, message)
    except DataFileError:
        return Problem(rule_file.file or "<rules>", 1, message)


# Held while the shipped rules are first compiled, so requests arriving together wait for one compilation
# instead of each running their own.
_shipped_lock = threading.Lock()


def shipped_rules(prefer_hyperscan: bool = True) -> RuleSet:
    """The rules that ship with casereview, compiled once per process."""
    with _shipped_lock:
        return _compile_shipped_rules(prefer_hyperscan)


@functools.cache
def _compile_shipped_rules(prefer_hyperscan: bool) -> RuleSet:
    rule_files, _ = _shipped_files()
    return compile_rules(rule_files, prefer_hyperscan=prefer_hyperscan)


def shipped_explained() -> dict[Category, Explained]:
    """What the sentence model's findings say, per category (``classifier/categories.yaml``)."""
    return _shipped_files()[1]


def load_explained(path: Path = CATEGORY_TEXTS) -> dict[Category, Explained]:
    from .schema import LearnedFileSchema

    located = read_yaml(read_text(path), str(path), "sentence model categories")
    return validate(LearnedFileSchema, located, "sentence model categories file").plain()


@functools.cache
def _shipped_files() -> tuple[list[RuleFile], dict[Category, Explained]]:
    """The shipped rule files and category texts, validated. Validating needs pydantic and YAML parsing, a
    quarter of a second, so what they gave is kept in the cache folder as JSON under a digest of the files
    and of the code that reads them; a later process reads that instead, until any of them changes."""
    paths = [*sorted(RULES_DIR.glob("*.yaml")), CATEGORY_TEXTS]
    digest = hashlib.sha256(_CACHE_VERSION.encode())
    for path in [*paths, *_READERS]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    folder = cache_folder()
    cache_file = None if folder is None else folder / f"loaded-{digest.hexdigest()[:32]}.json"
    if cache_file is not None:
        try:
            return _from_plain(json.loads(cache_file.read_text(encoding="utf-8")))
        except FileNotFoundError:
            pass
        except (OSError, ValueError, KeyError, TypeError) as error:
            log.info("The cached language rules in %s cannot be read (%r): reading the rule files.", cache_file, error)
    rule_files = [load_rule_file(path) for path in paths[:-1]]
    explained = load_explained(paths[-1])
    if cache_file is not None:
        plain = {
            "files": [asdict(rule_file) for rule_file in rule_files],
            "explained": {category.value: asdict(about) for category, about in explained.items()},
        }
        write_cache_file(cache_file, json.dumps(plain).encode("utf-8"))
    return rule_files, explained


def _from_plain(data: dict) -> tuple[list[RuleFile], dict[Category, Explained]]:
    rule_files = [
        RuleFile(
            category=Category(item["category"]),
            lexicons={name: tuple(entries) for name, entries in item["lexicons"].items()},
            rules=tuple(
                Rule(
                    **{
                        **rule,
                        "severity": Severity(rule["severity"]),
                        "patterns": tuple(rule["patterns"]),
                        "exceptions": tuple(Exception_(e) for e in rule["exceptions"]),
                        "signal": None if rule["signal"] is None else Signal(rule["signal"]),
                    }
                )
                for rule in item["rules"]
            ),
            file=item["file"],
        )
        for item in data["files"]
    ]
    explained = {Category(name): Explained(**about) for name, about in data["explained"].items()}
    return rule_files, explained
