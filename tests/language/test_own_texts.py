"""casereview does not contradict itself: the texts it drafts and the advice it gives pass its own check.

The suggested purpose statement, every briefing letter and the suggested learning framework have no
problem and a strong verdict; each piece of advice the verdict gives, typed in as it stands, shows the
signal it asks for. Also the bugs found on real review text, each at the smallest input that shows it.
"""

import pytest

from casereview.language import Category, Signal, Strength, check_text
from casereview.language.check import _SIGNAL_WORDS


def assert_strong_without_problems(text: str) -> None:
    report = check_text(text)
    assert report.problems == (), [(f.rule_id, f.sentence) for f in report.problems]
    assert report.verdict.strength is Strength.STRONG, report.verdict.explanation


@pytest.mark.django_db
def test_the_suggested_statement_letters_and_learning_framework_pass_their_own_check(reviews):
    from casereview.workspace.learning.models import LearningFramework
    from casereview.workspace.learning.services import suggested_principles
    from casereview.workspace.purpose.letters import Audience, draft_letter
    from casereview.workspace.purpose.models import PurposeStatement
    from casereview.workspace.purpose.services import review_name, suggested_statement

    for review in reviews.values():
        statement = PurposeStatement(review=review, text=suggested_statement(review))
        assert_strong_without_problems(statement.text)
        principles = suggested_principles(review.partnership)
        assert_strong_without_problems(principles)
        framework = LearningFramework(
            partnership=review.partnership, principles=principles, causation_model_id="learning-together"
        )
        for audience in Audience:
            letter = draft_letter(
                review,
                audience,
                statement,
                [],
                framework,
                review_name=review_name(review),
                contact="Amina Shah, business manager, North Partnership",
            )
            assert_strong_without_problems(letter.text)


@pytest.mark.parametrize("signal", list(Signal))
def test_each_piece_of_advice_typed_in_shows_the_signal_it_asks_for(signal):
    advice = _SIGNAL_WORDS[signal][1]
    sentence = advice[0].upper() + advice[1:] + "."
    signals = {f.signal for f in check_text(sentence).findings if not f.second_look and not f.quoted}
    assert signal in signals, sentence


def test_it_failing_to_provide_care_is_not_taken_for_information_technology():
    [finding] = check_text("It failed to provide the best possible care.", model=False).findings
    assert finding.rule_id == "failed-to"
    assert check_text("The IT system failed to send the alert.", model=False).findings == ()


def test_straight_single_quotes_mark_a_quotation_but_apostrophes_do_not():
    [quoted] = check_text("The report's phrase 'the social worker was to blame' upset staff.", model=False).findings
    assert quoted.category is Category.BLAME and quoted.quoted
    [own] = check_text("The parents' house was cold and the child's GP failed to refer.", model=False).findings
    assert own.rule_id == "failed-to" and not own.quoted


def test_being_told_something_does_not_make_what_follows_reported_speech():
    [finding] = check_text(
        "The mother was told about the plan but the social worker did not ask about the father.", model=False
    ).findings
    assert finding.rule_id == "did-not" and not finding.quoted
    [reported] = check_text("The mother told the panel that the social worker did not ask.", model=False).findings
    assert reported.quoted


def test_poor_record_keeping_gets_its_own_rules_message_not_the_bare_words():
    [finding] = check_text("There was poor record keeping.", model=False).findings
    assert finding.rule_id == "poor-practice" and finding.matched == "poor record keeping"


def test_no_reframe_the_checker_suggests_is_itself_a_problem():
    """Each rule's and each model category's suggested rewording, typed in as it stands, gives no problem:
    advice that the checker would flag would teach the wrong thing."""
    from casereview.language import shipped_rules
    from casereview.language.loader import shipped_explained

    suggestions = {c.rule.id: c.rule.suggestion for c in shipped_rules().rules if c.category.is_problem}
    suggestions |= {f"model.{c.value}": about.suggestion for c, about in shipped_explained().items() if c.is_problem}
    assert len(suggestions) > 20
    flagged = {rule: [f.matched for f in check_text(text).problems] for rule, text in suggestions.items()}
    assert {rule: found for rule, found in flagged.items() if found} == {}


@pytest.mark.parametrize(
    "text",
    [
        "Her self-care and hygiene were poor and her home was dirty and neglected.",
        "The service was evaluated as 'inadequate' by Ofsted.",
        "The home had been rated inadequate at its last inspection.",
        "There was insufficient senior management oversight.",
        "Reviews should have a stronger focus on neglect.",
        "Staff should have alerts on the system when a child is subject to a plan.",
        "Babies who cannot yet roll should not have bruises unless there is a clear explanation.",
        "Every team should have its own duty rota.",
    ],
)
def test_person_descriptions_grades_organisational_findings_and_possession_are_not_problems(text):
    assert check_text(text, model=False).problems == ()


@pytest.mark.parametrize(
    "text",
    [
        "The social worker should have perhaps visited sooner.",
        "Staff should have always checked the records.",
        "The health visitor should have discussed the bruise with the GP.",
        "The GP should have his concerns recorded before the visit ended.",
    ],
)
def test_should_have_before_a_deed_stays_counterfactual(text):
    assert [f.rule_id for f in check_text(text, model=False).problems] == ["should-have"]


def test_a_summary_gives_the_partnerships_explanation_as_its_signal_and_a_members_question_as_reported():
    summary = (
        "The business manager explained that the review is for organisational learning and is not about "
        "blame. A member asked whether the health visitor should have referred sooner."
    )
    findings = check_text(summary, model=False).findings
    signals = {f.signal for f in findings if f.signal and not f.quoted}
    assert {Signal.PURPOSE, Signal.NOT_BLAME} <= signals
    [question] = [f for f in findings if f.rule_id == "should-have"]
    assert question.quoted and not question.is_problem


@pytest.mark.parametrize(
    "text",
    [
        "Culpability is considered only for reckless or malicious acts.",
        "Under a just culture, individuals are held to account only for reckless or malicious acts.",
        "Staff are held accountable only where an act was reckless.",
    ],
)
def test_a_just_culture_definition_is_neither_a_judgement_nor_blame(text):
    findings = check_text(text).findings
    graded = [f for f in findings if f.category in (Category.JUDGEMENTAL, Category.BLAME)]
    assert graded == [], [(f.rule_id, f.matched) for f in graded]
    assert check_text(text).problems == ()
    # the same word aimed at someone's work still is
    assert check_text("The nurse was reckless with the medication.").problems


def test_the_systems_explanation_itself_is_not_a_judgement_but_a_graded_piece_of_work_is():
    text = "Poor care does not arise in a vacuum; it grows where staff are under pressure."
    report = check_text(text, model=False)
    assert report.problems == ()
    assert Signal.SYSTEM in {f.signal for f in report.findings}
    assert check_text("The ward gave poor care to her.", model=False).problems


def test_the_advice_to_say_how_things_looked_at_the_time_typed_in_is_the_signal_it_asks_for():
    report = check_text("The review will try to understand how things looked at the time.")
    assert Signal.LOCAL_RATIONALITY in {f.signal for f in report.findings if not f.second_look and not f.quoted}
    assert report.problems == ()
