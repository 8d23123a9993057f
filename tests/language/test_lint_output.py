"""What `casereview lint` writes: JSON laid out byte for byte as the standard library lays it out, holding
what each finding says; the words that weighed most found only for the findings shown, and the same."""

import io
import json
import os

import pytest

from casereview.language import check_text, lint
from casereview.language.documents import read_document
from casereview.language.model import Category, Severity

from .test_fast_paths import review_text

PROBLEMS = frozenset(c for c in Category if c.is_problem)


def plain_document(files, missing, options):
    """The JSON document made the plain way: every finding explained, then those shown kept."""
    listed, rules = [], {}
    for path in files:
        report = check_text(read_document(path), explain=True)
        shown = [f for f in report.findings if lint.shown(f, options)]
        listed.append({"path": str(path), "words": report.words, "findings": [f.as_dict() for f in shown]})
        for finding in shown:
            rules.setdefault(finding.rule_id, finding.rule_dict())
    unreadable = [{"path": str(path), "reason": "no such file or folder"} for path in missing]
    return {"files": listed, "rules": dict(sorted(rules.items())), "unreadable": unreadable}


@pytest.mark.parametrize("categories", [PROBLEMS, frozenset(Category), frozenset({Category.LEARNING})])
@pytest.mark.parametrize("batch", [7, lint._BATCH])
def test_lint_json_is_the_standard_librarys_of_what_each_finding_says(tmp_path, monkeypatch, categories, batch):
    monkeypatch.setattr(lint, "_BATCH", batch)  # findings are written a batch at a time
    report = tmp_path / "report.txt"
    report.write_text(review_text(40_000), encoding="utf-8")
    # a name with what JSON must escape, and one beyond ASCII, which it must not
    odd = tmp_path / 'Zoë\'s "draft"\\ \u2028 letter.md'
    odd.write_text("The GP failed to refer.\nIt was clearly a risk.\n", encoding="utf-8")
    clean = tmp_path / "clean.txt"
    clean.write_text("The panel met in May.\n", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    options = lint.Options(categories, Severity.INFO, None, "json")
    out = io.StringIO()
    lint.run([str(report), str(odd), str(clean), str(missing)], options, out, io.StringIO())
    written = out.getvalue()
    expected = plain_document([report, odd, clean], [missing], options)
    assert written == json.dumps(expected, indent=2, ensure_ascii=False) + "\n"
    findings = expected["files"][0]["findings"]
    assert len(findings) > 50 and any(f["weighed"] for f in findings)
    assert expected["files"][2]["findings"] == []


def test_lint_json_with_nothing_checked(tmp_path):
    options = lint.Options(PROBLEMS, Severity.INFO, None, "json")
    out = io.StringIO()
    assert lint.run([str(tmp_path / "missing.txt")], options, out, io.StringIO()) == lint.EXIT_USAGE
    unreadable = [{"path": str(tmp_path / "missing.txt"), "reason": "no such file or folder"}]
    expected = {"files": [], "rules": {}, "unreadable": unreadable}
    assert out.getvalue() == json.dumps(expected, indent=2, ensure_ascii=False) + "\n"


@pytest.mark.parametrize(("output", "second_looks"), [("text", False), ("text", True), ("json", False), ("json", True)])
def test_lint_shows_what_it_shows_when_every_finding_is_explained(tmp_path, monkeypatch, output, second_looks):
    """lint has the words that weighed most found only for the categories it shows (by default not the
    learning signals, most of the model's findings): what it writes is what it writes when they are found
    for every finding."""
    path = tmp_path / "report.txt"
    path.write_text(review_text(60_000), encoding="utf-8")
    options = lint.Options(PROBLEMS, Severity.INFO, None, output, second_looks)
    chosen = io.StringIO()
    lint.run([str(path)], options, chosen, io.StringIO())
    monkeypatch.setattr(lint, "check_text", lambda text, **_: check_text(text, explain=True))
    every = io.StringIO()
    lint.run([str(path)], options, every, io.StringIO())
    assert chosen.getvalue() == every.getvalue()


@pytest.mark.parametrize("second_looks", [True, False])
def test_a_check_asked_for_some_findings_makes_those_of_the_whole_check(second_looks):
    """lint asks only for the categories it shows (by default not the learning signals) and for second looks
    only where it shows them: those findings, their confidence and the words that weighed most with them are
    what the whole check gives, and its rates of those categories too."""
    text = review_text(60_000)
    asked = {Category.COUNTERFACTUAL, Category.JUDGEMENTAL}
    chosen = check_text(text, explain=True, categories=asked, second_looks=second_looks)
    whole = check_text(text, explain=True)
    expected = [f for f in whole.findings if f.category in asked and (second_looks or not f.second_look)]
    assert list(chosen.findings) == expected
    assert any(f.rule_id.startswith("model.") and f.weighed for f in expected)
    assert any(f.second_look for f in whole.findings if f.category in asked)
    assert chosen.rates == {category: whole.rates[category] for category in asked}
    assert chosen.verdict is None


def test_a_short_text_checked_for_every_category_without_second_looks_has_the_same_verdict():
    text = "The review is for learning, not blame. The GP should have referred sooner."
    assert check_text(text, second_looks=False).verdict == check_text(text).verdict


def test_a_file_that_cannot_be_opened_is_one_line_and_exit_2(tmp_path, monkeypatch):
    path = tmp_path / "letter.txt"
    path.write_text("The GP failed to refer.\n", encoding="utf-8")

    def refused(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(type(path), "read_bytes", refused)
    out, err = io.StringIO(), io.StringIO()
    status = lint.run([str(path)], lint.Options(PROBLEMS, Severity.INFO, None, "text"), out, err)
    assert status == lint.EXIT_USAGE
    assert err.getvalue() == f"{path}: cannot check: the file cannot be opened (Permission denied)\n"
    assert out.getvalue() == "0 files checked, 0 findings, 1 could not be checked\n"


def test_a_name_that_is_neither_file_nor_folder_is_not_said_missing(tmp_path):
    pipe = tmp_path / "letter.txt"
    os.mkfifo(pipe)
    err = io.StringIO()
    status = lint.run([str(pipe)], lint.Options(PROBLEMS, Severity.INFO, None, "text"), io.StringIO(), err)
    assert status == lint.EXIT_USAGE
    assert err.getvalue() == f"{pipe}: cannot check: this is not a file or a folder\n"
