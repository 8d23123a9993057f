"""Each category's rules on wording they should and should not flag, including the exceptions a careful
reviewer makes. The rules alone: the sentence model's part is in test_sentence_model.py."""

import pytest

from casereview.language import Category, Strength, check_text


def categories(text: str) -> set[str]:
    return {f.category.value for f in check_text(text, model=False).findings if not f.quoted}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The social worker should have visited again.", {"counterfactual"}),
        ("The GP failed to share the letter.", {"counterfactual"}),
        ("It was a missed opportunity.", {"counterfactual"}),
        ("Had the nurse checked the record, she would have seen it.", {"counterfactual"}),
        ("It was obvious that the baby was at risk.", {"hindsight"}),
        ("The warning signs were missed.", {"hindsight"}),
        ("The GP should have known.", {"hindsight"}),
        ("This was poor practice.", {"judgemental"}),
        ("Her assessment was inadequate.", {"judgemental"}),
        ("The officer was negligent.", {"judgemental"}),
        ("The manager is to blame.", {"blame"}),
        ("The health visitor's mistakes caused the harm.", {"blame"}),
        ("The review is for organisational learning and improvement.", {"learning"}),
    ],
)
def test_each_category_flags_its_wording(text, expected):
    assert categories(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Agencies should ensure that staff do not fail to record the child's views.",  # recommendation
        "This is not to say that staff failed to care.",  # negation
        "The records system failed to send the alert.",  # equipment
        "There was an inadequate number of health visitors.",  # judgement aimed at a resource
        "The plan was clearly explained to the family.",  # manner, not hindsight
        "The health visitor weighed the baby on 3 March.",  # plain description
        "The injuries were caused by the mother's partner.",  # a fact of the case, not blame
    ],
)
def test_a_careful_reviewer_would_not_flag(text):
    assert categories(text) - {"learning"} == set()


def test_forms_of_a_word_case_line_breaks_and_curly_quotes_all_match():
    assert categories("The team FAILING\nto act.") == {"counterfactual"}
    assert categories("It was the school’s fault.") == {"blame"}


def test_quoted_words_are_reported_as_quoted_not_as_the_authors():
    report = check_text("The father said the review would find that “the social worker was to blame”.")
    [finding] = [f for f in report.findings if f.category is Category.BLAME]
    assert finding.quoted and not finding.is_problem
    assert report.rates[Category.BLAME] == 0


def test_saying_the_review_is_not_to_apportion_blame_is_a_learning_signal():
    report = check_text("This review is not designed to apportion blame.")
    assert [f.category for f in report.findings] == [Category.LEARNING]


def test_same_words_are_reported_once_under_the_sharper_category():
    report = check_text("Practitioners should have recognised the pattern.", model=False)
    assert [f.category for f in report.findings] == [Category.HINDSIGHT]


def test_a_broader_match_running_beyond_the_sharper_one_is_reported_too():
    report = check_text("Her death could clearly have been prevented.", model=False)
    assert {f.category for f in report.findings} == {Category.COUNTERFACTUAL, Category.HINDSIGHT}


def test_every_finding_explains_itself_and_suggests_a_reframe():
    [finding] = check_text("The GP failed to refer.").findings
    assert finding.message and finding.explanation and finding.suggestion
    assert "Dekker" in finding.source
    assert finding.sentence == "The GP failed to refer."


def test_a_strong_purpose_statement():
    report = check_text(
        "The purpose of this review is organisational learning and improvement. It is not designed to "
        "apportion blame. We want to understand what happened and why, and practitioners who take part "
        "will be supported."
    )
    assert report.verdict.strength is Strength.STRONG
    assert "says the review is for learning and improvement" in report.verdict.explanation


def test_a_weak_letter_says_what_is_missing():
    report = check_text(
        "The review will establish who failed to protect Child H and why the warning signs were missed."
    )
    verdict = report.verdict
    assert verdict.strength is Strength.WEAK
    assert "It does not yet say what the review is for." in verdict.explanation
    assert "say plainly that the review is for organisational learning and improvement" in verdict.explanation
    assert "2 wording problems" in verdict.explanation


def test_an_adequate_statement_states_the_purpose_but_not_everything():
    report = check_text("This review is for learning and improvement. It will look at what happened and why.")
    assert report.verdict.strength is Strength.ADEQUATE


def test_long_texts_get_rates_but_no_verdict():
    report = check_text("The GP failed to refer. " * 400)
    assert report.verdict is None
    assert report.rates[Category.COUNTERFACTUAL] == pytest.approx(1000 * 400 / 2000)


@pytest.mark.parametrize(
    "text",
    [
        "Trust suffers when practitioners seem not to learn from cases where children are harmed.",
        "The data show that many councils are failing to learn fast enough from the most serious cases.",
        "Lessons from earlier reviews were not being spread beyond their areas.",
        "At the last inspection we told the operator to improve the service's safety.",
        "An MP asked why no one had looked into the bruising on the boy's shoulders.",
    ],
)
def test_learning_that_is_missing_or_demanded_of_others_is_no_learning_signal(text):
    rules = [f.rule_id for f in check_text(text, model=False).findings if f.category is Category.LEARNING]
    assert rules == [], text


@pytest.mark.parametrize(
    "text",
    [
        "The purpose of the review is to learn how services can improve, not to blame anyone.",
        "The review is not about blame but to learn from what happened.",
        "Agencies want to make sure that this never happens again.",
        "We will ask the practitioners involved to help us understand why things happened as they did.",
    ],
)
def test_a_learning_purpose_next_to_a_negation_is_still_a_learning_signal(text):
    rules = [f.rule_id for f in check_text(text, model=False).findings if f.category is Category.LEARNING]
    assert rules, text


def test_learn_meaning_find_out_is_no_learning_signal():
    text = "It hurts all the more to learn that there were chances to prevent it."
    assert not [f for f in check_text(text, model=False).findings if f.category is Category.LEARNING]
