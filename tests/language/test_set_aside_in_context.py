"""Wording a careful reviewer sets aside by what stands around it: a review saying what it will not decide,
and equipment failing named after the word "failure". The near misses beside them (a practitioner's
omission, a person's failures) stay findings. Sentences written for this test."""

import pytest

from casereview.language import Category, check_text


def rule_categories(text: str) -> set[str]:
    return {finding.category.value for finding in check_text(text, model=False).findings}


def problem_categories(text: str) -> set[str]:
    return {finding.category.value for finding in check_text(text).findings if finding.is_problem}


@pytest.mark.parametrize(
    "text",
    [
        "The review will not decide whether anyone was culpable.",
        "The review will not decide whether any individual was to blame.",
        "The panel will not judge whether any agency was at fault for the death.",
        "We will not make findings on whether any professional or agency was culpable.",
        "The review won't be deciding whether anyone was culpable.",
        "Nor will the review consider whether any practitioner was to blame.",
        "The review will not determine whether staff failed to act.",
    ],
)
def test_a_review_saying_what_it_will_not_decide_is_not_blame(text):
    assert rule_categories(text) - {"learning"} == set()
    assert problem_categories(text) - {"learning"} == set()


def test_a_review_that_will_not_determine_who_was_to_blame_says_it_is_not_about_blame():
    report = check_text("The review will not determine who was to blame.")
    assert {(f.category, f.is_problem) for f in report.findings} == {(Category.LEARNING, False)}
    assert report.findings[0].rule_id == "not-blame"


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("The social worker did not establish whether the mother failed to attend.", "counterfactual"),
        ("The social worker did not establish whether the child was safe and did not listen to her.", "counterfactual"),
        ("The social worker did not establish whether the child was safe and failed to visit.", "counterfactual"),
        ("The review will decide whether anyone was culpable.", "blame"),
    ],
)
def test_a_practitioners_omission_next_to_the_same_words_stays_a_finding(text, category):
    assert category in rule_categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "Failures of the alarm system meant nobody came.",
        "There were repeated failures of the alarm system.",
        "The failure of the records system to send the alert delayed the visit.",
        "The failure of the electronic records system to send the alert delayed the visit.",
        "The failure of the phone line to connect meant the call was lost.",
    ],
)
def test_equipment_named_after_the_failure_is_equipment_failing(text):
    assert rule_categories(text) - {"learning"} == set()
    assert problem_categories(text) - {"learning"} == set()


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Failures of the social worker meant the child was not seen.", "blame"),
        ("Failures by the IT team meant nobody came.", "blame"),
        ("The failure of the social worker to visit was not explained.", "counterfactual"),
        ("There were repeated failures of the social worker.", "judgemental"),
        ("There were significant failures in our child protection system.", "judgemental"),
        ("Repeated failures of the alarm system, the police and the council were found.", "judgemental"),
        ("Failures of the IT department caused the death of Child H.", "blame"),
        ("Failures of the alarm system engineer caused the death.", "blame"),
        ("Failures by the records system supplier caused the death.", "blame"),
    ],
)
def test_a_person_agency_or_the_organisations_system_named_after_the_failure_stays_a_finding(text, category):
    assert category in rule_categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "Last night the BBC aired a shocking documentary filmed inside the unit.",
        "It was a shocking report to read.",
        "Inspectors rated the council's help for children leaving its care as inadequate.",
        "In June the CQC downgraded maternity services at the trust to 'inadequate'.",
        "The director left after a series of poor Ofsted reports.",
    ],
)
def test_the_telling_of_harm_and_a_grade_reported_are_no_judgement_on_practice(text):
    assert "judgemental" not in rule_categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "The care she received on the ward was shocking.",
        "The council's help for children in care and care leavers was inadequate and late.",
        "The health visitor's report on the family was poor.",
    ],
)
def test_practice_called_shocking_inadequate_or_poor_stays_a_judgement(text):
    assert "judgemental" in rule_categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "She died from multiple organ failure caused by a rare infection.",
        "His kidneys failed to recover after the operation.",
    ],
)
def test_the_body_failing_is_no_failure_of_practice(text):
    assert rule_categories(text) & {"blame", "counterfactual"} == set()


@pytest.mark.parametrize(
    "text",
    [
        "A boy who should have had his whole life ahead of him.",
        "His killers should have received harsher sentences, the family said.",
    ],
)
def test_the_life_a_child_was_owed_or_a_killers_sentence_is_no_counterfactual_of_practice(text):
    assert "counterfactual" not in rule_categories(text)


def test_what_a_practitioner_should_have_had_or_received_stays_a_counterfactual():
    assert "counterfactual" in rule_categories("The social worker should have had a strategy meeting.")
    assert "counterfactual" in rule_categories("The GP should have received the letter sooner.")
