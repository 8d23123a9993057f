"""A bad rule file is refused with the file, the line and what to do."""

import textwrap

import pytest

from casereview.language import RuleError, compile_rules, load_rule_file, load_rule_text, shipped_rules

GOOD = textwrap.dedent("""\
    category: counterfactual
    lexicons:
      actor: [the nurse, the GP]
    rules:
      - id: failed-to
        severity: warning
        message: Says what did not happen.
        explanation: Why it matters.
        source: Dekker (2014).
        suggestion: Say what did happen.
        patterns:
          - "@actor fail+ to"
        exceptions: [negation]
    """)


def problems(text: str) -> list[tuple[int, str]]:
    with pytest.raises(RuleError) as caught:
        load_rule_text(text, "rules.yaml")
    return [(p.line, p.message) for p in caught.value.problems]


def test_the_shipped_rules_load_into_one_matcher():
    rules = shipped_rules()
    assert {c.category.value for c in rules.rules} == {
        "counterfactual",
        "hindsight",
        "judgemental",
        "blame",
        "learning",
    }
    assert len(rules.pattern_rules) == len(rules.matcher.regexes) > 50


def test_a_good_file_loads_and_its_pattern_matches_every_form():
    rules = compile_rules([load_rule_text(GOOD)])
    matches, _, _ = rules.matcher.scan("The GP fails to call. The nurse failing to visit. The nurse\nfailed to write.")
    assert len(matches) == 3


def test_a_missing_message_names_its_line():
    assert problems(GOOD.replace("    message: Says what did not happen.\n", "")) == [
        (5, "rules[0].message is required but not given: add it.")
    ]


def test_an_unknown_lexicon_is_refused_at_the_pattern():
    found = problems(GOOD.replace('"@actor fail+ to"', '"@actors fail+ to"'))
    assert found == [(12, "pattern '@actors fail+ to': the lexicon '@actors' is not defined in this file's lexicons.")]


def test_a_broken_pattern_is_explained():
    found = problems(GOOD.replace('"@actor fail+ to"', '"(the|a nurse fail+ to"'))
    assert found[0][0] == 12 and "a '(' is not closed" in found[0][1]


def test_an_unknown_exception_and_category_are_refused():
    found = problems(GOOD.replace("exceptions: [negation]", "exceptions: [politeness]"))
    assert found[0][0] == 13 and "politeness" in found[0][1]
    found = problems(GOOD.replace("category: counterfactual", "category: rudeness"))
    assert found[0][0] == 1 and "rudeness" in found[0][1]


def test_a_duplicate_rule_id_points_at_the_second():
    second = GOOD.split("rules:\n")[1]
    assert problems(GOOD + second)[0] == (14, "rule id 'failed-to' is used twice: give each rule its own id.")


def test_only_learning_rules_are_signals():
    found = problems(GOOD.replace("severity: warning", "severity: signal"))
    assert found[0][0] == 6 and "only they, have severity 'signal'" in found[0][1]


def test_yaml_syntax_error_names_the_line():
    found = problems(GOOD.replace("    severity: warning", "    severity: [warning"))
    assert found[0][0] in (6, 7) and found[0][1].startswith("YAML syntax error")


def test_a_file_without_rules_is_refused():
    assert problems("category: hindsight\nrules: []\n") == [
        (2, "the file has no rules: add at least one, or delete the file.")
    ]


def test_the_fingerprint_changes_with_any_rule_and_only_then():
    from casereview.language import compile_rules, load_rule_text

    def fingerprint(message: str) -> str:
        text = (
            "category: blame\nrules:\n  - id: who-failed\n    severity: error\n"
            f"    message: {message}\n    explanation: Blame.\n    source: Dekker (2012)\n"
            "    suggestion: Ask why.\n    patterns: ['who failed']\n"
        )
        return compile_rules([load_rule_text(text)]).fingerprint

    assert fingerprint("Looks for someone to blame.") == fingerprint("Looks for someone to blame.")
    assert fingerprint("Looks for someone to blame.") != fingerprint("Sets out to find who is at fault.")


def test_a_pattern_too_large_for_hyperscan_names_its_rule_file_and_line(tmp_path, monkeypatch):
    from casereview.language import matcher

    if matcher.hyperscan is None:
        pytest.skip("hyperscan is not installed on this platform: re takes any pattern the language allows")
    monkeypatch.setenv(matcher.CACHE_VARIABLE, str(tmp_path / "cache"))
    # thirty runs of up to four words each is more than Hyperscan will build with start offsets
    sprawling = "the " + " ".join(["..."] * 30) + " end"
    folder = tmp_path / "rules"
    folder.mkdir()
    path = folder / "counterfactual.yaml"
    path.write_text(GOOD.replace('"@actor fail+ to"', f'"@actor fail+ to"\n      - "{sprawling}"'), encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        compile_rules([load_rule_file(path)])
    [problem] = caught.value.problems
    assert (problem.file, problem.line) == (str(path), 13)
    assert problem.message.startswith("rule 'failed-to': the matcher (Hyperscan) refused pattern 'the ... ")
    assert "Pattern is too large." in problem.message
    assert "Split it into two or more shorter patterns" in problem.message


def test_a_stored_check_goes_stale_when_the_checkers_reading_changes_though_no_data_file_does(monkeypatch):
    from casereview.language import check

    before = check.fingerprint()
    monkeypatch.setattr(check, "METHOD", check.METHOD + 1)
    assert check.fingerprint() != before
