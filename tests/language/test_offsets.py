"""Positions are right in the text as the user has it: Windows line endings, accents, typographic quotes,
on Hyperscan and on the portable fallback alike."""

import pytest

from casereview.language import check_text, shipped_rules

TEXT = (
    "Café staff met the family.\r\n"
    "Zoë’s social worker failed to visit.\r\n"
    "\r\n"
    "It was “red flags” to them — the GP should have known.\r\n"
)


@pytest.fixture(params=[True, False], ids=["hyperscan", "re"])
def rules(request):
    rules = shipped_rules(prefer_hyperscan=request.param)
    if request.param and rules.matcher.engine != "hyperscan":
        pytest.skip("hyperscan is not installed on this platform")
    return rules


def test_offsets_lines_and_columns(rules):
    findings = check_text(TEXT, rules).findings
    failed = next(f for f in findings if f.rule_id == "failed-to")
    assert TEXT[failed.start : failed.end] == "failed to"
    assert (failed.line, failed.column) == (2, 21)
    known = next(f for f in findings if f.rule_id == "should-have-known")
    assert TEXT[known.start : known.end] == "should have known"
    assert (known.line, known.column) == (4, 37)
    quoted = next(f for f in findings if f.matched == "red flags")
    assert quoted.quoted and (quoted.line, quoted.column) == (4, 9)


def test_both_engines_find_the_same():
    fast_rules = shipped_rules()
    if fast_rules.matcher.engine != "hyperscan":
        pytest.skip("hyperscan is not installed on this platform, so there is only one engine to compare")
    text = TEXT * 20 + "Agencies should ensure staff do not fail to record. It was clearly a missed opportunity."
    fast = [(f.rule_id, f.start, f.end) for f in check_text(text, fast_rules).findings]
    portable = [(f.rule_id, f.start, f.end) for f in check_text(text, shipped_rules(prefer_hyperscan=False)).findings]
    assert fast == portable


def test_an_empty_text_has_no_findings():
    report = check_text("")
    assert report.findings == () and report.words == 0


def test_a_lone_surrogate_is_read_past_and_the_places_after_it_hold():
    # UTF-8 cannot hold one; a text handed to the checker from elsewhere than a file may, so it is no error
    text = "The visit was late \ud800. The social worker should have known. It was a missed opportunity."
    findings = check_text(text).findings
    assert {text[f.start : f.end] for f in findings} >= {"should have known", "missed opportunity"}
