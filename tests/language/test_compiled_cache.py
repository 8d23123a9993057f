"""The compiled rules are kept in a cache file, so only the first process pays for compiling them; a changed,
damaged or unusable cache never changes what is found and never stops the check."""

import logging
import os
import subprocess
import sys
import textwrap
import time

import pytest

from casereview.language import check_text, compile_rules, load_rule_text
from casereview.language.matcher import cache_folder

pytest.importorskip("hyperscan", reason="the compiled-rules cache is for Hyperscan, not installed on this platform")

RULES = textwrap.dedent("""\
    category: counterfactual
    lexicons:
      actor: [the nurse, the GP, the social worker]
    rules:
      - id: failed-to
        severity: warning
        message: Says what did not happen.
        explanation: Why it matters.
        source: Dekker (2014).
        suggestion: Say what did happen.
        patterns:
          - "@actor fail+ to"
    """)

TEXT = "The GP failed to call. The nurse failing to visit was noted. The social worker\nfails to write."


def findings(rules) -> list[tuple[str, str, int]]:
    return [(f.rule_id, f.matched, f.start) for f in check_text(TEXT, rules, model=False).findings]


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("CASEREVIEW_CACHE_DIR", str(folder))
    return folder


def test_the_second_load_reads_what_the_first_compiled(cache):
    first = compile_rules([load_rule_text(RULES)])
    assert first.matcher.database_source == "compiled"
    assert first.matcher.cache_file.parent == cache and first.matcher.cache_file.is_file()
    second = compile_rules([load_rule_text(RULES)])
    assert second.matcher.database_source == "cache"
    assert second.matcher.cache_file == first.matcher.cache_file
    assert findings(second) == findings(first)
    assert findings(second) == [
        ("failed-to", "The GP failed to", 0),
        ("failed-to", "The nurse failing to", 23),
        ("failed-to", "The social worker\nfails to", 61),
    ]
    assert [path.name for path in cache.iterdir()] == [first.matcher.cache_file.name], "no temporary file is left"


def test_the_cache_file_gives_how_far_back_each_match_reaches(cache, monkeypatch):
    from casereview.language import matcher

    regexes = [r"\bthe\s+GP\s+fail\w*\s+to\b", r"\bfail(?:\s+\S+)*\s+to\b"]
    first = matcher.Matcher(regexes)
    assert first.database_source == "compiled"
    assert first.whitespace_runs() == [3.0, float("inf")]

    def parse(regex):
        raise AssertionError("a process reading the cache parses no pattern")

    monkeypatch.setattr(matcher.regex_parser, "parse", parse)
    second = matcher.Matcher(regexes)
    assert second.database_source == "cache"
    assert second.whitespace_runs() == [3.0, float("inf")]


