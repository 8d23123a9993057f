"""Load the rule files, check them, and compile every pattern of every rule into one matcher."""

from __future__ import annotations

import functools
import hashlib
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from casereview.datafiles import DataFileError, Located, Problem, duplicates, read_text, read_yaml, validate

from .matcher import Matcher
from .model import Category, Rule, RuleFile, Severity
from .patterns import PatternError, compile_pattern

RULES_DIR = Path(__file__).parent / "rules"
WHAT = "language rule file"

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
    located = read_yaml(text, file, "language rule file (category and rules)")
    rule_file = validate(RuleFile, located, WHAT)
    problems = list(_pattern_problems(rule_file, located))
    if problems:
        raise RuleError(problems)
    return rule_file


def load_rule_file(path: str | Path) -> RuleFile:
    return load_rule_text(read_text(path), str(path))


def compile_rules(rule_files: Iterable[RuleFile], *, prefer_hyperscan: bool = True) -> RuleSet:
    """One matcher for every pattern of every rule. Rule ids must be unique across files."""
    rules, pattern_rules, regexes = [], [], []
    seen: set[str] = set()
    for rule_file in rule_files:
        for rule in rule_file.rules:
            if rule.id in seen:
                raise RuleError([Problem("<rules>", 1, f"rule id '{rule.id}' is used in two files: rename one.")])
            seen.add(rule.id)
            compiled = CompiledRule(rule, rule_file.category)
            rules.append(compiled)
            for pattern in rule.patterns:
                regexes.append(compile_pattern(pattern, rule_file.lexicons))
                pattern_rules.append(compiled)
    # the compiled patterns carry the word lists; the rules carry messages, exceptions and severities
    content = repr(([(c.category.value, c.rule) for c in rules], regexes))
    fingerprint = hashlib.sha256(content.encode("utf-8")).hexdigest()
    return RuleSet(
        tuple(rules), tuple(pattern_rules), Matcher(regexes, prefer_hyperscan=prefer_hyperscan), fingerprint[:16]
    )


# Held while the shipped rules are first compiled, so requests arriving together wait for one compilation
# instead of each running their own.
_shipped_lock = threading.Lock()


def shipped_rules(prefer_hyperscan: bool = True) -> RuleSet:
    """The rules that ship with casereview, compiled once per process."""
    with _shipped_lock:
        return _compile_shipped_rules(prefer_hyperscan)


@functools.cache
def _compile_shipped_rules(prefer_hyperscan: bool) -> RuleSet:
    return compile_rules(
        (load_rule_file(path) for path in sorted(RULES_DIR.glob("*.yaml"))), prefer_hyperscan=prefer_hyperscan
    )