def test_a_second_process_loads_the_rules_the_first_compiled(cache, tmp_path):
    rule_file = tmp_path / "counterfactual.yaml"
    rule_file.write_text(RULES, encoding="utf-8")
    program = (
        "from casereview.language import compile_rules, load_rule_file\n"
        f"rules = compile_rules([load_rule_file({str(rule_file)!r})])\n"
        "print(rules.fingerprint, rules.matcher.database_source, rules.matcher.cache_file.name)\n"
    )

    def run(hash_seed: str) -> list[str]:
        # another seed orders sets and dicts of strings differently: the cache key must not depend on it
        environment = {**os.environ, "PYTHONHASHSEED": hash_seed}
        done = subprocess.run([sys.executable, "-c", program], env=environment, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stdout.split()

    fingerprint, source, name = run("1")
    assert source == "compiled"
    assert run("2") == [fingerprint, "cache", name]


def test_a_changed_pattern_compiles_into_its_own_file(cache):
    before = compile_rules([load_rule_text(RULES)])
    changed = compile_rules([load_rule_text(RULES.replace("fail+ to", "fail+ to ever"))])
    assert changed.matcher.database_source == "compiled"
    assert changed.matcher.cache_file != before.matcher.cache_file
    assert findings(changed) == []
    assert compile_rules([load_rule_text(RULES)]).matcher.database_source == "cache"


DAMAGE = {
    "empty": lambda data: b"",
    "cut short": lambda data: data[: len(data) // 2],
    # Hyperscan itself loads this one without complaint
    "last byte changed": lambda data: data[:-1] + bytes([data[-1] ^ 0xFF]),
    "another program's file": lambda data: b"not a compiled database" + data,
}


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_a_damaged_cache_file_is_compiled_again(cache, damage, caplog):
    expected = findings(compile_rules([load_rule_text(RULES)]))
    cache_file = next(cache.iterdir())
    cache_file.write_bytes(damage(cache_file.read_bytes()))
    with caplog.at_level(logging.INFO, logger="casereview.language.matcher"):
        rebuilt = compile_rules([load_rule_text(RULES)])
    assert rebuilt.matcher.database_source == "compiled"
    assert findings(rebuilt) == expected
    assert all(record.exc_info is None for record in caplog.records), "no traceback"
    assert compile_rules([load_rule_text(RULES)]).matcher.database_source == "cache", "the file was repaired"


def test_a_database_that_does_not_fit_this_hyperscan_is_compiled_again(cache):
    import hashlib

    from casereview.language import matcher

    expected = findings(compile_rules([load_rule_text(RULES)]))
    cache_file = next(cache.iterdir())
    # intact as a file (the digest matches), but not a database this Hyperscan can load
    foreign = b"\x00" * 64
    cache_file.write_bytes(matcher._CACHE_HEADER + hashlib.sha256(foreign).digest() + foreign)
    rebuilt = compile_rules([load_rule_text(RULES)])
    assert rebuilt.matcher.database_source == "compiled"
    assert findings(rebuilt) == expected


def test_a_cache_folder_that_cannot_be_made_still_checks(tmp_path, monkeypatch, caplog):
    # A folder inside a regular file can never be created, not even by root (for whom permissions do not count).
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("CASEREVIEW_CACHE_DIR", str(blocker / "cache"))
    with caplog.at_level(logging.INFO, logger="casereview.language.matcher"):
        rules = compile_rules([load_rule_text(RULES)])
    assert rules.matcher.database_source == "compiled"
    assert len(findings(rules)) == 3
    [warning] = [
        record
        for record in caplog.records
        if record.name == "casereview.language.matcher" and record.levelno >= logging.WARNING
    ]
    assert warning.exc_info is None, "one line, no traceback"
    assert "CASEREVIEW_CACHE_DIR" in warning.getMessage() and str(blocker) in warning.getMessage()
    assert blocker.read_text() == "not a folder"


def test_the_cache_folder_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("CASEREVIEW_CACHE_DIR", str(tmp_path / "chosen"))
    assert cache_folder() == tmp_path / "chosen"
    monkeypatch.delenv("CASEREVIEW_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_folder() == tmp_path / "xdg" / "casereview"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # the XDG specification says to ignore it
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_folder() == tmp_path / "home" / ".cache" / "casereview"


def test_files_of_other_rules_go_once_a_week_old(cache):
    cache.mkdir()
    week_and_a_day_ago = time.time() - 8 * 24 * 3600
    old = cache / "rules-00000000000000000000000000000000.hsdb"
    left_by_a_killed_process = cache / ".rules-00000000000000000000000000000000.hsdb.123-abcd.tmp"
    not_ours = cache / "notes.txt"
    for path in (old, left_by_a_killed_process, not_ours):
        path.write_bytes(b"older rules")
        os.utime(path, (week_and_a_day_ago, week_and_a_day_ago))
    recent = cache / "rules-11111111111111111111111111111111.hsdb"
    recent.write_bytes(b"rules another version may still use")

    rules = compile_rules([load_rule_text(RULES)])

    assert sorted(path.name for path in cache.iterdir()) == sorted(
        [rules.matcher.cache_file.name, recent.name, not_ours.name]
    )
